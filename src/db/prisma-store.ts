import type { CardRefRecord, CaseQuery, ClusterStats, PendingRequestRecord, Store, StoreTx, SummaryAggregates, SummaryQuery } from '../core/ports/store.ts';
import type { CaseRecord, DeadlineRecord, NewDeadline, OutboxInput, OutboxRecord, Stage, TimelineRecord } from '../core/domain/case.ts';
import type { Db, DbTx } from './client.ts';
import { earliestLaneHead, foldSummary, OVERDUE_KINDS, sqlParams, summaryCaseSql, summaryDeadlineSql } from './summary-sql.ts';

type Client = Db | DbTx;

const asCase = (row: unknown): CaseRecord => row as CaseRecord;
const asDeadline = (row: unknown): DeadlineRecord => row as DeadlineRecord;

/** The core's Store port over Prisma. Every method is one or two indexed queries. */
type Provider = 'sqlite' | 'postgresql';

class PrismaStoreTx implements StoreTx {
  /** cases inserted in this transaction: their deadlines copy unit and receipt time without a read */
  private inserted = new Map<number, { unitCode: string; receivedAt: Date }>();

  constructor(
    protected db: Client,
    protected provider: Provider,
  ) {}

  async nextCaseId(): Promise<number> {
    const row = await this.db.counter.upsert({
      where: { name: 'case' },
      create: { name: 'case', value: 1 },
      update: { value: { increment: 1 } },
    });
    return row.value;
  }

  async insertCase(c: CaseRecord): Promise<void> {
    await this.db.case.create({ data: c });
    this.inserted.set(c.id, { unitCode: c.unitCode, receivedAt: c.receivedAt });
  }

  async getCase(id: number): Promise<CaseRecord | null> {
    const row = await this.db.case.findUnique({ where: { id } });
    return row ? asCase(row) : null;
  }

  async getCases(ids: number[]): Promise<CaseRecord[]> {
    if (!ids.length) return [];
    return (await this.db.case.findMany({ where: { id: { in: ids } } })).map(asCase);
  }

  async updateCase(id: number, version: number, patch: Partial<CaseRecord>): Promise<boolean> {
    const { id: _id, version: _v, ...data } = patch;
    const res = await this.db.case.updateMany({ where: { id, version }, data: { ...data, version: version + 1 } });
    return res.count === 1;
  }

  async appendTimeline(entries: TimelineRecord[]): Promise<void> {
    if (entries.length) await this.db.timelineEntry.createMany({ data: entries });
  }

  async timeline(caseId: number): Promise<TimelineRecord[]> {
    return (await this.db.timelineEntry.findMany({ where: { caseId }, orderBy: { id: 'asc' } })) as TimelineRecord[];
  }

