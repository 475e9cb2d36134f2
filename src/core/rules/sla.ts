import type { TSettings } from '../domain/roster.ts';
import type { DeadlineKind, DeadlineRecord, NewDeadline, PolicySnapshot, Stage } from '../domain/case.ts';
import { oneWorkingDayAfter, type WorkCalendar } from './working-days.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export function snapshotPolicy(s: TSettings): PolicySnapshot {
  return {
    windows: { ...s.sla },
    oralLossReportDays: s.oral_loss_report_days,
    oralLossReportRemindDays: s.oral_loss_report_remind_days,
    reminderFraction: s.reminder_fraction,
    repeatEveryMinutes: s.repeat_every_minutes,
    repeatMax: s.repeat_max,
    generalOneWorkingDay: s.general_process === 'normal',
  };
}

/**
 * Kinds that are nagged (reminder, breach, repeats). §五: the transfer deadline is only measured, never nagged;
 * §15.1: the contact deadline is; §16.3: a promise to the customer is nagged like the others, and a broken one makes
 * the case overdue.
 */
export const NAGGED_KINDS = ['onsite', 'reply', 'report', 'start', 'contact', 'promise'] as const satisfies readonly DeadlineKind[];
const NAGGED: ReadonlySet<DeadlineKind> = new Set(NAGGED_KINDS);

/**
 * §5/§7: the kinds whose pending deadline past its time makes a case overdue (in lists, summaries and the
 * register): the nagged ones. A late transfer is flagged on the case instead; an oral loss report lapsing is the
 * customer's step, not a breach by the bank.
 */
export const OVERDUE_KINDS = NAGGED_KINDS;
export const isOverdueKind = (k: DeadlineKind): boolean => NAGGED.has(k);

/** Is this deadline pending and past its time (a case with one is overdue)? */
export const isOverdue = (d: Pick<DeadlineRecord, 'kind' | 'state' | 'dueAt'>, now: Date): boolean =>
  d.state === 'pending' && isOverdueKind(d.kind) && d.dueAt < now;

/**
 * The one way a deadline stops: `done` (its step was taken, or the case was resolved), `cancelled` (superseded by
 * a transfer: a deadline already past its time keeps the moment it was breached, and §7 counts it), or `void`
 * (§五: a transfer never made when the case is resolved where it is — it was never owed, so never breached).
 */
export function finishDeadline(
  d: Pick<DeadlineRecord, 'dueAt' | 'breachedAt'>,
  how: 'done' | 'cancelled' | 'void',
  now: Date,
): Partial<DeadlineRecord> {
  if (how === 'void') return { state: 'cancelled', nextStage: null, nextFireAt: null };
  const breachedAt = d.breachedAt ?? (now > d.dueAt ? d.dueAt : null);
  return how === 'done'
    ? { state: 'done', completedAt: now, nextStage: null, nextFireAt: null, breachedAt }
    : { state: 'cancelled', nextStage: null, nextFireAt: null, breachedAt };
}

/** §16.3: a promised completion time: due at `by`, reminded at 80 % of the span from the moment it was made. */
export function promiseDeadline(caseId: number, generation: number, at: Date, by: Date, p: PolicySnapshot): NewDeadline {
  return pending(caseId, 'promise', generation, at, by, p);
}

/**
 * The generation of the case's step deadlines (§五: a transfer or a reopen starts a new one). §16.3: promises are
 * numbered on their own (each replacement is the next), so they never count here.
 */
export const stepGeneration = (ds: readonly Pick<DeadlineRecord, 'kind' | 'generation'>[]): number =>
  Math.max(0, ...ds.filter((d) => d.kind !== 'promise').map((d) => d.generation));

/** §16.4: does this case take the normal road (one working day) rather than §5's windows? */
export const takesOneWorkingDay = (category: string, p: PolicySnapshot): boolean =>
  category === 'general' && p.generalOneWorkingDay === true;

/** The step each deadline waits for; completing a later step completes the earlier ones (steps may be skipped forward). */
/** §15.1: the `contact` deadline is completed by `contacted` or by any later step (on site, reply, report, resolve). */
export const STEP_COMPLETES: Record<'arrive' | 'reply' | 'report' | 'start' | 'contacted', DeadlineKind[]> = {
  arrive: ['contact', 'onsite'],
  reply: ['contact', 'onsite', 'reply'],
  report: ['contact', 'onsite', 'reply', 'report'],
  start: ['start'],
  contacted: ['contact'],
};

/** §15.1 the contact window of a frozen policy (30 minutes for one frozen before the window existed). */
export const contactWindow = (p: PolicySnapshot): number => p.windows.contact ?? 30;

/** §15.1: a handed-off case's contact calls the customer within `sla.contact` of the hand-off. */
export function contactDeadline(caseId: number, generation: number, at: Date, policy: PolicySnapshot): NewDeadline {
  return pending(caseId, 'contact', generation, at, contactWindow(policy), policy);
}

function pending(
  caseId: number,
  kind: DeadlineKind,
  generation: number,
  startAt: Date,
  minutes: number | Date,
  p: PolicySnapshot,
): NewDeadline {
  const dueAt = minutes instanceof Date ? minutes : new Date(startAt.getTime() + minutes * MIN);
  const d: NewDeadline = {
    caseId,
    kind,
    generation,
    startAt,
    dueAt,
    state: 'pending',
    completedAt: null,
    breachedAt: null,
    nextStage: null,
    nextFireAt: null,
    repeatsSent: 0,
  };
  const first = firstStage(d, p);
  d.nextStage = first?.stage ?? null;
  d.nextFireAt = first?.fireAt ?? null;
  return d;
}

