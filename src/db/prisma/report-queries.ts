/** The report queries (src/core/ports/report-queries.ts) over Prisma: summaries, register, chart. */
import type { ReportQueries, SummaryQuery } from '../../core/ports/report-queries.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import { carriedOverSql, foldSummary, summaryCaseSql, summaryDeadlineSql, summaryEscalations } from '../shared/summary-sql.ts';
import { readCase, readDeadline, readTimeline } from './cases.ts';
import type { Db, Provider } from './client.ts';

export function prismaReportQueries(p: Db, provider: Provider): ReportQueries {
  return {
    async summaryAggregates(q: SummaryQuery) {
      if (!q.unitCodes.length) return foldSummary([], [], { escalations: [], openCases: [], lateTransfers: [] });
      const day = { unitCode: { in: q.unitCodes }, receivedAt: { gte: q.from, lt: q.to } };
      const notResolved = { ...day, OR: [{ resolvedAt: null }, { resolvedAt: { gt: q.asOf } }] };
      // Two scans do the counting (§8 by database aggregation): one over the day's cases grouped by everything the
      // summary splits them by, one over their deadlines with the outcome of each counted by kind.
      // (placeholders are added in the order they appear in the text: SQLite's `?` are positional)
      const c = summaryCaseSql(provider, q);
      const caseRows = (await p.$queryRawUnsafe(c.sql, ...c.values)) as Record<string, unknown>[];
      const d = summaryDeadlineSql(provider, q);
      const dlRows = (await p.$queryRawUnsafe(d.sql, ...d.values)) as Record<string, unknown>[];
      const [escalations, openCases, lateTransfers] = await Promise.all([
        p.case.findMany({
          where: { ...day, escalated: true, escalatedAt: { lte: q.asOf } },
          select: { id: true, escalationNote: true },
          orderBy: { id: 'asc' },
          take: q.listLimit,
        }),
        p.case.findMany({
          where: notResolved,
          select: { id: true, receivedAt: true, ownerHandle: true, handlerHandle: true },
          orderBy: { id: 'asc' },
          take: q.listLimit,
        }),
        p.case.findMany({ where: { ...day, lateTransfer: true }, select: { id: true }, orderBy: { id: 'asc' }, take: q.listLimit }),
      ]);
      const overdueIds = openCases.length
        ? new Set(
            (
              await p.deadline.findMany({
                where: { caseId: { in: openCases.map((o) => o.id) }, state: 'pending', dueAt: { lt: q.asOf }, kind: { in: [...OVERDUE_KINDS] } },
                select: { caseId: true },
                distinct: ['caseId'],
              })
            ).map((r) => r.caseId),
          )
        : new Set<number>();
      return foldSummary(caseRows, dlRows, {
        escalations: summaryEscalations(escalations),
        openCases: openCases.map((o) => ({ ...o, overdue: overdueIds.has(o.id) })),
        lateTransfers: lateTransfers.map((r) => r.id),
      });
    },

    async carriedOver(q: SummaryQuery) {
      if (!q.unitCodes.length) return { count: 0, overdue: 0, cases: [] };
      const n = carriedOverSql(provider, q, 'count');
      const [total] = (await p.$queryRawUnsafe(n.sql, ...n.values)) as Record<string, unknown>[];
      const count = Number(total?.n ?? 0);
      if (!count) return { count: 0, overdue: 0, cases: [] };
      const l = carriedOverSql(provider, q, 'list');
      const flagged = (await p.$queryRawUnsafe(l.sql, ...l.values)) as Record<string, unknown>[];
      const rows = new Map(
        (
          await p.case.findMany({
            where: { id: { in: flagged.map((r) => Number(r.id)) } },
            select: { id: true, receivedAt: true, ownerHandle: true, handlerHandle: true },
          })
        ).map((r) => [r.id, r]),
      );
      return { count, overdue: Number(total?.overdue ?? 0), cases: flagged.map((r) => ({ ...rows.get(Number(r.id))!, overdue: Number(r.overdue) === 1 })) };
    },

    async casesReceived(r: { unitCodes: string[]; from: Date; to: Date; afterId: number; limit: number }) {
      if (!r.unitCodes.length) return [];
      const rows = await p.case.findMany({
        where: { unitCode: { in: r.unitCodes }, receivedAt: { gte: r.from, lt: r.to }, id: { gt: r.afterId } },
        orderBy: { id: 'asc' },
        take: r.limit,
      });
      return rows.map(readCase);
    },

    async caseDetails(ids: number[]) {
      if (!ids.length) return { deadlines: [], timeline: [], paidFen: new Map<number, number>() };
      const [deadlines, timeline, payments] = await Promise.all([
        p.deadline.findMany({ where: { caseId: { in: ids } }, orderBy: [{ caseId: 'asc' }, { generation: 'asc' }, { id: 'asc' }] }),
        p.timelineEntry.findMany({ where: { caseId: { in: ids } }, orderBy: [{ caseId: 'asc' }, { id: 'asc' }] }),
        p.payment.groupBy({ by: ['caseId'], where: { caseId: { in: ids } }, _sum: { amountFen: true } }),
      ]);
      return {
        deadlines: deadlines.map(readDeadline),
        timeline: timeline.map(readTimeline),
        paidFen: new Map(payments.map((x) => [x.caseId, x._sum.amountFen ?? 0])),
      };
    },
  };
}
