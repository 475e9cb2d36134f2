import type { DeadlineRecord } from '../domain/case.ts';
import { isOverdueKind } from './sla.ts';

/**
 * §13: a countdown turns amber when this fraction of its window, or less, is left. The one home of the threshold:
 * the server renders with it and hands it to the page, whose script re-decides every second with the same value.
 */
export const AMBER_FRACTION = 0.2;

/** §13: amber when 20 % or less of the window is left, red once breached (a deadline that nags, §五). */
export function urgency(d: Pick<DeadlineRecord, 'kind' | 'startAt' | 'dueAt'>, now: Date, amber = AMBER_FRACTION): '' | 'amber' | 'red' {
  const left = d.dueAt.getTime() - now.getTime();
  if (left < 0) return isOverdueKind(d.kind) ? 'red' : '';
  return left <= amber * (d.dueAt.getTime() - d.startAt.getTime()) ? 'amber' : '';
}