/**
 * §五: from receipt of a case at a level: on site within 1 h (met at once for a walk-in at an outlet), reply
 * within 4 h, report within 8 h, transfer within 1 h if the unit can't solve it. §四(三)3: an oral loss report
 * lapses after 5 days.
 */
export function deadlinesOnReceipt(args: {
  caseId: number;
  generation: number;
  at: Date;
  policy: PolicySnapshot;
  walkInAtOutlet: boolean;
  lossReport: boolean;
  afterTransfer: boolean;
  /**
   * §16.4: a `general` case under the normal process: no on-site, reply and report windows of §5, one `reply`
   * deadline one working day after receipt (at each level); transfer and start keep §5's rules.
   */
  oneWorkingDay?: WorkCalendar | null;
}): NewDeadline[] {
  const { caseId, generation: g, at, policy: p } = args;
  const out: NewDeadline[] = [];
  if (args.oneWorkingDay) {
    out.push(pending(caseId, 'reply', g, at, oneWorkingDayAfter(at, args.oneWorkingDay), p));
    out.push(pending(caseId, 'transfer', g, at, p.windows.transfer, p));
    if (args.afterTransfer) out.push(pending(caseId, 'start', g, at, p.windows.start, p));
    if (args.lossReport) out.push(pending(caseId, 'oral_loss_report', g, at, p.oralLossReportDays * 24 * 60, p));
    return out;
  }
  const onsite = pending(caseId, 'onsite', g, at, p.windows.onsite, p);
  if (args.walkInAtOutlet) Object.assign(onsite, { state: 'done', completedAt: at, nextStage: null, nextFireAt: null });
  out.push(onsite);
  out.push(pending(caseId, 'reply', g, at, p.windows.reply, p));
  out.push(pending(caseId, 'report', g, at, p.windows.report, p));
  out.push(pending(caseId, 'transfer', g, at, p.windows.transfer, p));
  // §五: the receiving unit starts within 2 h of a transfer.
  if (args.afterTransfer) out.push(pending(caseId, 'start', g, at, p.windows.start, p));
  if (args.lossReport) out.push(pending(caseId, 'oral_loss_report', g, at, p.oralLossReportDays * 24 * 60, p));
  return out;
}

export function firstStage(
  d: Pick<DeadlineRecord, 'kind' | 'startAt' | 'dueAt'>,
  p: PolicySnapshot,
): { stage: Stage; fireAt: Date } | null {
  if (d.kind === 'oral_loss_report') {
    // §四(三)3: remind the owner 4 days after receipt to get the formal report filed.
    return { stage: 'reminder', fireAt: new Date(d.startAt.getTime() + p.oralLossReportRemindDays * DAY) };
  }
  if (!NAGGED.has(d.kind)) return null;
  const span = d.dueAt.getTime() - d.startAt.getTime();
  // §五: a reminder when 80 % of the window has passed.
  return { stage: 'reminder', fireAt: new Date(d.startAt.getTime() + Math.round(span * p.reminderFraction)) };
}

/** The stage after `stage`, or null when the deadline has nothing more to say. */
export function nextStage(
  d: Pick<DeadlineRecord, 'kind' | 'dueAt'>,
  stage: Stage,
  p: PolicySnapshot,
): { stage: Stage; fireAt: Date } | null {
  if (d.kind === 'oral_loss_report') {
    return stage === 'reminder' ? { stage: 'expiry', fireAt: d.dueAt } : null;
  }
  if (stage === 'reminder') return { stage: 'breach', fireAt: d.dueAt };
  // §五: while still breached, a repeat every 30 minutes, at most 4 repeats.
  const n = stage === 'breach' ? 0 : repeatNumber(stage);
  if (n >= p.repeatMax) return null;
  return { stage: `repeat${n + 1}`, fireAt: new Date(d.dueAt.getTime() + (n + 1) * p.repeatEveryMinutes * MIN) };
}

export const repeatNumber = (stage: Stage): number => (stage.startsWith('repeat') ? Number(stage.slice(6)) : 0);

/** Compliance of one deadline at `asOf`: on time, late, open (not yet due), or overdue (due and not done). */
export function compliance(
  d: Pick<DeadlineRecord, 'dueAt' | 'completedAt' | 'state'>,
  asOf: Date,
): 'on_time' | 'late' | 'open' | 'overdue' | 'void' {
  if (d.state === 'cancelled') return 'void';
  if (d.completedAt && d.completedAt <= asOf) return d.completedAt <= d.dueAt ? 'on_time' : 'late';
  return asOf > d.dueAt ? 'overdue' : 'open';
}

/**
 * Was the deadline missed (as of `asOf`)? The transfer deadline only counts when a transfer actually happened
 * late, and an oral loss report lapsing is the customer's step, not a breach by the bank.
 */
export function isBreached(d: Pick<DeadlineRecord, 'kind' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>, asOf: Date): boolean {
  if (d.kind === 'oral_loss_report') return false;
  // a deadline superseded by a transfer still counts if it had already been missed
  if (d.state === 'cancelled') return !!d.breachedAt && d.breachedAt <= asOf;
  const c = compliance(d, asOf);
  if (d.kind === 'transfer') return c === 'late';
  return c === 'late' || c === 'overdue';
}
