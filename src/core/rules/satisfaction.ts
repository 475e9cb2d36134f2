/** §16.5 the callback figures (回访满意率). */
export type CallbackResult = 'satisfied' | 'basically' | 'unsatisfied';

export type { CallbackFigures } from '../domain/daily-summary.ts';
import type { CallbackFigures } from '../domain/daily-summary.ts';

/**
 * §16.5: a later callback on a case replaces the earlier one in the figures; the rate is satisfied + basically
 * over all callbacks. `events` are in time order.
 */
export function callbackFigures(events: readonly { caseId: number; result: CallbackResult | undefined }[]): CallbackFigures {
  const latest = new Map<number, CallbackResult>();
  for (const e of events) if (e.result) latest.set(e.caseId, e.result);
  const f: CallbackFigures = { callbacks: latest.size, satisfied: 0, basically: 0, unsatisfied: 0, rate: null };
  for (const r of latest.values()) f[r]++;
  if (f.callbacks) f.rate = Math.round(((f.satisfied + f.basically) / f.callbacks) * 10_000) / 10_000;
  return f;
}

/** "87.5%" */
export const ratePercent = (rate: number | null): string | null => (rate === null ? null : `${Math.round(rate * 1000) / 10}%`);
