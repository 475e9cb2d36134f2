import { describe, expect, it } from 'vitest';
import type { DeadlineRecord } from '../../../src/core/domain/case.ts';
import { ZSettings } from '../../../src/core/domain/settings.ts';
import { deadlinesOnReceipt, finishDeadline, snapshotPolicy } from '../../../src/core/rules/sla.ts';
import { classFromFlags, currentStatClass, statClass } from '../../../src/core/rules/statistics.ts';

// Fixed instants only: a case received 09:00 Asia/Shanghai on 2026-12-01 (01:00 UTC).
const MIN = 60_000;
const T0 = new Date('2026-12-01T01:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MIN);
const EOD = at(11 * 60); // 20:00 local, the summary time

type Dl = Pick<DeadlineRecord, 'kind' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>;
type C = Parameters<typeof statClass>[0];

const NONE = { skipLevel: false, repeat: false, breached: false, lateTransfer: false, escalated: false, transferred: false };
const quiet: C = { skipLevel: false, repeat: false, escalated: false, transferred: false, lateTransfer: false, escalatedAt: null };

/** The deadlines of a case received at T0 whose every step was done at `doneAt` (minutes), transfer never made. */
function allDoneAt(doneAt: number): Dl[] {
  return [
    { kind: 'onsite', dueAt: at(60), completedAt: at(Math.min(doneAt, 60)), state: 'done', breachedAt: null },
    { kind: 'reply', dueAt: at(240), completedAt: at(doneAt), state: 'done', breachedAt: null },
    { kind: 'report', dueAt: at(480), completedAt: at(doneAt), state: 'done', breachedAt: null },
    { kind: 'transfer', dueAt: at(60), completedAt: null, state: 'cancelled', breachedAt: null },
  ];
}

describe('classFromFlags (§四(二) / SPEC §7)', () => {
  it('§7: handled where received, in time, not escalated, intake internal → not counted', () => {
    expect(classFromFlags(NONE)).toBe('not_counted');
  });

  it('§7: escalated, all deadlines met → consultation', () => {
    expect(classFromFlags({ ...NONE, escalated: true })).toBe('consultation');
  });

  it('§7: transferred above the outlet, all deadlines met → consultation', () => {
    expect(classFromFlags({ ...NONE, transferred: true })).toBe('consultation');
  });

  it.each(['skipLevel', 'repeat', 'breached', 'lateTransfer'] as const)('§7: %s alone → complaint', (flag) => {
    expect(classFromFlags({ ...NONE, [flag]: true })).toBe('complaint');
  });

  it.each(['skipLevel', 'repeat', 'breached', 'lateTransfer'] as const)('§7: %s outweighs escalation and transfer → complaint', (flag) => {
    expect(classFromFlags({ ...NONE, escalated: true, transferred: true, [flag]: true })).toBe('complaint');
  });
});

describe('statClass (§7: computed from the case history, as of a moment)', () => {
  it('§7: resolved at the outlet with every step on time → not counted', () => {
    expect(statClass(quiet, allDoneAt(40), EOD)).toBe('not_counted');
  });

  it('§7: a walk-in at the outlet resolved at the counter → not counted', () => {
    const p = snapshotPolicy(ZSettings.parse({}));
    const ds = deadlinesOnReceipt({
      caseId: 1,
      generation: 0,
      at: T0,
      policy: p,
      walkInAtOutlet: true,
      lossReport: false,
      afterTransfer: false,
    }).map((d): Dl => ({
      ...d,
      ...(d.state === 'pending' ? finishDeadline(d, d.kind === 'transfer' ? 'cancelled' : 'done', at(20)) : {}),
    }));
    expect(statClass(quiet, ds, EOD)).toBe('not_counted');
  });

  it('§7: an external / skip-level intake → complaint even when handled in time', () => {
    expect(statClass({ ...quiet, skipLevel: true }, allDoneAt(40), EOD)).toBe('complaint');
  });

  it('§7: a repeat complaint → complaint', () => {
    expect(statClass({ ...quiet, repeat: true }, allDoneAt(40), EOD)).toBe('complaint');
  });

  it('§7: escalated before asOf, every deadline met → consultation', () => {
    expect(statClass({ ...quiet, escalated: true, escalatedAt: at(10) }, allDoneAt(40), EOD)).toBe('consultation');
  });

  it('§7: an escalation without a recorded time counts', () => {
    expect(statClass({ ...quiet, escalated: true, escalatedAt: undefined }, allDoneAt(40), EOD)).toBe('consultation');
  });

  it('§7: an escalation after asOf does not count yet', () => {
    const c = { ...quiet, escalated: true, escalatedAt: at(300) };
    expect(statClass(c, allDoneAt(40), at(299))).toBe('not_counted');
    expect(statClass(c, allDoneAt(40), at(300))).toBe('consultation');
  });

  it('§7: transferred and handled within every deadline at the new level → consultation', () => {
    const ds: Dl[] = [
      { kind: 'onsite', dueAt: at(60), completedAt: null, state: 'cancelled', breachedAt: null },
      { kind: 'transfer', dueAt: at(60), completedAt: at(30), state: 'done', breachedAt: null },
      { kind: 'start', dueAt: at(150), completedAt: at(60), state: 'done', breachedAt: null },
      { kind: 'reply', dueAt: at(270), completedAt: at(200), state: 'done', breachedAt: null },
    ];
    expect(statClass({ ...quiet, transferred: true }, ds, EOD)).toBe('consultation');
  });

  it('§五/§7: a late transfer flagged on the case → complaint', () => {
    expect(statClass({ ...quiet, transferred: true, lateTransfer: true }, allDoneAt(40), EOD)).toBe('complaint');
  });

  it('§五/§7: a transfer deadline done late → complaint, even without the flag', () => {
    const ds: Dl[] = [{ kind: 'transfer', dueAt: at(60), completedAt: at(95), state: 'done', breachedAt: at(60) }];
    expect(statClass({ ...quiet, transferred: true }, ds, EOD)).toBe('complaint');
  });

  it('§7: a step done late (breach) → complaint', () => {
    const ds = allDoneAt(40);
    ds[1] = { kind: 'reply', dueAt: at(240), completedAt: at(250), state: 'done', breachedAt: at(240) };
    expect(statClass(quiet, ds, EOD)).toBe('complaint');
  });

  it('§7: a step still undone past its deadline (overdue) → complaint', () => {
    const ds: Dl[] = [{ kind: 'report', dueAt: at(480), completedAt: null, state: 'pending', breachedAt: null }];
    expect(statClass(quiet, ds, at(481))).toBe('complaint');
  });

  it('§7: a step not yet due does not count as a breach yet', () => {
    const ds: Dl[] = [{ kind: 'report', dueAt: at(480), completedAt: null, state: 'pending', breachedAt: null }];
    expect(statClass(quiet, ds, at(480))).toBe('not_counted');
  });

  it('§7: a breach missed before a transfer (cancelled with breachedAt) → complaint', () => {
    const ds: Dl[] = [{ kind: 'onsite', dueAt: at(60), completedAt: null, state: 'cancelled', breachedAt: at(60) }];
    expect(statClass({ ...quiet, transferred: true }, ds, EOD)).toBe('complaint');
  });

  it('§7: escalated and breached → complaint, not consultation', () => {
    const ds: Dl[] = [{ kind: 'onsite', dueAt: at(60), completedAt: null, state: 'pending', breachedAt: null }];
    expect(statClass({ ...quiet, escalated: true, escalatedAt: at(5) }, ds, at(90))).toBe('complaint');
  });

  it('§五/§7: an oral loss report lapsing is not a breach → not counted', () => {
    const ds: Dl[] = [
      ...allDoneAt(40),
      { kind: 'oral_loss_report', dueAt: at(5 * 24 * 60), completedAt: null, state: 'pending', breachedAt: null },
    ];
    expect(statClass(quiet, ds, at(6 * 24 * 60))).toBe('not_counted');
  });

  it('§五/§7: a pending transfer deadline past its hour is not a late transfer → not counted', () => {
    const ds: Dl[] = [
      { kind: 'onsite', dueAt: at(60), completedAt: at(30), state: 'done', breachedAt: null },
      { kind: 'transfer', dueAt: at(60), completedAt: null, state: 'pending', breachedAt: null },
    ];
    expect(statClass(quiet, ds, at(120))).toBe('not_counted');
  });

  // DISCREPANCY with SPEC §7 row 1 (and §5: only a late transfer counts as a breach): resolve-case.ts cancels the
  // unused transfer deadline with finishDeadline(d, 'cancelled', now); after the first hour that stamps breachedAt,
  // and isBreached counts a cancelled deadline with breachedAt. So a case resolved at the outlet 2 h 15 min after
  // receipt, every step on time, never transferred or escalated, is classed `complaint` instead of `not_counted`.
  it('§7: resolved at the outlet in time but after the first hour (transfer never needed) → not counted', () => {
    const p = snapshotPolicy(ZSettings.parse({}));
    const ds = deadlinesOnReceipt({
      caseId: 1,
      generation: 0,
      at: T0,
      policy: p,
      walkInAtOutlet: false,
      lossReport: false,
      afterTransfer: false,
    }).map((d): Dl => {
      if (d.kind === 'onsite') return { ...d, ...finishDeadline(d, 'done', at(2)) }; // on site at once
      return { ...d, ...finishDeadline(d, d.kind === 'transfer' ? 'void' : 'done', at(135)) }; // as resolve-case.ts does
    });
    expect(statClass(quiet, ds, EOD)).toBe('not_counted');
  });
});

describe('currentStatClass (§7: the class a case is shown with, one home for show, board, register and form)', () => {
  const late = allDoneAt(300); // the reply was late: complaint when classed now
  it('a resolved case keeps the class fixed when it closed', () => {
    expect(currentStatClass({ ...quiet, status: 'resolved', statClass: 'not_counted' }, late, EOD)).toBe('not_counted');
  });
  it('an open case is classed from its history as of the moment', () => {
    expect(currentStatClass({ ...quiet, status: 'open', statClass: 'not_counted' }, late, EOD)).toBe('complaint');
    expect(currentStatClass({ ...quiet, status: 'open', statClass: null }, allDoneAt(40), EOD)).toBe('not_counted');
  });
  it('a resolved case without a kept class is classed as of the moment', () => {
    expect(currentStatClass({ ...quiet, status: 'resolved', statClass: null }, late, EOD)).toBe('complaint');
  });
});
