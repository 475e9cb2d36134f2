/**
 * Cases by hour of receipt, per statistic class (§7), over the report's window: the data behind the summary chart
 * (§8). The window is the summary's (`reportWindow`) and each case's class comes from the same rule and the same
 * inputs as the summary's table (`classFromFlags` on the flags the case carries), so the chart and the table agree,
 * also for a past day.
 */
import { STAT_CLASSES, type StatClass } from '../core/domain/categories.ts';
import type { Roster } from '../core/domain/roster.ts';
import type { CaseRecord } from '../core/domain/case.ts';
import { classFromFlags } from '../core/rules/statistics.ts';
import { reportWindow } from '../core/rules/report-window.ts';
import { inZone } from '../core/domain/time.ts';
import type { ReportQueries } from '../core/ports/report-queries.ts';

export type HourlyRow = { hour: number } & Record<StatClass, number>;

export type HourlyCase = Pick<
  CaseRecord,
  'receivedAt' | 'skipLevel' | 'repeat' | 'breached' | 'escalated' | 'transferred' | 'lateTransfer'
>;

/** Twenty-four zero rows, from `startHour` (the window's first hour) round to the hour before it. */
export function emptyHourly(startHour = 0): HourlyRow[] {
  return Array.from({ length: 24 }, (_, i) => ({ hour: (startHour + i) % 24, not_counted: 0, consultation: 0, complaint: 0 }));
}

/** Adds cases to per-hour counts (in place, so pages can be fed one by one); the hour is the local hour of receipt in `tz`. */
export function addHourlyCounts(into: HourlyRow[], cases: Iterable<HourlyCase>, opts: { tz: string }): HourlyRow[] {
  const at = new Map(into.map((r) => [r.hour, r]));
  for (const c of cases) at.get(inZone(c.receivedAt, opts.tz).getHours())![classFromFlags(c)]++;
  return into;
}

/** Pure form: the per-hour class counts of the given cases. */
export function hourlyCounts(cases: Iterable<HourlyCase>, opts: { tz: string }): HourlyRow[] {
  return addHourlyCounts(emptyHourly(), cases, opts);
}

/**
 * The per-hour counts for the cases received in `unitCode`'s subtree in the report window of `date` (§8), the rows
 * starting at the window's first hour. Reads `pageSize` cases per query.
 */
export async function loadHourlyCounts(
  reports: ReportQueries,
  roster: Roster,
  q: { unitCode: string; date: string },
  pageSize = 1000,
): Promise<HourlyRow[]> {
  const tz = roster.settings.timezone;
  const { from, to } = reportWindow(q.date, roster.settings.summary_time, tz);
  const unitCodes = roster.subtree(q.unitCode).map((u) => u.code);
  const rows = emptyHourly(inZone(from, tz).getHours());
  if (!unitCodes.length) return rows;
  let after = 0;
  for (;;) {
    const page = await reports.casesReceived({ unitCodes, from, to, afterId: after, limit: pageSize });
    if (!page.length) break;
    addHourlyCounts(rows, page, { tz });
    after = page[page.length - 1].id;
    if (page.length < pageSize) break;
  }
  return rows;
}

/** Totals per class over the window (equal to the summary's `byClass`). */
export function hourlyTotals(rows: HourlyRow[]): Record<StatClass, number> {
  const t = Object.fromEntries(STAT_CLASSES.map((c) => [c, 0])) as Record<StatClass, number>;
  for (const r of rows) for (const c of STAT_CLASSES) t[c] += r[c];
  return t;
}
