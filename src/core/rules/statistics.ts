import type { StatClass } from '../domain/categories.ts';
import type { CaseRecord, DeadlineRecord } from '../domain/case.ts';
import { isBreached } from './sla.ts';

/**
 * §7 statistic class, computed from the case's history, never typed in:
 * - external or skip-level intake, repeat, or any deadline breached → complaint (纳入投诉统计);
 * - escalated or transferred above the outlet, all deadlines met → consultation (咨询类);
 * - otherwise (handled where received, in time) → not counted (不纳入).
 * The one home of the rule: cases, summaries, the chart and the register all come through here.
 */
export function classFromFlags(f: {
  skipLevel: boolean;
  repeat: boolean;
  breached: boolean;
  lateTransfer: boolean;
  escalated: boolean;
  transferred: boolean;
}): StatClass {
  if (f.skipLevel || f.repeat || f.breached || f.lateTransfer) return 'complaint';
  if (f.escalated || f.transferred) return 'consultation';
  return 'not_counted';
}

export function statClass(
  c: Pick<CaseRecord, 'skipLevel' | 'repeat' | 'escalated' | 'transferred' | 'lateTransfer'> & {
    escalatedAt?: Date | null;
  },
  deadlines: Pick<DeadlineRecord, 'kind' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>[],
  asOf: Date,
): StatClass {
  return classFromFlags({
    // an external intake sets skipLevel when the case opens (the channels are a setting, frozen by then)
    skipLevel: c.skipLevel,
    repeat: c.repeat,
    breached: deadlines.some((d) => isBreached(d, asOf)),
    lateTransfer: c.lateTransfer,
    escalated: c.escalated && (!c.escalatedAt || c.escalatedAt <= asOf),
    transferred: c.transferred,
  });
}

/**
 * §7 the class a case is shown with: a resolved case keeps the class fixed when it closed; an open one (or a resolved
 * one closed before the class was kept) is classed from its history as of `asOf`. The one home of that choice: `show`,
 * the board, the register and the handling form all come through here.
 */
export function currentStatClass(
  c: Parameters<typeof statClass>[0] & Pick<CaseRecord, 'status' | 'statClass'>,
  deadlines: Parameters<typeof statClass>[1],
  asOf: Date,
): StatClass {
  return c.statClass && c.status === 'resolved' ? c.statClass : statClass(c, deadlines, asOf);
}
