/**
 * The daily summary's two counting scans (§8: counted by the database, never by loading every case), shared by
 * both stores. SQLite takes `?` placeholders and the ISO text times Prisma stores; PostgreSQL `$n` and Dates.
 */
import type { SummaryAggregates, SummaryQuery } from '../../core/ports/report-queries.ts';
import { DEADLINE_KINDS } from '../../core/domain/case.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import { decodeReasons } from './encodings.ts';
import { sqliteTime } from './sqlite.ts';

export type SqlDialect = 'sqlite' | 'postgresql';

/** Positional parameters, added in the order they appear in the text (SQLite's `?` are positional). */
export function sqlParams(dialect: SqlDialect) {
  const values: unknown[] = [];
  const pg = dialect === 'postgresql';
  return {
    values,
    add(v: unknown): string {
      values.push(v);
      return pg ? `$${values.length}` : '?';
    },
    time: (d: Date): unknown => (pg ? d : sqliteTime(d)),
  };
}

/** The flags the statistic class depends on (§7), and "resolved by asOf", packed as bits of one number per case. */
const FLAGS = ['skipLevel', 'repeat', 'breached', 'lateTransfer', 'escalated', 'transferred'] as const;
const RESOLVED_BIT = 1 << FLAGS.length;

/**
 * The day's cases grouped by everything the summary splits them by: unit, category, the packed flags, the
 * responsibility. On SQLite, when the day's cases are most of the rows in their id range (`ids`, from
 * `daySpan`), the scan walks that range of the table in order instead of looking each case up from an index: a
 * sequential read, several times faster for a province's day; a branch's day (a sparse range) keeps the index.
 */
export function summaryCaseSql(dialect: SqlDialect, q: SummaryQuery, ids?: { lo: number; hi: number }): { sql: string; values: unknown[] } {
  const p = sqlParams(dialect);
  const pg = dialect === 'postgresql';
  const bit = (c: string) => (pg ? `(CASE WHEN "${c}" THEN 1 ELSE 0 END)` : `"${c}"`);
  const asOf = p.add(p.time(q.asOf));
  const packed = [
    ...FLAGS.map((c, i) => `${bit(c)} * ${1 << i}`),
    `(CASE WHEN "resolvedAt" IS NOT NULL AND "resolvedAt" <= ${asOf} THEN ${RESOLVED_BIT} ELSE 0 END)`,
  ].join(' + ');
  // a leading + keeps SQLite from reading the case through an index when the id range is walked
  const col = (c: string) => (ids ? `+"${c}"` : `"${c}"`);
  const range = ids ? `id BETWEEN ${p.add(ids.lo)} AND ${p.add(ids.hi)} AND ` : '';
  const sql = `SELECT "unitCode" AS unit, category, ${packed} AS flags, responsibility, COUNT(*) AS n
         FROM "Case" WHERE ${range}${col('unitCode')} IN (${q.unitCodes.map((u) => p.add(u)).join(', ')})
          AND ${col('receivedAt')} >= ${p.add(p.time(q.from))} AND ${col('receivedAt')} < ${p.add(p.time(q.to))}
        GROUP BY 1, 2, 3, 4`;
  return { sql, values: p.values };
}

/** How many cases the day holds, and their id range (an index-only read of (unitCode, receivedAt)). */
export function daySpanSql(dialect: SqlDialect, q: SummaryQuery): { sql: string; values: unknown[] } {
  const p = sqlParams(dialect);
  const sql = `SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM "Case"
        WHERE "unitCode" IN (${q.unitCodes.map((u) => p.add(u)).join(', ')}) AND "receivedAt" >= ${p.add(p.time(q.from))} AND "receivedAt" < ${p.add(p.time(q.to))}`;
  return { sql, values: p.values };
}

/** Walk the id range when at least this share of its rows are the day's cases of the subtree. */
export const DENSE_ENOUGH = 0.5;

/**
 * The day's deadlines counted by kind and state, done or pending only: for done ones how many met their due
 * time, for pending ones how many are past it at `asOf`. Each (kind, state, unit) is one ordered range of the day
 * on the (kind, state, caseUnitCode, caseReceivedAt, …) index, so nothing is sorted and no other state is read.
 */
export function summaryDeadlineSql(dialect: SqlDialect, q: SummaryQuery): { sql: string; values: unknown[] } {
  const p = sqlParams(dialect);
  const pg = dialect === 'postgresql';
  const hit = pg
    ? (asOf: string) =>
        `CASE WHEN state = 'done' THEN (CASE WHEN "completedAt" <= "dueAt" THEN 1 ELSE 0 END) ELSE (CASE WHEN "dueAt" < ${asOf} THEN 1 ELSE 0 END) END`
    : (asOf: string) => `CASE WHEN state = 'done' THEN "completedAt" <= "dueAt" ELSE "dueAt" < ${asOf} END`;
  const sql = `SELECT kind, state, COUNT(*) AS n, SUM(${hit(p.add(p.time(q.asOf)))}) AS hit
         FROM "Deadline" WHERE kind IN (${DEADLINE_KINDS.map((k) => p.add(k)).join(', ')}) AND state IN ('done', 'pending')
          AND "caseReceivedAt" >= ${p.add(p.time(q.from))} AND "caseReceivedAt" < ${p.add(p.time(q.to))}
          AND "caseUnitCode" IN (${q.unitCodes.map((u) => p.add(u)).join(', ')})
        GROUP BY kind, state`;
  return { sql, values: p.values };
}