  async deadlines(caseId: number): Promise<DeadlineRecord[]> {
    return (await this.db.deadline.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map(asDeadline);
  }

  async insertDeadlines(ds: NewDeadline[]): Promise<void> {
    if (!ds.length) return;
    const ids = [...new Set(ds.map((d) => d.caseId))].filter((id) => !this.inserted.has(id));
    const cases = new Map<number, { unitCode: string; receivedAt: Date }>(this.inserted);
    if (ids.length)
      for (const c of await this.db.case.findMany({ where: { id: { in: ids } }, select: { id: true, unitCode: true, receivedAt: true } })) cases.set(c.id, c);
    await this.db.deadline.createMany({
      data: ds.map((d) => ({ ...d, caseUnitCode: cases.get(d.caseId)?.unitCode ?? '', caseReceivedAt: cases.get(d.caseId)?.receivedAt ?? d.startAt })),
    });
  }

  async updateDeadline(id: number, patch: Partial<DeadlineRecord>): Promise<void> {
    const { id: _id, ...data } = patch;
    await this.db.deadline.update({ where: { id }, data });
  }

  async updateDeadlines(ids: number[], patch: Partial<DeadlineRecord>): Promise<void> {
    if (!ids.length) return;
    const { id: _id, ...data } = patch;
    if (ids.length === 1) await this.db.deadline.update({ where: { id: ids[0] }, data });
    else await this.db.deadline.updateMany({ where: { id: { in: ids } }, data });
  }

  async claimStages(
    ids: number[],
    expect: { stage: Stage; fireAt: Date },
    next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> },
  ): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const { id: _id, ...patch } = next.patch;
    const rows = await this.db.deadline.updateManyAndReturn({
      where: { id: { in: ids }, nextStage: expect.stage, nextFireAt: expect.fireAt },
      data: { ...patch, nextStage: next.stage, nextFireAt: next.fireAt },
      select: { id: true },
    });
    return new Set(rows.map((r) => r.id));
  }

  async flagBreached(caseIds: number[], now: Date): Promise<void> {
    if (!caseIds.length) return;
    await this.db.case.updateMany({ where: { id: { in: caseIds } }, data: { breached: true, updatedAt: now, version: { increment: 1 } } });
  }

  async enqueue(msgs: OutboxInput[]): Promise<void> {
    if (!msgs.length) return;
    // Keys are unique by construction (case version, deadline stage, unit/day); a duplicate is a bug, and the
    // unique index rolls the whole transaction back rather than let anything go out twice.
    const data = msgs.map((m) => ({
        key: m.key,
        at: m.at,
        kind: m.kind,
        caseId: m.caseId,
        toUnit: m.toUnit,
        toHandle: m.toHandle,
        payload: JSON.stringify(m.payload),
        late: !!m.payload.late,
        nextAttemptAt: m.at,
      }));
    if (data.length) await this.db.outboxMessage.createMany({ data });
  }

  async casesOfCustomerSince(customerKey: string, since: Date, excludeId: number) {
    return this.db.case.findMany({
      where: { customerKey, receivedAt: { gte: since }, id: { not: excludeId } },
      select: { id: true, receivedAt: true },
      orderBy: { id: 'asc' },
    });
  }

  async clusterStats(branchCode: string, category: string, since: Date, customerKey: string | null, listLimit: number): Promise<ClusterStats> {
    const p = sqlParams(this.provider);
    const sql = `SELECT COUNT(*) AS cases, COUNT(DISTINCT COALESCE("customerKey", 'case:' || id)) AS customers,
                        COALESCE(MAX(CASE WHEN "customerKey" = ${p.add(customerKey)} THEN 1 ELSE 0 END), 0) AS mine
                   FROM "Case" WHERE "branchCode" = ${p.add(branchCode)} AND category = ${p.add(category)} AND "receivedAt" >= ${p.add(p.time(since))}`;
    const [r] = (await this.db.$queryRawUnsafe(sql, ...p.values)) as { cases: unknown; customers: unknown; mine: unknown }[];
    const ids = await this.db.case.findMany({
      where: { branchCode, category, receivedAt: { gte: since } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: listLimit,
    });
    return { cases: Number(r.cases), customers: Number(r.customers), includesCustomer: Number(r.mine) === 1, ids: ids.map((x) => x.id) };
  }

  async unflaggedClusterCases(branchCode: string, category: string, since: Date): Promise<number[]> {
    const rows = await this.db.case.findMany({
      where: { branchCode, category, receivedAt: { gte: since }, cluster: false },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((x) => x.id);
  }

  async paidTotalFen(customerKey: string): Promise<number> {
    const agg = await this.db.payment.aggregate({ where: { customerKey }, _sum: { amountFen: true } });
    return agg._sum.amountFen ?? 0;
  }

  async insertPayment(p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }): Promise<void> {
    await this.db.payment.create({ data: p });
  }

  async claimJob(key: string, at: Date, late: boolean): Promise<boolean> {
    if (this.provider === 'postgresql') {
      // INSERT … ON CONFLICT DO NOTHING: a losing replica gets 0 rows, without aborting its transaction
      // (`skipDuplicates` exists on the PostgreSQL client; the shared type is the SQLite client's)
      const createMany = this.db.jobRun.createMany.bind(this.db.jobRun) as unknown as (a: { data: object[]; skipDuplicates: boolean }) => Promise<{ count: number }>;
      const res = await createMany({ data: [{ key, at, late }], skipDuplicates: true });
      return res.count === 1;
    }
    // SQLite has one writer at a time: a read then insert inside the transaction cannot race
    if (await this.db.jobRun.findUnique({ where: { key } })) return false;
    await this.db.jobRun.create({ data: { key, at, late } });
    return true;
  }

  async getJob(key: string) {
    return this.db.jobRun.findUnique({ where: { key }, select: { at: true } });
  }

  async processedRequest(key: string): Promise<string | null> {
    return (await this.db.processedRequest.findUnique({ where: { key } }))?.response ?? null;
  }

  async saveProcessedRequest(key: string, at: Date, response: string): Promise<void> {
    await this.db.processedRequest.create({ data: { key, at, response } });
  }
}

const RETRYABLE = /database is locked|SQLITE_BUSY|could not serialize|deadlock detected|Operation has timed out|changed concurrently/i;

export class PrismaStore extends PrismaStoreTx implements Store {
  constructor(
    private prisma: Db,
    provider: Provider = 'sqlite',
  ) {
    super(prisma, provider);
  }

  /** One transaction; retried a few times when the database reports contention (another writer or replica). */
  async tx<T>(fn: (t: StoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.prisma.$transaction((tx) => fn(new PrismaStoreTx(tx, this.provider)), { maxWait: 30_000, timeout: 60_000 });
      } catch (e) {
        if (attempt >= 4 || !RETRYABLE.test(String((e as Error)?.message ?? e))) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
      }
    }
  }

  async listCases(q: CaseQuery): Promise<CaseRecord[]> {
    const where = await this.caseWhere(q);
    if (q.order === 'urgency') {
      // the earliest pending deadline (transfer aside) first; cases without one last, then by id
      const matching = (await this.prisma.case.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
      const next = new Map<number, number>();
      for (let i = 0; i < matching.length; i += 5000) {
        const chunk = matching.slice(i, i + 5000);
        const groups = await this.prisma.deadline.groupBy({
          by: ['caseId'],
          where: { caseId: { in: chunk }, state: 'pending', kind: { not: 'transfer' } },
          _min: { dueAt: true },
        });
        for (const g of groups) if (g._min.dueAt) next.set(g.caseId, new Date(g._min.dueAt).getTime());
      }
      const order = [...matching].sort((a, b) => (next.get(a) ?? Infinity) - (next.get(b) ?? Infinity) || a - b);
      const page = order.slice(q.offset ?? 0, q.limit != null ? (q.offset ?? 0) + q.limit : undefined);
      const rows = await this.prisma.case.findMany({ where: { id: { in: page } } });
      const byId = new Map(rows.map((r) => [r.id, asCase(r)]));
      return page.map((id) => byId.get(id)!).filter(Boolean);
    }
    const rows = await this.prisma.case.findMany({ where, orderBy: { id: 'asc' }, skip: q.offset, take: q.limit });
    return rows.map(asCase);
  }

  async countCases(q: CaseQuery): Promise<number> {
    return this.prisma.case.count({ where: await this.caseWhere(q) });
  }

  private async caseWhere(q: CaseQuery) {
    let ids: number[] | undefined;
    if (q.overdueAt) {
      const rows = await this.prisma.deadline.findMany({
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
  }

  async deadlinesOf(caseIds: number[]): Promise<DeadlineRecord[]> {
    if (!caseIds.length) return [];
    return (await this.prisma.deadline.findMany({ where: { caseId: { in: caseIds } }, orderBy: { id: 'asc' } })).map(asDeadline);
  }

  async dueDeadlines(now: Date, limit: number): Promise<DeadlineRecord[]> {
    return (
      await this.prisma.deadline.findMany({
        where: { nextFireAt: { lte: now } },
        orderBy: [{ nextFireAt: 'asc' }, { id: 'asc' }],
        take: limit,
      })
    ).map(asDeadline);
  }

  async nextFireAt(): Promise<Date | null> {
    const row = await this.prisma.deadline.findFirst({
      where: { nextFireAt: { not: null } },
      orderBy: { nextFireAt: 'asc' },
      select: { nextFireAt: true },
    });
    return row?.nextFireAt ?? null;
  }

  async summaryAggregates(q: SummaryQuery): Promise<SummaryAggregates> {
    if (!q.unitCodes.length) return foldSummary([], [], { escalations: [], openCases: [], lateTransfers: [] });
    const p = this.prisma;
    const day = { unitCode: { in: q.unitCodes }, receivedAt: { gte: q.from, lt: q.to } };
    const notResolved = { ...day, OR: [{ resolvedAt: null }, { resolvedAt: { gt: q.asOf } }] };
    // Two scans do the counting (§8 by database aggregation): one over the day's cases grouped by everything the
    // summary splits them by, one over their deadlines with the outcome of each counted by kind.
    // (placeholders are added in the order they appear in the text: SQLite's `?` are positional)
    const c = summaryCaseSql(this.provider, q);
    const caseRows = (await p.$queryRawUnsafe(c.sql, ...c.values)) as Record<string, unknown>[];
    const d = summaryDeadlineSql(this.provider, q);
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
              where: {
                caseId: { in: openCases.map((c) => c.id) },
                state: 'pending',
                dueAt: { lt: q.asOf },
                kind: { in: [...OVERDUE_KINDS] },
              },
              select: { caseId: true },
              distinct: ['caseId'],
            })
          ).map((r) => r.caseId),
        )
      : new Set<number>();
    return foldSummary(caseRows, dlRows, {
      escalations: escalations.map((r) => ({ id: r.id, reasons: (r.escalationNote ?? '').split('|').filter(Boolean) })),
      openCases: openCases.map((c) => ({ ...c, overdue: overdueIds.has(c.id) })),
      lateTransfers: lateTransfers.map((r) => r.id),
    });
  }

  async pendingOutbox(limit: number) {
    const rows = await this.prisma.outboxMessage.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, take: limit });
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      at: r.at,
      kind: r.kind as OutboxRecord['kind'],
      caseId: r.caseId,
      toUnit: r.toUnit,
      toHandle: r.toHandle,
      payload: JSON.parse(r.payload),
      attempts: r.attempts,
      delivered: r.delivered ? r.delivered.split(',') : [],
      nextAttemptAt: r.nextAttemptAt,
      leaseUntil: r.leaseUntil,
      leaseOwner: r.leaseOwner,
    }));
  }

  async claimOutboxBatch(ids: number[], owner: string, now: Date, leaseMs: number): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await this.prisma.outboxMessage.updateManyAndReturn({
      where: { id: { in: ids }, status: 'pending', nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
      select: { id: true },
    });
    return new Set(rows.map((r) => r.id));
  }

  async markSent(ids: number[], platforms: string[], now: Date): Promise<void> {
    if (!ids.length) return;
    await this.prisma.outboxMessage.updateMany({
      where: { id: { in: ids } },
      data: { status: 'sent', sentAt: now, leaseUntil: null, delivered: platforms.join(',') },
    });
  }

  async releaseOutbox(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.prisma.outboxMessage.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { leaseUntil: null, leaseOwner: null } });
  }

  async markDelivered(id: number, platform: string, allDone: boolean, now: Date): Promise<void> {
    const row = await this.prisma.outboxMessage.findUnique({ where: { id }, select: { delivered: true } });
    const delivered = [...new Set([...(row?.delivered ? row.delivered.split(',') : []), platform])].join(',');
    await this.prisma.outboxMessage.update({
      where: { id },
      data: allDone ? { delivered, status: 'sent', sentAt: now, leaseUntil: null } : { delivered },
    });
  }

  async markFailed(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.prisma.outboxMessage.update({
      where: { id },
      data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), nextAttemptAt, leaseUntil: null, leaseOwner: null },
    });
  }

  async markDead(id: number, error: string, now: Date): Promise<void> {
    // the lease owner stays: a message put back to pending (after the cause is fixed) is looked up before re-posting
    await this.prisma.outboxMessage.update({
      where: { id },
      data: { status: 'dead', attempts: { increment: 1 }, lastError: error.slice(0, 500), sentAt: now, leaseUntil: null },
    });
  }

  async outboxBacklog(): Promise<number> {
    return this.prisma.outboxMessage.count({ where: { status: 'pending' } });
  }

  async outboxDead(since: Date | null): Promise<{ count: number; errors: { error: string; count: number }[] }> {
    const groups = await this.prisma.outboxMessage.groupBy({
      by: ['lastError'],
      where: { status: 'dead', ...(since ? { sentAt: { gte: since } } : {}) },
      _count: { _all: true },
    });
    const errors = groups
      .map((g) => ({ error: g.lastError ?? '', count: g._count._all }))
      .sort((a, b) => b.count - a.count || (a.error < b.error ? -1 : a.error > b.error ? 1 : 0));
    return { count: errors.reduce((a, e) => a + e.count, 0), errors };
  }

  async nextOutboxAttempt(now: Date): Promise<Date | null> {
    const rows = await this.prisma.outboxMessage.findMany({
      where: { status: 'pending' },
      orderBy: { id: 'asc' },
      take: 1000,
      select: { id: true, caseId: true, key: true, nextAttemptAt: true, leaseUntil: true },
    });
    return earliestLaneHead(rows, now);
  }

  async pruneProcessedRequests(before: Date): Promise<number> {
    return (await this.prisma.processedRequest.deleteMany({ where: { at: { lt: before } } })).count;
  }

  async journalRequest(r: PendingRequestRecord): Promise<void> {
    await this.prisma.pendingRequest.upsert({ where: { key: r.key }, create: r, update: {} });
  }

  async pendingRequests(platform: string): Promise<PendingRequestRecord[]> {
    return this.prisma.pendingRequest.findMany({ where: { platform }, orderBy: [{ at: 'asc' }, { key: 'asc' }] });
  }

  async forgetRequest(key: string): Promise<void> {
    await this.prisma.pendingRequest.deleteMany({ where: { key } });
  }

  async cardRefs(caseId: number, platform: string): Promise<CardRefRecord[]> {
    return this.prisma.cardRef.findMany({ where: { caseId, platform }, orderBy: { channel: 'asc' } });
  }

  async setCardRef(ref: CardRefRecord): Promise<void> {
    const { caseId, platform, channel, messageId } = ref;
    await this.prisma.cardRef.upsert({
      where: { caseId_platform_channel: { caseId, platform, channel } },
      create: ref,
      update: { messageId },
    });
  }

  async caseChoices(resolved: boolean, limit: number) {
    const rows = await this.prisma.case.findMany({
      where: resolved ? { status: 'resolved' } : { status: { not: 'resolved' } },
      orderBy: { id: 'desc' },
      take: limit,
      select: { id: true, category: true, unitCode: true, matter: true, customerName: true },
    });
    return rows as Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>[];
  }

  async ping(): Promise<void> {
    await this.prisma.$queryRawUnsafe('SELECT 1');
  }

  /** The Prisma client belongs to whoever created it (see createPrismaClient): nothing of the store's own to close. */
  async close(): Promise<void> {}
}
