import type { StatClass } from './categories.ts';
import type { SummaryStats } from './case.ts';

/** §16.5 the callback figures of a window (回访满意率). */
export interface CallbackFigures {
  callbacks: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
  /** (satisfied + basically) / callbacks, or null without callbacks */
  rate: number | null;
}

/** §8: a unit's daily summary (its subtree's cases received in the report's window): the figures and the rendered text. */
export interface DailySummary {
  unit: string;
  date: string;
  stats: SummaryStats;
  byUnitCategory: { unit: string; category: string; count: number }[];
  byClass: Record<StatClass, number>;
  byResponsibility: Record<string, number>;
  compliance: Record<string, { on_time: number; late: number; open: number; overdue: number }>;
  escalations: { id: string; reasons: string[] }[];
  openCases: { id: string; ageMinutes: number; owner: string; handler: string | null; overdue: boolean }[];
  /** §8 结转未办结: the subtree's cases received before the window and still open at its end (the first `listLimit`) */
  carriedOver?: { id: string; ageMinutes: number; owner: string; handler: string | null; overdue: boolean }[];
  /**
   * §8 the report's window [from, to) and the moment its state is taken (`asOf`: the summary time, or now if earlier),
   * as ISO times (the summary travels as JSON in the outbox); absent in a summary queued by an older version
   */
  window?: { from: string; to: string; asOf: string };
  lateTransfers: string[];
  hotCategories: { category: string; count: number }[];
  hotUnits: { unit: string; count: number }[];
  focusGroups: { cash: number; card: number; personal: number };
  /** §12: who was on duty that day, per unit of the subtree (units with nobody on duty left out) */
  duty?: { unit: string; handles: string[] }[];
  /** §12: how many work-log entries the subtree's people wrote that day */
  logEntries?: number;
  /** §16.5 the window's callbacks */
  callbacks?: CallbackFigures;
  /** §16.1 the cutover phase at the summary's moment (with an outage window in the roster) */
  phase?: string | null;
  text: string;
}
