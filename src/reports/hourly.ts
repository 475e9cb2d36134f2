/**
 * Cases by hour of the (local) day, per statistic class (§7): the data behind the summary chart (§8).
 * The class is computed from each case's history as of the summary moment, with the same rule as the summary.
 */
import { STAT_CLASSES, type StatClass } from '../core/domain/categories.ts';
import type { Roster } from '../core/domain/roster.ts';
import type { CaseRecord, DeadlineRecord } from '../core/domain/case.ts';
import { statClass } from '../core/rules/statistics.ts';
import { dayBounds, inZone } from '../core/domain/time.ts';
import type { ReportQueries } from '../core/ports/report-queries.ts';

export type HourlyRow = { hour: number } & Record<StatClass, number>;

type HourlyCase = Pick<CaseRecord, 'id' | 'receivedAt' | 'intake' | 'skipLevel' | 'repeat' | 'escalated' | 'escalatedAt' | 'transferred' | 'lateTransfer'>;
type HourlyDeadline = Pick<DeadlineRecord, 'caseId' | 'kind' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>;

/** Twenty-four zero rows, hours 0–23. */
export function emptyHourly(): HourlyRow[] {
  return Array.from({ length: 24 }, (_, hour) => ({ hour, not_counted: 0, consultation: 0, complaint: 0 }));
}

/**
 * Adds cases to per-hour counts (in place, so pages can be fed one by one). `deadlines` holds at least every
 * deadline of these cases; the hour is the local wall-clock hour of receipt in `tz`.
 */
function addHourlyCounts(
  into: HourlyRow[],
  cases: Iterable<HourlyCase>,
  deadlines: Iterable<HourlyDeadline>,
  opts: { tz: string; asOf: Date },
): HourlyRow[] {
  const byCase = new Map<number, HourlyDeadline[]>();
  for (const d of deadlines) {
    const list = byCase.get(d.caseId);
    if (list) list.push(d);
    else byCase.set(d.caseId, [d]);
  }
  for (const c of cases) {
    const hour = inZone(c.receivedAt, opts.tz).getHours();
    into[hour][statClass(c, byCase.get(c.id) ?? [], opts.asOf)]++;
  }
  return into;
}

/**
 * The per-hour counts for the cases received in `unitCode`'s subtree on local `date`, with classes as of
 * `now` or the end of that day, whichever is earlier (the summary's moment). Reads `pageSize` cases per query.
 */
export async function loadHourlyCounts(
  reports: ReportQueries,
  roster: Roster,
  q: { unitCode: string; date: string; now: Date },
  pageSize = 1000,
): Promise<HourlyRow[]> {
  const tz = roster.settings.timezone;
  const { from, to } = dayBounds(q.date, tz);
  const asOf = q.now < to ? q.now : to;
  const unitCodes = roster.subtree(q.unitCode).map((u) => u.code);
  const rows = emptyHourly();
  if (!unitCodes.length) return rows;
  let after = 0;
  for (;;) {
    const page = await reports.casesReceived({ unitCodes, from, to, afterId: after, limit: pageSize });
    if (!page.length) break;
    const { deadlines } = await reports.caseDetails(page.map((c) => c.id));
    addHourlyCounts(rows, page, deadlines, { tz, asOf });
    after = page[page.length - 1].id;
    if (page.length < pageSize) break;
  }
  return rows;
}

/** Totals per class over the day (should equal the summary's `byClass`). */
export function hourlyTotals(rows: HourlyRow[]): Record<StatClass, number> {
  const t = Object.fromEntries(STAT_CLASSES.map((c) => [c, 0])) as Record<StatClass, number>;
  for (const r of rows) for (const c of STAT_CLASSES) t[c] += r[c];
  return t;
}
