import type { StatClass } from './categories.ts';
import type { SummaryStats } from './case.ts';

/** §8: a unit's daily summary (its subtree's cases received that local day): the figures and the rendered text. */
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
  lateTransfers: string[];
  hotCategories: { category: string; count: number }[];
  hotUnits: { unit: string; count: number }[];
  focusGroups: { cash: number; card: number; personal: number };
  /** §12: who was on duty that day, per unit of the subtree (units with nobody on duty left out) */
  duty?: { unit: string; handles: string[] }[];
  /** §12: how many work-log entries the subtree's people wrote that day */
  logEntries?: number;
  text: string;
}
