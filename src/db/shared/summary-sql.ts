/**
 * The daily summary's two counting scans (§8: counted by the database, never by loading every case), shared by
 * both stores. SQLite takes `?` placeholders and the ISO text times Prisma stores; PostgreSQL `$n` and Dates.
 */
import type { SummaryAggregates, SummaryQuery } from '../../core/ports/report-queries.ts';
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

const FLAGS = ['skipLevel', 'repeat', 'breached', 'lateTransfer', 'escalated', 'transferred'] as const;

/** The day's cases grouped by everything the summary splits them by. */
export function summaryCaseSql(dialect: SqlDialect, q: SummaryQuery): { sql: string; values: unknown[] } {
  const p = sqlParams(dialect);
  const flag = (c: string) => `CASE WHEN "${c}" THEN 1 ELSE 0 END`;
  const sql = `SELECT "unitCode" AS unit, category, ${FLAGS.map((c) => `${flag(c)} AS "${c}"`).join(', ')},
              CASE WHEN "resolvedAt" IS NOT NULL AND "resolvedAt" <= ${p.add(p.time(q.asOf))} THEN 1 ELSE 0 END AS res, responsibility, COUNT(*) AS n
         FROM "Case" WHERE "unitCode" IN (${q.unitCodes.map((u) => p.add(u)).join(', ')})
          AND "receivedAt" >= ${p.add(p.time(q.from))} AND "receivedAt" < ${p.add(p.time(q.to))}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`;
  return { sql, values: p.values };
}

/** The day's deadlines with the outcome of each counted by kind. */
export function summaryDeadlineSql(dialect: SqlDialect, q: SummaryQuery): { sql: string; values: unknown[] } {
  const p = sqlParams(dialect);
  const sql = `SELECT kind,
              SUM(CASE WHEN state = 'done' AND "completedAt" <= "dueAt" THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN state = 'done' AND "completedAt" > "dueAt" THEN 1 ELSE 0 END) AS late,
              SUM(CASE WHEN state = 'pending' AND "dueAt" < ${p.add(p.time(q.asOf))} THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN state = 'pending' AND "dueAt" >= ${p.add(p.time(q.asOf))} THEN 1 ELSE 0 END) AS open
         FROM "Deadline" WHERE "caseUnitCode" IN (${q.unitCodes.map((u) => p.add(u)).join(', ')})
          AND "caseReceivedAt" >= ${p.add(p.time(q.from))} AND "caseReceivedAt" < ${p.add(p.time(q.to))}
        GROUP BY kind`;
  return { sql, values: p.values };
}

/** Folds the two scans' rows (and the short lists each store reads) into the aggregates. */
export function foldSummary(
  caseRows: Record<string, unknown>[],
  dlRows: Record<string, unknown>[],
  lists: Pick<SummaryAggregates, 'escalations' | 'openCases' | 'lateTransfers'>,
): SummaryAggregates {
  const num = (v: unknown) => Number(v ?? 0);
  const on = (v: unknown) => num(v) === 1;
  const uc = new Map<string, { unit: string; category: string; count: number }>();
  const flags = new Map<string, SummaryAggregates['byFlags'][number]>();
  let resolved = 0;
  const byResponsibility: Record<string, number> = {};
  for (const r of caseRows) {
    const n = num(r.n);
    const k = `${r.unit}\u0000${r.category}`;
    const u = uc.get(k) ?? { unit: String(r.unit), category: String(r.category), count: 0 };
    u.count += n;
    uc.set(k, u);
    const f = { skipLevel: on(r.skipLevel), repeat: on(r.repeat), breached: on(r.breached), lateTransfer: on(r.lateTransfer), escalated: on(r.escalated), transferred: on(r.transferred) };
    const fk = JSON.stringify(f);
    const g = flags.get(fk) ?? { ...f, count: 0 };
    g.count += n;
    flags.set(fk, g);
    if (on(r.res)) {
      resolved += n;
      if (r.responsibility) byResponsibility[String(r.responsibility)] = (byResponsibility[String(r.responsibility)] ?? 0) + n;
    }
  }
  const byKind = (col: string) => Object.fromEntries(dlRows.map((r) => [String(r.kind), num(r[col])]));
  return {
    byUnitCategory: [...uc.values()],
    byFlags: [...flags.values()],
    resolved,
    byResponsibility,
    ...lists,
    deadlines: { on_time: byKind('on_time'), late: byKind('late'), overdue: byKind('overdue'), open: byKind('open') },
  };
}

/** The day's escalations as the summary lists them: each case's reasons decoded from its `escalationNote`. */
export const summaryEscalations = (rows: { id: number; escalationNote: string | null }[]): SummaryAggregates['escalations'] =>
  rows.map((r) => ({ id: r.id, reasons: decodeReasons(r.escalationNote) }));
