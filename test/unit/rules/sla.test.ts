import { describe, expect, it } from 'vitest';
import type { DeadlineKind, DeadlineRecord, NewDeadline, PolicySnapshot } from '../../../src/core/domain/case.ts';
import { ZSettings } from '../../../src/core/domain/settings.ts';
import {
  NAGGED_KINDS,
  OVERDUE_KINDS,
  STEP_COMPLETES,
  compliance,
  deadlinesOnReceipt,
  finishDeadline,
  firstStage,
  isBreached,
  isOverdue,
  nextStage,
  repeatNumber,
  snapshotPolicy,
} from '../../../src/core/rules/sla.ts';

// Fixed instants only: 09:00 Asia/Shanghai on 2026-12-01 is 01:00 UTC.
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = new Date('2026-12-01T01:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MIN);

const DEFAULTS = snapshotPolicy(ZSettings.parse({}));

function receipt(over: Partial<Parameters<typeof deadlinesOnReceipt>[0]> = {}): NewDeadline[] {
  return deadlinesOnReceipt({
    caseId: 7,
    generation: 0,
    at: T0,
    policy: DEFAULTS,
    walkInAtOutlet: false,
    lossReport: false,
    afterTransfer: false,
    ...over,
  });
}
const byKind = (ds: NewDeadline[], k: DeadlineKind): NewDeadline => {
  const d = ds.find((x) => x.kind === k);
  if (!d) throw new Error(`no ${k} deadline in ${ds.map((x) => x.kind).join(',')}`);
  return d;
};

type Dl = Pick<DeadlineRecord, 'kind' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>;
const dl = (over: Partial<Dl> = {}): Dl => ({
  kind: 'onsite',
  dueAt: at(60),
  completedAt: null,
  state: 'pending',
  breachedAt: null,
  ...over,
});

describe('snapshotPolicy (§五 windows are settings, frozen onto the case)', () => {
  it('§五: the default policy is on site 1 h, reply 4 h, report 8 h, transfer 1 h, start 2 h', () => {
    expect(DEFAULTS.windows).toEqual({ onsite: 60, reply: 240, report: 480, transfer: 60, start: 120, contact: 30 });
  });

  it('§五 / §四(三)3: defaults are reminder at 80 %, repeat every 30 min at most 4 times, oral loss report 4/5 days', () => {
    expect(DEFAULTS).toMatchObject({
      reminderFraction: 0.8,
      repeatEveryMinutes: 30,
      repeatMax: 4,
      oralLossReportRemindDays: 4,
      oralLossReportDays: 5,
    });
  });

  it('§五: the policy takes the roster settings, not literals', () => {
    const p = snapshotPolicy(
      ZSettings.parse({
        sla: { onsite: 30, reply: 120, report: 300, transfer: 45, start: 90 },
        oral_loss_report_days: 3,
        oral_loss_report_remind_days: 2,
        reminder_fraction: 0.5,
        repeat_every_minutes: 15,
        repeat_max: 2,
      }),
    );
    expect(p).toEqual({
      windows: { onsite: 30, reply: 120, report: 300, transfer: 45, start: 90, contact: 30 },
      oralLossReportDays: 3,
      oralLossReportRemindDays: 2,
      reminderFraction: 0.5,
      repeatEveryMinutes: 15,
      repeatMax: 2,
      generalOneWorkingDay: true,
    });
  });

  it('§五: a later edit of the settings does not change a snapshot already taken', () => {
    const s = ZSettings.parse({});
    const p = snapshotPolicy(s);
    s.sla.onsite = 5;
    expect(p.windows.onsite).toBe(60);
  });
});

describe('NAGGED_KINDS / OVERDUE_KINDS / isOverdue (§五, §7)', () => {
  it('§五: on site, reply, report and start are nagged (§15.1 contact, §16.3 a promise too); transfer and the oral loss report are not', () => {
    expect([...NAGGED_KINDS].sort()).toEqual(['contact', 'onsite', 'promise', 'reply', 'report', 'start']);
    expect(NAGGED_KINDS).not.toContain('transfer');
    expect(NAGGED_KINDS).not.toContain('oral_loss_report');
  });

  it('§7: the overdue kinds are the nagged kinds', () => {
    expect([...OVERDUE_KINDS].sort()).toEqual(['contact', 'onsite', 'promise', 'reply', 'report', 'start']);
  });

  it.each(['onsite', 'reply', 'report', 'start'] as const)('§五: a pending %s deadline past its time is overdue', (kind) => {
    expect(isOverdue({ kind, state: 'pending', dueAt: at(60) }, at(61))).toBe(true);
  });

  it.each(['transfer', 'oral_loss_report'] as const)('§五: a pending %s deadline past its time is never overdue', (kind) => {
    expect(isOverdue({ kind, state: 'pending', dueAt: at(60) }, at(600))).toBe(false);
  });

  it('§五: exactly at the deadline a step is not yet overdue', () => {
    expect(isOverdue({ kind: 'reply', state: 'pending', dueAt: at(240) }, at(240))).toBe(false);
  });

  it('§五: a done or cancelled deadline is not overdue, however late it is', () => {
    expect(isOverdue({ kind: 'reply', state: 'done', dueAt: at(240) }, at(600))).toBe(false);
    expect(isOverdue({ kind: 'reply', state: 'cancelled', dueAt: at(240) }, at(600))).toBe(false);
  });
});

describe('deadlinesOnReceipt (§五)', () => {
  it('§五: a case received at a level gets on site 1 h, reply 4 h, report 8 h and transfer 1 h from receipt', () => {
    const ds = receipt();
    expect(ds.map((d) => d.kind)).toEqual(['onsite', 'reply', 'report', 'transfer']);
    expect(byKind(ds, 'onsite').dueAt).toEqual(at(60));
    expect(byKind(ds, 'reply').dueAt).toEqual(at(240));
    expect(byKind(ds, 'report').dueAt).toEqual(at(480));
    expect(byKind(ds, 'transfer').dueAt).toEqual(at(60));
    for (const d of ds)
      expect(d).toMatchObject({
        caseId: 7,
        generation: 0,
        startAt: T0,
        state: 'pending',
        completedAt: null,
        breachedAt: null,
        repeatsSent: 0,
      });
  });

  it('§五: the windows come from the policy', () => {
    const p: PolicySnapshot = { ...DEFAULTS, windows: { onsite: 30, reply: 90, report: 200, transfer: 20, start: 45 } };
    const ds = deadlinesOnReceipt({
      caseId: 1,
      generation: 3,
      at: T0,
      policy: p,
      walkInAtOutlet: false,
      lossReport: false,
      afterTransfer: true,
    });
    expect(Object.fromEntries(ds.map((d) => [d.kind, (d.dueAt.getTime() - T0.getTime()) / MIN]))).toEqual({
      onsite: 30,
      reply: 90,
      report: 200,
      transfer: 20,
      start: 45,
    });
    expect(ds.every((d) => d.generation === 3)).toBe(true);
  });

  it('§五: a walk-in at an outlet is on site at once (done at receipt, never nagged)', () => {
    const onsite = byKind(receipt({ walkInAtOutlet: true }), 'onsite');
    expect(onsite).toMatchObject({ state: 'done', completedAt: T0, nextStage: null, nextFireAt: null });
    expect(compliance(onsite, at(1))).toBe('on_time');
    expect(isBreached(onsite, at(600))).toBe(false);
  });

  it('§五: any other intake leaves on site pending with its reminder planned', () => {
    const onsite = byKind(receipt({ walkInAtOutlet: false }), 'onsite');
    expect(onsite).toMatchObject({ state: 'pending', completedAt: null, nextStage: 'reminder', nextFireAt: at(48) });
  });

  it('§五: the walk-in shortcut only touches on site: reply and report still run', () => {
    const ds = receipt({ walkInAtOutlet: true });
    expect(byKind(ds, 'reply').state).toBe('pending');
    expect(byKind(ds, 'report').state).toBe('pending');
  });

  it('§五: there is no start deadline without a transfer', () => {
    expect(receipt({ afterTransfer: false }).some((d) => d.kind === 'start')).toBe(false);
  });

  it('§五: after a transfer the receiving unit starts within 2 h, and on site/reply/report restart at the new level', () => {
    const moved = at(90);
    const ds = deadlinesOnReceipt({
      caseId: 7,
      generation: 1,
      at: moved,
      policy: DEFAULTS,
      walkInAtOutlet: false,
      lossReport: false,
      afterTransfer: true,
    });
    const start = byKind(ds, 'start');
    expect(start).toMatchObject({ state: 'pending', startAt: moved, dueAt: new Date(moved.getTime() + 120 * MIN), nextStage: 'reminder' });
    expect(byKind(ds, 'onsite').dueAt).toEqual(new Date(moved.getTime() + 60 * MIN));
    expect(byKind(ds, 'reply').dueAt).toEqual(new Date(moved.getTime() + 240 * MIN));
    expect(byKind(ds, 'report').dueAt).toEqual(new Date(moved.getTime() + 480 * MIN));
  });

  it('§五: the transfer deadline is measured, never nagged (no stage planned)', () => {
    expect(byKind(receipt(), 'transfer')).toMatchObject({ state: 'pending', nextStage: null, nextFireAt: null });
  });

  it('§四(三)3: no oral loss report deadline unless the case is one', () => {
    expect(receipt({ lossReport: false }).some((d) => d.kind === 'oral_loss_report')).toBe(false);
  });

  it('§四(三)3: an oral loss report reminds the owner 4 days after receipt and expires after 5', () => {
    const d = byKind(receipt({ lossReport: true }), 'oral_loss_report');
    expect(d.dueAt).toEqual(new Date(T0.getTime() + 5 * DAY));
    expect(d).toMatchObject({ state: 'pending', nextStage: 'reminder', nextFireAt: new Date(T0.getTime() + 4 * DAY) });
    expect(nextStage(d, 'reminder', DEFAULTS)).toEqual({ stage: 'expiry', fireAt: new Date(T0.getTime() + 5 * DAY) });
    expect(nextStage(d, 'expiry', DEFAULTS)).toBeNull();
  });

  it('§四(三)3: the oral loss report days are policy values (remind after 2, expire after 3)', () => {
    const p = snapshotPolicy(ZSettings.parse({ oral_loss_report_days: 3, oral_loss_report_remind_days: 2 }));
    const d = byKind(
      deadlinesOnReceipt({ caseId: 7, generation: 0, at: T0, policy: p, walkInAtOutlet: false, lossReport: true, afterTransfer: false }),
      'oral_loss_report',
    );
    expect(d.dueAt).toEqual(new Date(T0.getTime() + 3 * DAY));
    expect(d.nextFireAt).toEqual(new Date(T0.getTime() + 2 * DAY));
    expect(nextStage(d, 'reminder', p)).toEqual({ stage: 'expiry', fireAt: new Date(T0.getTime() + 3 * DAY) });
  });
});

describe('firstStage / nextStage / repeatNumber (§五 nagging)', () => {
  it.each([
    ['onsite', 60, 48],
    ['reply', 240, 192],
    ['report', 480, 384],
    ['start', 120, 96],
  ] as const)('§五: reminder at 80 %% of the window (%s: %i min → %i min)', (kind, window, remind) => {
    expect(firstStage({ kind, startAt: T0, dueAt: at(window) }, DEFAULTS)).toEqual({ stage: 'reminder', fireAt: at(remind) });
  });

  it('§五: the reminder follows the policy reminderFraction (50 % of 1 h → 30 min)', () => {
    expect(firstStage({ kind: 'onsite', startAt: T0, dueAt: at(60) }, { ...DEFAULTS, reminderFraction: 0.5 })).toEqual({
      stage: 'reminder',
      fireAt: at(30),
    });
  });

  it('§五: the transfer deadline has no first stage (only a person knows when a unit cannot solve a case)', () => {
    expect(firstStage({ kind: 'transfer', startAt: T0, dueAt: at(60) }, DEFAULTS)).toBeNull();
  });

  it('§四(三)3: the oral loss report reminder is counted in days from receipt, not as a fraction', () => {
    expect(
      firstStage(
        { kind: 'oral_loss_report', startAt: T0, dueAt: new Date(T0.getTime() + 5 * DAY) },
        { ...DEFAULTS, reminderFraction: 0.5 },
      ),
    ).toEqual({
      stage: 'reminder',
      fireAt: new Date(T0.getTime() + 4 * DAY),
    });
  });

  it('§五: a breach notice at the deadline, after the reminder', () => {
    expect(nextStage({ kind: 'reply', dueAt: at(240) }, 'reminder', DEFAULTS)).toEqual({ stage: 'breach', fireAt: at(240) });
  });

  it('§五: while breached, a repeat every 30 minutes, at most 4, then nothing', () => {
    const d = { kind: 'onsite' as const, dueAt: at(60) };
    expect(nextStage(d, 'breach', DEFAULTS)).toEqual({ stage: 'repeat1', fireAt: at(90) });
    expect(nextStage(d, 'repeat1', DEFAULTS)).toEqual({ stage: 'repeat2', fireAt: at(120) });
    expect(nextStage(d, 'repeat2', DEFAULTS)).toEqual({ stage: 'repeat3', fireAt: at(150) });
    expect(nextStage(d, 'repeat3', DEFAULTS)).toEqual({ stage: 'repeat4', fireAt: at(180) });
    expect(nextStage(d, 'repeat4', DEFAULTS)).toBeNull();
  });

  it('§五: repeatEveryMinutes and repeatMax are policy values (every 15 min, 2 repeats)', () => {
    const p = { ...DEFAULTS, repeatEveryMinutes: 15, repeatMax: 2 };
    const d = { kind: 'start' as const, dueAt: at(120) };
    expect(nextStage(d, 'breach', p)).toEqual({ stage: 'repeat1', fireAt: at(135) });
    expect(nextStage(d, 'repeat1', p)).toEqual({ stage: 'repeat2', fireAt: at(150) });
    expect(nextStage(d, 'repeat2', p)).toBeNull();
  });

  it('§五: with repeatMax 0 the breach notice is the last word', () => {
    expect(nextStage({ kind: 'report', dueAt: at(480) }, 'breach', { ...DEFAULTS, repeatMax: 0 })).toBeNull();
  });

  it('§五: walking the stages from the first gives reminder, breach and exactly repeatMax repeats', () => {
    const d = { kind: 'reply' as const, startAt: T0, dueAt: at(240) };
    const stages: string[] = [];
    for (let s = firstStage(d, DEFAULTS); s; s = nextStage(d, s.stage, DEFAULTS)) stages.push(s.stage);
    expect(stages).toEqual(['reminder', 'breach', 'repeat1', 'repeat2', 'repeat3', 'repeat4']);
  });

  it('§五: repeatNumber reads the repeat count (0 for reminder and breach)', () => {
    expect(repeatNumber('repeat1')).toBe(1);
    expect(repeatNumber('repeat3')).toBe(3);
    expect(repeatNumber('repeat12')).toBe(12);
    expect(repeatNumber('breach')).toBe(0);
    expect(repeatNumber('reminder')).toBe(0);
  });
});

describe('STEP_COMPLETES (§3: steps may be skipped forward)', () => {
  // §15.1: every later step also completes a handed-off case's `contact` deadline
  it('§五: arriving completes on site only (and §15.1 contact)', () => {
    expect([...STEP_COMPLETES.arrive].sort()).toEqual(['contact', 'onsite']);
  });
  it('§五: replying completes on site and reply (and §15.1 contact)', () => {
    expect([...STEP_COMPLETES.reply].sort()).toEqual(['contact', 'onsite', 'reply']);
  });
  it('§五: reporting completes on site, reply and report (and §15.1 contact)', () => {
    expect([...STEP_COMPLETES.report].sort()).toEqual(['contact', 'onsite', 'reply', 'report']);
  });
  it('§五: starting completes the start deadline only', () => {
    expect(STEP_COMPLETES.start).toEqual(['start']);
  });
  it('§五: no step completes the transfer or oral loss report deadline', () => {
    for (const kinds of Object.values(STEP_COMPLETES)) {
      expect(kinds).not.toContain('transfer');
      expect(kinds).not.toContain('oral_loss_report');
    }
  });
});

describe('finishDeadline (§五: completing the step stops that deadline; resolving stops all)', () => {
  it('§五: done in time stops the nagging, stamps completedAt and no breach', () => {
    expect(finishDeadline({ dueAt: at(60), breachedAt: null }, 'done', at(45))).toEqual({
      state: 'done',
      completedAt: at(45),
      nextStage: null,
      nextFireAt: null,
      breachedAt: null,
    });
  });

  it('§五: done exactly at the deadline is in time', () => {
    expect(finishDeadline({ dueAt: at(60), breachedAt: null }, 'done', at(60)).breachedAt).toBeNull();
  });

  it('§7: done after the deadline keeps the moment it was breached (the due time)', () => {
    expect(finishDeadline({ dueAt: at(60), breachedAt: null }, 'done', at(75))).toMatchObject({
      state: 'done',
      completedAt: at(75),
      breachedAt: at(60),
    });
  });

  it('§五: cancelled in time carries no breach and no completedAt', () => {
    const p = finishDeadline({ dueAt: at(60), breachedAt: null }, 'cancelled', at(30));
    expect(p).toEqual({ state: 'cancelled', nextStage: null, nextFireAt: null, breachedAt: null });
    expect(p).not.toHaveProperty('completedAt');
  });

  it('§7: cancelled after the deadline (superseded by a transfer) keeps the breach', () => {
    expect(finishDeadline({ dueAt: at(60), breachedAt: null }, 'cancelled', at(90))).toMatchObject({
      state: 'cancelled',
      breachedAt: at(60),
    });
  });

  it('§7: an earlier recorded breach is kept, whichever way the deadline stops', () => {
    const earlier = at(55);
    expect(finishDeadline({ dueAt: at(60), breachedAt: earlier }, 'done', at(90)).breachedAt).toEqual(earlier);
    expect(finishDeadline({ dueAt: at(60), breachedAt: earlier }, 'cancelled', at(30)).breachedAt).toEqual(earlier);
  });
});

describe('compliance (§8: deadline compliance per kind)', () => {
  it('§五: completed by the deadline is on time (exactly at it too)', () => {
    expect(compliance(dl({ state: 'done', completedAt: at(59) }), at(600))).toBe('on_time');
    expect(compliance(dl({ state: 'done', completedAt: at(60) }), at(600))).toBe('on_time');
  });

  it('§五: completed after the deadline is late', () => {
    expect(compliance(dl({ state: 'done', completedAt: at(61) }), at(600))).toBe('late');
  });

  it('§五: not done and not yet due is open (also exactly at the deadline)', () => {
    expect(compliance(dl(), at(30))).toBe('open');
    expect(compliance(dl(), at(60))).toBe('open');
  });

  it('§五: not done and past due is overdue', () => {
    expect(compliance(dl(), at(61))).toBe('overdue');
  });

  it('§五: a cancelled deadline is void', () => {
    expect(compliance(dl({ state: 'cancelled', breachedAt: at(60) }), at(600))).toBe('void');
    expect(compliance(dl({ kind: 'transfer', state: 'cancelled' }), at(600))).toBe('void');
  });

  it('§8: as of a moment before the completion the deadline is judged as still pending', () => {
    const d = dl({ state: 'done', completedAt: at(90) });
    expect(compliance(d, at(30))).toBe('open');
    expect(compliance(d, at(70))).toBe('overdue');
    expect(compliance(d, at(90))).toBe('late');
  });
});

describe('isBreached (§7: any deadline breached makes a complaint)', () => {
  it.each(['onsite', 'reply', 'report', 'start'] as const)(
    '§五: %s pending past due is breached; done late too; done in time is not',
    (kind) => {
      expect(isBreached(dl({ kind }), at(61))).toBe(true);
      expect(isBreached(dl({ kind, state: 'done', completedAt: at(70) }), at(600))).toBe(true);
      expect(isBreached(dl({ kind, state: 'done', completedAt: at(50) }), at(600))).toBe(false);
      expect(isBreached(dl({ kind }), at(60))).toBe(false);
    },
  );

  it('§五: a transfer made late counts as a breach', () => {
    expect(isBreached(dl({ kind: 'transfer', state: 'done', completedAt: at(61) }), at(600))).toBe(true);
  });

  it('§五: a transfer made in time is not a breach', () => {
    expect(isBreached(dl({ kind: 'transfer', state: 'done', completedAt: at(60) }), at(600))).toBe(false);
  });

  it('§五: a pending transfer deadline past its hour is not a breach (only a late transfer is)', () => {
    expect(isBreached(dl({ kind: 'transfer' }), at(600))).toBe(false);
  });

  it('§五 / §四(三)3: an oral loss report lapsing is never a breach', () => {
    const due = new Date(T0.getTime() + 5 * DAY);
    expect(isBreached(dl({ kind: 'oral_loss_report', dueAt: due }), new Date(due.getTime() + DAY))).toBe(false);
    expect(
      isBreached(dl({ kind: 'oral_loss_report', dueAt: due, state: 'cancelled', breachedAt: due }), new Date(due.getTime() + DAY)),
    ).toBe(false);
  });

  it('§7: a cancelled deadline counts only when it carries breachedAt (at or before asOf)', () => {
    expect(isBreached(dl({ state: 'cancelled', breachedAt: null }), at(600))).toBe(false);
    expect(isBreached(dl({ state: 'cancelled', breachedAt: at(60) }), at(600))).toBe(true);
    expect(isBreached(dl({ state: 'cancelled', breachedAt: at(60) }), at(60))).toBe(true);
    expect(isBreached(dl({ state: 'cancelled', breachedAt: at(60) }), at(59))).toBe(false);
  });

  it('§7: a step missed before a transfer still counts after the transfer cancels it', () => {
    const d = dl({ kind: 'reply', dueAt: at(240) });
    const after = { ...d, ...finishDeadline(d, 'cancelled', at(300)) } as Dl;
    expect(isBreached(after, at(600))).toBe(true);
  });

  // DISCREPANCY with SPEC §5/§7 ("A late transfer counts as a breach for §7"; finishDeadline's own doc: cancelled
  // = "a transfer never needed"): resolve-case.ts cancels the pending transfer deadline when a case is resolved
  // without a transfer. If that happens more than 1 h after receipt, finishDeadline stamps breachedAt = dueAt and
  // isBreached counts the cancelled transfer deadline as breached, so a case resolved at the outlet in time but
  // after its first hour becomes a complaint. Passes once the rules agree (e.g. isBreached ignores a cancelled
  // transfer deadline, or finishDeadline does not stamp one).
  it('§五/§7: a transfer never needed (void on resolve, after its hour) is not a breach', () => {
    const d = dl({ kind: 'transfer', dueAt: at(60) });
    const resolvedLater = { ...d, ...finishDeadline(d, 'void', at(135)) } as Dl;
    expect(resolvedLater.state).toBe('cancelled');
    expect(isBreached(resolvedLater, at(600))).toBe(false);
    // superseded (`cancelled`) after its time, it would count
    expect(isBreached({ ...d, ...finishDeadline(d, 'cancelled', at(135)) }, at(600))).toBe(true);
  });
});
