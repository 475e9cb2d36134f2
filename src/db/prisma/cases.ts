/** The cases port (src/core/ports/cases.ts) over Prisma: every method one or two indexed queries. */
import type { CaseRecord, DeadlineRecord, NewDeadline, Stage, TimelineRecord } from '../../core/domain/case.ts';
import type { CaseQuery, CaseReads, CaseRepository, ClusterMembers, ClusterStats } from '../../core/ports/cases.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import { caseFromRow, casePatchToRow, caseToRow, deadlineFromRow, timelineFromRow, timelineToRow, type CaseRow, type TimelineRow } from '../shared/rows.ts';
import { sqlParams } from '../shared/summary-sql.ts';
import type { Client, Db, Provider } from './client.ts';

export const readCase = (row: unknown): CaseRecord => caseFromRow(row as CaseRow);
export const readDeadline = (row: unknown): DeadlineRecord => deadlineFromRow(row as DeadlineRecord);
export const readTimeline = (row: unknown): TimelineRecord => timelineFromRow(row as TimelineRow);

/** On the client of one transaction (or the top-level client, outside one). */
export function prismaCaseRepository(db: Client, provider: Provider): CaseRepository {
  // cases inserted through this repository: their deadlines copy unit and receipt time without a read
  const inserted = new Map<number, { unitCode: string; receivedAt: Date }>();
  return {
    async nextCaseId() {
      const row = await db.counter.upsert({ where: { name: 'case' }, create: { name: 'case', value: 1 }, update: { value: { increment: 1 } } });
      return row.value;
    },

    async insertCase(c: CaseRecord) {
      await db.case.create({ data: caseToRow(c) });
      inserted.set(c.id, { unitCode: c.unitCode, receivedAt: c.receivedAt });
    },

    async getCase(id: number) {
      const row = await db.case.findUnique({ where: { id } });
      return row ? readCase(row) : null;
    },

    async getCases(ids: number[]) {
      if (!ids.length) return [];
      return (await db.case.findMany({ where: { id: { in: ids } } })).map(readCase);
    },

    async updateCase(id: number, version: number, patch: Partial<CaseRecord>) {
      const { id: _id, version: _v, ...data } = casePatchToRow(patch);
      const res = await db.case.updateMany({ where: { id, version }, data: { ...data, version: version + 1 } });
      return res.count === 1;
    },

    async appendTimeline(entries: TimelineRecord[]) {
      if (entries.length) await db.timelineEntry.createMany({ data: entries.map(timelineToRow) });
    },

    async timeline(caseId: number) {
      return (await db.timelineEntry.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map(readTimeline);
    },

    async deadlines(caseId: number) {
      return (await db.deadline.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map(readDeadline);
    },

    async insertDeadlines(ds: NewDeadline[]) {
      if (!ds.length) return;
      // the case's unit and receipt time are copied onto each deadline, for the day's compliance count (§8)
      const ids = [...new Set(ds.map((d) => d.caseId))].filter((id) => !inserted.has(id));
      const cases = new Map<number, { unitCode: string; receivedAt: Date }>(inserted);
      if (ids.length)
        for (const c of await db.case.findMany({ where: { id: { in: ids } }, select: { id: true, unitCode: true, receivedAt: true } })) cases.set(c.id, c);
      await db.deadline.createMany({
        data: ds.map((d) => ({ ...d, caseUnitCode: cases.get(d.caseId)?.unitCode ?? '', caseReceivedAt: cases.get(d.caseId)?.receivedAt ?? d.startAt })),
      });
    },

    async updateDeadline(id: number, patch: Partial<DeadlineRecord>) {
      const { id: _id, ...data } = patch;
      await db.deadline.update({ where: { id }, data });
    },

    async updateDeadlines(ids: number[], patch: Partial<DeadlineRecord>) {
      if (!ids.length) return;
      const { id: _id, ...data } = patch;
      if (ids.length === 1) await db.deadline.update({ where: { id: ids[0] }, data });
      else await db.deadline.updateMany({ where: { id: { in: ids } }, data });
    },

    async claimStages(ids: number[], expect: { stage: Stage; fireAt: Date }, next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> }) {
      if (!ids.length) return new Set<number>();
      const { id: _id, ...patch } = next.patch;
      // PostgreSQL: rows another replica is claiming right now are skipped, not waited for (its claim would win the
      // conditional update anyway, so waiting only held this replica back); they are due again next sweep if that
      // replica gives them up. The conditional update below stays the fencing token.
      const free =
        provider === 'postgresql'
          ? (
              (await db.$queryRawUnsafe(
                `SELECT id FROM "Deadline" WHERE id = ANY($1::int[]) AND "nextStage" = $2 AND "nextFireAt" = $3 FOR UPDATE SKIP LOCKED`,
                ids,
                expect.stage,
                expect.fireAt,
              )) as { id: number }[]
            ).map((r) => r.id)
          : ids;
      if (!free.length) return new Set<number>();
      const rows = await db.deadline.updateManyAndReturn({
        where: { id: { in: free }, nextStage: expect.stage, nextFireAt: expect.fireAt },
        data: { ...patch, nextStage: next.stage, nextFireAt: next.fireAt },
        select: { id: true },
      });
      return new Set(rows.map((r) => r.id));
    },

    async flagBreached(caseIds: number[], now: Date) {
      if (!caseIds.length) return;
      await db.case.updateMany({ where: { id: { in: caseIds } }, data: { breached: true, updatedAt: now, version: { increment: 1 } } });
    },

    async casesOfCustomerSince(customerKey: string, since: Date, excludeId: number) {
      return db.case.findMany({
        where: { customerKey, receivedAt: { gte: since }, id: { not: excludeId } },
        select: { id: true, receivedAt: true },
        orderBy: { id: 'asc' },
      });
    },

    async clusterStats(branchCode: string, category: string, since: Date, customerKey: string | null): Promise<ClusterStats> {
      const p = sqlParams(provider);
      const sql = `SELECT COUNT(*) AS cases, COUNT(DISTINCT COALESCE("customerKey", 'case:' || id)) AS customers,
                          COALESCE(MAX(CASE WHEN "customerKey" = ${p.add(customerKey)} THEN 1 ELSE 0 END), 0) AS mine
                     FROM "Case" WHERE "branchCode" = ${p.add(branchCode)} AND category = ${p.add(category)} AND "receivedAt" >= ${p.add(p.time(since))}`;
      const [r] = (await db.$queryRawUnsafe(sql, ...p.values)) as { cases: unknown; customers: unknown; mine: unknown }[];
      return { cases: Number(r.cases), customers: Number(r.customers), includesCustomer: Number(r.mine) === 1 };
    },

    async clusterMembers(branchCode: string, category: string, since: Date, listLimit: number): Promise<ClusterMembers> {
      // one read of the group (its ids and flags), folded here: one round trip instead of two
      const rows = await db.case.findMany({ where: { branchCode, category, receivedAt: { gte: since } }, select: { id: true, cluster: true }, orderBy: { id: 'asc' } });
      return { ids: rows.slice(0, Math.max(0, listLimit)).map((r) => r.id), unflagged: rows.filter((r) => !r.cluster).map((r) => r.id) };
    },

    async paidTotalFen(customerKey: string) {
      const agg = await db.payment.aggregate({ where: { customerKey }, _sum: { amountFen: true } });
      return agg._sum.amountFen ?? 0;
    },

    async insertPayment(p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }) {
      await db.payment.create({ data: p });
    },
  };
}