/** Folds the two scans' rows (and the short lists each store reads) into the aggregates. */
export function foldSummary(
  caseRows: Record<string, unknown>[],
  dlRows: Record<string, unknown>[],
  lists: Pick<SummaryAggregates, 'escalations' | 'openCases' | 'lateTransfers'>,
): SummaryAggregates {
  const num = (v: unknown) => Number(v ?? 0);
  const uc = new Map<string, { unit: string; category: string; count: number }>();
  const flags = new Map<number, SummaryAggregates['byFlags'][number]>();
  let resolved = 0;
  const byResponsibility: Record<string, number> = {};
  for (const r of caseRows) {
    const n = num(r.n);
    const k = `${String(r.unit)}\u0000${String(r.category)}`;
    const u = uc.get(k) ?? { unit: String(r.unit), category: String(r.category), count: 0 };
    u.count += n;
    uc.set(k, u);
    const bits = num(r.flags);
    const fk = bits & (RESOLVED_BIT - 1);
    const g = flags.get(fk) ?? {
      ...(Object.fromEntries(FLAGS.map((c, i) => [c, (fk & (1 << i)) !== 0])) as Record<(typeof FLAGS)[number], boolean>),
      count: 0,
    };
    g.count += n;
    flags.set(fk, g);
    if (bits & RESOLVED_BIT) {
      resolved += n;
      if (r.responsibility) byResponsibility[String(r.responsibility)] = (byResponsibility[String(r.responsibility)] ?? 0) + n;
    }
  }
  const deadlines: SummaryAggregates['deadlines'] = { on_time: {}, late: {}, overdue: {}, open: {} };
  for (const r of dlRows) {
    const kind = String(r.kind);
    const n = num(r.n);
    const hit = num(r.hit);
    if (r.state === 'done') {
      deadlines.on_time[kind] = hit;
      deadlines.late[kind] = n - hit;
    } else {
      deadlines.overdue[kind] = hit;
      deadlines.open[kind] = n - hit;
    }
  }
  return { byUnitCategory: [...uc.values()], byFlags: [...flags.values()], resolved, byResponsibility, ...lists, deadlines };
}

/** How many of the day's cases carry a flag (from the grouped rows): a list of none need not be read. */
export const flagCount = (a: Pick<SummaryAggregates, 'byFlags'>, flag: (typeof FLAGS)[number]): number =>
  a.byFlags.reduce((n, f) => n + (f[flag] ? f.count : 0), 0);

/** The day's escalations as the summary lists them: each case's reasons decoded from its `escalationNote`. */
export const summaryEscalations = (rows: { id: number; escalationNote: string | null }[]): SummaryAggregates['escalations'] =>
  rows.map((r) => ({ id: r.id, reasons: decodeReasons(r.escalationNote) }));

/**
 * §8 carried over: the subtree's cases received before the window and still open at `asOf`, each with whether it is
 * overdue then (a deadline of an overdue kind that had started, was past its time and not done at `asOf`). `count`
 * gives one row `n`, `overdue`; `list` the first `listLimit` cases by id with `id` and `overdue`.
 */
export function carriedOverSql(dialect: SqlDialect, q: SummaryQuery, mode: 'count' | 'list'): { sql: string; values: unknown[] } {
  const p = sqlParams(dialect);
  const asOf = () => p.add(p.time(q.asOf));
  const overdue = () =>
    `(CASE WHEN EXISTS (SELECT 1 FROM "Deadline" d WHERE d."caseId" = "Case".id AND d.kind IN (${OVERDUE_KINDS.map((k) => p.add(k)).join(', ')})
        AND d."startAt" <= ${asOf()} AND d."dueAt" < ${asOf()} AND (d.state = 'pending' OR (d.state = 'done' AND d."completedAt" > ${asOf()}))) THEN 1 ELSE 0 END)`;
  const head = mode === 'count' ? `SELECT COUNT(*) AS n, SUM(${overdue()}) AS overdue` : `SELECT id, ${overdue()} AS overdue`;
  const where = `FROM "Case" WHERE "unitCode" IN (${q.unitCodes.map((u) => p.add(u)).join(', ')}) AND "receivedAt" < ${p.add(p.time(q.from))}
        AND ("resolvedAt" IS NULL OR "resolvedAt" > ${asOf()})`;
  const sql = mode === 'count' ? `${head} ${where}` : `${head} ${where} ORDER BY id LIMIT ${p.add(q.listLimit)}`;
  return { sql, values: p.values };
}
