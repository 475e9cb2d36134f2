import { EXTERNAL_CHANNELS, type IntakeChannel, type StatClass } from './categories.ts';
import type { CaseRecord, DeadlineRecord } from './model.ts';
import { isBreached } from './sla.ts';

/**
 * §7 statistic class, computed from the case's history, never typed in:
 * - external or skip-level intake, repeat, or any deadline breached → complaint (纳入投诉统计);
 * - escalated or transferred above the outlet, all deadlines met → consultation (咨询类);
 * - otherwise (handled where received, in time) → not counted (不纳入).
 */
export function statClass(
  c: Pick<CaseRecord, 'intake' | 'skipLevel' | 'repeat' | 'escalated' | 'transferred' | 'lateTransfer'> & {
    escalatedAt?: Date | null;
  },
  deadlines: Pick<DeadlineRecord, 'kind' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>[],
  asOf: Date,
): StatClass {
  if (EXTERNAL_CHANNELS.has(c.intake as IntakeChannel) || c.skipLevel || c.repeat) return 'complaint';
  if (c.lateTransfer || deadlines.some((d) => isBreached(d, asOf))) return 'complaint';
  const escalated = c.escalated && (!c.escalatedAt || c.escalatedAt <= asOf);
  if (escalated || c.transferred) return 'consultation';
  return 'not_counted';
}
