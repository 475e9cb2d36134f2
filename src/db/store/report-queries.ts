/** The report queries (src/core/ports/report-queries.ts) on either driver: summaries, register, chart. */
import type { ReportQueries, SummaryQuery } from '../../core/ports/report-queries.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import {
  carriedOverSql,
  daySpanSql,
  DENSE_ENOUGH,
  flagCount,
  foldSummary,
  summaryCaseSql,
  summaryDeadlineSql,
  summaryEscalations,
} from '../shared/summary-sql.ts';
import type { Queryable } from '../drivers/driver.ts';
import { CASE_TYPES, readCase, readDeadline, readTimeline, typed } from './sql.ts';

export function reportQueries(sql: Queryable): ReportQueries {
  const d = sql.dialect;
  return {
    summaryAggregates: async (s: SummaryQuery) => {
      {
        const none = { escalations: [], openCases: [], lateTransfers: [] };
        if (!s.unitCodes.length) return foldSummary([], [], none);
        // §8 counted by the database: how many cases the day holds and their id range, then two grouped scans (the
        // cases, walking the id range when the day fills most of it; the deadlines by kind and state)
        const span = daySpanSql(d.name, s);
        const day = (await sql.get(span.sql, span.values)) as { n: number; lo: number | null; hi: number | null };
        if (!Number(day.n)) return foldSummary([], [], none);
        const ids = { lo: day.lo!, hi: day.hi! };
        // (walking the id range is SQLite's plan; PostgreSQL plans the day's scan itself)
        const dense = d.name === 'sqlite' && day.n >= DENSE_ENOUGH * (ids.hi - ids.lo + 1);
        const cs = summaryCaseSql(d.name, s, dense ? ids : undefined);
        const ds = summaryDeadlineSql(d.name, s);
        const counted = foldSummary(await sql.all(cs.sql, cs.values), await sql.all(ds.sql, ds.values), none);
        // The short lists walk the day's id range in order and stop at the limit; a list of a flag none of the
        // day's cases carries is not read at all.
        const inDay = `id BETWEEN ? AND ? AND ${d.noIndex('"unitCode"')} ${d.inList} AND ${d.noIndex('"receivedAt"')} >= ? AND ${d.noIndex('"receivedAt"')} < ?`;
        const dayValues = [ids.lo, ids.hi, s.unitCodes, s.from, s.to];
        const escalations = flagCount(counted, 'escalated')
          ? ((await sql.all(
              `SELECT id, "escalationNote" FROM "Case" WHERE ${inDay} AND escalated = TRUE AND "escalatedAt" <= ? ORDER BY id LIMIT ?`,
              [...dayValues, s.asOf, s.listLimit],
            )) as { id: number; escalationNote: string | null }[])
          : [];
        const openCases =
          counted.resolved < day.n
            ? typed<{ id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null }>(
                await sql.all(
                  `SELECT id, "receivedAt", "ownerHandle", "handlerHandle" FROM "Case" WHERE ${inDay} AND ("resolvedAt" IS NULL OR "resolvedAt" > ?) ORDER BY id LIMIT ?`,
                  [...dayValues, s.asOf, s.listLimit],
                ),
                CASE_TYPES,
              )
            : [];
        const lateTransfers = flagCount(counted, 'lateTransfer')
          ? await sql.all(`SELECT id FROM "Case" WHERE ${inDay} AND "lateTransfer" = TRUE ORDER BY id LIMIT ?`, [...dayValues, s.listLimit])
          : [];
        const overdue = new Set(
          openCases.length
            ? (
                await sql.all(
                  `SELECT DISTINCT "caseId" FROM "Deadline" WHERE "caseId" ${d.inList} AND state = 'pending' AND "dueAt" < ? AND kind ${d.inList}`,
                  [openCases.map((o) => o.id), s.asOf, [...OVERDUE_KINDS]],
                )
              ).map((r) => r.caseId as number)
            : [],
        );
        return {
          ...counted,
          escalations: summaryEscalations(escalations),
          openCases: openCases.map((o) => ({ ...o, overdue: overdue.has(o.id) })),
          lateTransfers: lateTransfers.map((r) => r.id as number),
        };
      }
    },

    // §8 结转未办结: the subtree's cases received before the window, still open at the summary's moment
    carriedOver: async (q: SummaryQuery) => {
      if (!q.unitCodes.length) return { count: 0, overdue: 0, cases: [] };
      const n = carriedOverSql(d.name, q, 'count');
      const total = ((await sql.get(n.sql, n.values)) ?? {}) as { n?: unknown; overdue?: unknown };
      const count = Number(total.n ?? 0);
      if (!count) return { count: 0, overdue: 0, cases: [] };
      const l = carriedOverSql(d.name, q, 'list');
      const flagged = (await sql.all(l.sql, l.values)) as { id: unknown; overdue: unknown }[];
      const rows = new Map(
        typed<{ id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null }>(
          await sql.all(`SELECT id, "receivedAt", "ownerHandle", "handlerHandle" FROM "Case" WHERE id ${d.inList}`, [
            flagged.map((r) => Number(r.id)),
          ]),
          CASE_TYPES,
        ).map((r) => [r.id, r]),
      );
      return {
        count,
        overdue: Number(total.overdue ?? 0),
        cases: flagged.map((r) => ({ ...rows.get(Number(r.id))!, overdue: Number(r.overdue) === 1 })),
      };
    },

    casesReceived: async (r: { unitCodes: string[]; from: Date; to: Date; afterId: number; limit: number }) =>
      r.unitCodes.length
        ? (
            await sql.all(
              `SELECT * FROM "Case" WHERE "unitCode" ${d.inList} AND "receivedAt" >= ? AND "receivedAt" < ? AND id > ? ORDER BY id LIMIT ?`,
              [r.unitCodes, r.from, r.to, r.afterId, r.limit],
            )
          ).map(readCase)
        : [],

    caseDetails: async (ids: number[]) => {
      if (!ids.length) return { deadlines: [], timeline: [], paidFen: new Map<number, number>() };
      const deadlines = (await sql.all(`SELECT * FROM "Deadline" WHERE "caseId" ${d.inList} ORDER BY "caseId", generation, id`, [ids])).map(
        readDeadline,
      );
      const timeline = (await sql.all(`SELECT * FROM "TimelineEntry" WHERE "caseId" ${d.inList} ORDER BY "caseId", id`, [ids])).map(
        readTimeline,
      );
      const paid = await sql.all(`SELECT "caseId", SUM("amountFen") AS total FROM "Payment" WHERE "caseId" ${d.inList} GROUP BY "caseId"`, [
        ids,
      ]);
      return { deadlines, timeline, paidFen: new Map(paid.map((p) => [p.caseId as number, Number(p.total ?? 0)])) };
    },
  };
}