/** Outside a transaction, on the top-level client. */
export function prismaCaseReads(prisma: Db): CaseReads {
  const caseWhere = async (q: CaseQuery) => {
    let ids: number[] | undefined;
    if (q.overdueAt) {
      const rows = await prisma.deadline.findMany({
        where: { state: 'pending', dueAt: { lt: q.overdueAt }, kind: { in: [...OVERDUE_KINDS] } },
        select: { caseId: true },
        distinct: ['caseId'],
      });
      ids = rows.map((r) => r.caseId);
    }
    return {
      ...(q.unitCodes ? { unitCode: { in: q.unitCodes } } : {}),
      ...(q.status === 'open' ? { status: { not: 'resolved' } } : {}),
      ...(q.involving ? { OR: [{ ownerHandle: q.involving }, { handlerHandle: q.involving }, { openerHandle: q.involving }] } : {}),
      ...(ids ? { id: { in: ids } } : {}),
      ...(q.receivedFrom || q.receivedTo ? { receivedAt: { gte: q.receivedFrom, lt: q.receivedTo } } : {}),
    };
  };
  return {
    async listCases(q: CaseQuery) {
      const where = await caseWhere(q);
      if (q.order === 'urgency') {
        // the earliest pending deadline (transfer aside) first; cases without one last, then by id
        const matching = (await prisma.case.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
        const next = new Map<number, number>();
        for (let i = 0; i < matching.length; i += 5000) {
          const chunk = matching.slice(i, i + 5000);
          const groups = await prisma.deadline.groupBy({
            by: ['caseId'],
            where: { caseId: { in: chunk }, state: 'pending', kind: { not: 'transfer' } },
            _min: { dueAt: true },
          });
          for (const g of groups) if (g._min.dueAt) next.set(g.caseId, new Date(g._min.dueAt).getTime());
        }
        const order = [...matching].sort((a, b) => (next.get(a) ?? Infinity) - (next.get(b) ?? Infinity) || a - b);
        const page = order.slice(q.offset ?? 0, q.limit != null ? (q.offset ?? 0) + q.limit : undefined);
        const rows = await prisma.case.findMany({ where: { id: { in: page } } });
        const byId = new Map(rows.map((r) => [r.id, readCase(r)]));
        return page.map((id) => byId.get(id)!).filter(Boolean);
      }
      return (await prisma.case.findMany({ where, orderBy: { id: 'asc' }, skip: q.offset, take: q.limit })).map(readCase);
    },

    async countCases(q: CaseQuery) {
      return prisma.case.count({ where: await caseWhere(q) });
    },

    async deadlinesOf(caseIds: number[]) {
      if (!caseIds.length) return [];
      return (await prisma.deadline.findMany({ where: { caseId: { in: caseIds } }, orderBy: { id: 'asc' } })).map(readDeadline);
    },

    async dueDeadlines(now: Date, limit: number) {
      return (await prisma.deadline.findMany({ where: { nextFireAt: { lte: now } }, orderBy: [{ nextFireAt: 'asc' }, { id: 'asc' }], take: limit })).map(readDeadline);
    },

    async nextFireAt() {
      const row = await prisma.deadline.findFirst({ where: { nextFireAt: { not: null } }, orderBy: { nextFireAt: 'asc' }, select: { nextFireAt: true } });
      return row?.nextFireAt ?? null;
    },

    async caseChoices(resolved: boolean, limit: number) {
      const rows = await prisma.case.findMany({
        where: resolved ? { status: 'resolved' } : { status: { not: 'resolved' } },
        orderBy: { id: 'desc' },
        take: limit,
        select: { id: true, category: true, unitCode: true, matter: true, customerName: true },
      });
      return rows as Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>[];
    },
  };
}
