/** The report queries (src/core/ports/report-queries.ts) on the SQLite connection: summaries, register, chart. */
import type { ReportQueries, SummaryQuery } from '../../core/ports/report-queries.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import { carriedOverSql, daySpanSql, DENSE_ENOUGH, flagCount, foldSummary, summaryCaseSql, summaryDeadlineSql, summaryEscalations } from '../shared/summary-sql.ts';
import type { SqliteConnection } from './connection.ts';
import { CASE_TYPES, IN_LIST, list, readCase, readDeadline, readTimeline, toSql } from './sql.ts';

export function sqliteReportQueries(c: SqliteConnection): ReportQueries {
  const { sql } = c;
  return {
    summaryAggregates: (s: SummaryQuery) =>
      c.call(() => {
        const none = { escalations: [], openCases: [], lateTransfers: [] };
        if (!s.unitCodes.length) return foldSummary([], [], none);
        // §8 counted by the database: how many cases the day holds and their id range, then two grouped scans (the
        // cases, walking the id range when the day fills most of it; the deadlines by kind and state)
        const span = daySpanSql('sqlite', s);
        const day = sql.get<{ n: number; lo: number | null; hi: number | null }>(span.sql, span.values)!;
        if (!day.n) return foldSummary([], [], none);
        const ids = { lo: day.lo!, hi: day.hi! };
        const dense = day.n >= DENSE_ENOUGH * (ids.hi - ids.lo + 1);
        const cs = summaryCaseSql('sqlite', s, dense ? ids : undefined);
        const ds = summaryDeadlineSql('sqlite', s);
        const counted = foldSummary(sql.rows(cs.sql, cs.values), sql.rows(ds.sql, ds.values), none);
        // The short lists walk the day's id range in order and stop at the limit; a list of a flag none of the
        // day's cases carries is not read at all.
        const inDay = `id BETWEEN ? AND ? AND +"unitCode" ${IN_LIST} AND +"receivedAt" >= ? AND +"receivedAt" < ?`;
        const dayValues = [ids.lo, ids.hi, list(s.unitCodes), toSql(s.from), toSql(s.to)];
        const escalations = flagCount(counted, 'escalated')
          ? sql.all<{ id: number; escalationNote: string | null }>(
              `SELECT id, "escalationNote" FROM "Case" WHERE ${inDay} AND escalated = 1 AND "escalatedAt" <= ? ORDER BY id LIMIT ?`,
              [...dayValues, toSql(s.asOf), s.listLimit],
            )
          : [];
        const openCases =
          counted.resolved < day.n
            ? sql.all<{ id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null }>(
                `SELECT id, "receivedAt", "ownerHandle", "handlerHandle" FROM "Case" WHERE ${inDay} AND ("resolvedAt" IS NULL OR "resolvedAt" > ?) ORDER BY id LIMIT ?`,
                [...dayValues, toSql(s.asOf), s.listLimit],
                CASE_TYPES,
              )
            : [];
        const lateTransfers = flagCount(counted, 'lateTransfer')
          ? sql.all<{ id: number }>(`SELECT id FROM "Case" WHERE ${inDay} AND "lateTransfer" = 1 ORDER BY id LIMIT ?`, [...dayValues, s.listLimit])
          : [];
        const overdue = new Set(
          openCases.length
            ? sql
                .all<{ caseId: number }>(`SELECT DISTINCT "caseId" FROM "Deadline" WHERE "caseId" ${IN_LIST} AND state = 'pending' AND "dueAt" < ? AND kind ${IN_LIST}`, [
                  list(openCases.map((o) => o.id)),
                  toSql(s.asOf),
                  list([...OVERDUE_KINDS]),
                ])
                .map((r) => r.caseId)
            : [],
        );
        return {
          ...counted,
          escalations: summaryEscalations(escalations),
          openCases: openCases.map((o) => ({ ...o, overdue: overdue.has(o.id) })),
          lateTransfers: lateTransfers.map((r) => r.id),
        };
      }),

    carriedOver: (s: SummaryQuery) =>
      c.call(() => {
        if (!s.unitCodes.length) return { count: 0, overdue: 0, cases: [] };
        const n = carriedOverSql('sqlite', s, 'count');
        const total = sql.rows(n.sql, n.values)[0] ?? {};
        const count = Number(total.n ?? 0);
        if (!count) return { count: 0, overdue: 0, cases: [] };
        const l = carriedOverSql('sqlite', s, 'list');
        const flagged = sql.rows(l.sql, l.values);
        const rows = new Map(
          sql
            .all<{ id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null }>(
              `SELECT id, "receivedAt", "ownerHandle", "handlerHandle" FROM "Case" WHERE id ${IN_LIST}`,
              [list(flagged.map((r) => Number(r.id)))],
              CASE_TYPES,
            )
            .map((r) => [r.id, r]),
        );
        return { count, overdue: Number(total.overdue ?? 0), cases: flagged.map((r) => ({ ...rows.get(Number(r.id))!, overdue: Number(r.overdue) === 1 })) };
      }),

    casesReceived: (r: { unitCodes: string[]; from: Date; to: Date; afterId: number; limit: number }) =>
      c.call(() =>
        r.unitCodes.length
          ? sql
              .rows(`SELECT * FROM "Case" WHERE "unitCode" ${IN_LIST} AND "receivedAt" >= ? AND "receivedAt" < ? AND id > ? ORDER BY id LIMIT ?`, [
                list(r.unitCodes),
                toSql(r.from),
                toSql(r.to),
                r.afterId,
                r.limit,
              ])
              .map(readCase)
          : [],
      ),

    caseDetails: (ids: number[]) =>
      c.call(() => {
        if (!ids.length) return { deadlines: [], timeline: [], paidFen: new Map<number, number>() };
        const of = list(ids);
        const deadlines = sql.rows(`SELECT * FROM "Deadline" WHERE "caseId" ${IN_LIST} ORDER BY "caseId", generation, id`, [of]).map(readDeadline);
        const timeline = sql.rows(`SELECT * FROM "TimelineEntry" WHERE "caseId" ${IN_LIST} ORDER BY "caseId", id`, [of]).map(readTimeline);
        const paid = sql.all<{ caseId: number; total: number | null }>(`SELECT "caseId", SUM("amountFen") AS total FROM "Payment" WHERE "caseId" ${IN_LIST} GROUP BY "caseId"`, [of]);
        return { deadlines, timeline, paidFen: new Map(paid.map((p) => [p.caseId, p.total ?? 0])) };
      }),
  };
}
