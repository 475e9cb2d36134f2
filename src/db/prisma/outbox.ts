/** The outbox port (src/core/ports/outbox.ts) over Prisma. */
import type { MessageKind, OutboxInput } from '../../core/domain/case.ts';
import type { OutboxQueue, OutboxWriter } from '../../core/ports/outbox.ts';
import { decodeDelivered, encodeDelivered } from '../shared/encodings.ts';
import { earliestLaneHead } from '../shared/outbox-lanes.ts';
import { outboxFromRow, outboxToRow } from '../shared/rows.ts';
import type { Client, Db } from './client.ts';

export function prismaOutboxWriter(db: Client): OutboxWriter {
  return {
    async enqueue(msgs: OutboxInput[]) {
      // Keys are unique by construction (case version, deadline stage, unit/day); a duplicate is a bug, and the
      // unique index rolls the whole transaction back rather than let anything go out twice.
      if (msgs.length) await db.outboxMessage.createMany({ data: msgs.map(outboxToRow) });
    },
  };
}

export function prismaOutboxQueue(prisma: Db): OutboxQueue {
  return {
    async pendingOutbox(limit: number, kinds?: readonly MessageKind[]) {
      return (await prisma.outboxMessage.findMany({ where: { status: 'pending', ...(kinds ? { kind: { in: [...kinds] } } : {}) }, orderBy: { id: 'asc' }, take: limit })).map(outboxFromRow);
    },

    async claimOutboxBatch(ids: number[], owner: string, now: Date, leaseMs: number) {
      if (!ids.length) return new Set<number>();
      const rows = await prisma.outboxMessage.updateManyAndReturn({
        where: { id: { in: ids }, status: 'pending', nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
        select: { id: true },
      });
      return new Set(rows.map((r) => r.id));
    },

    async markSent(ids: number[], platforms: string[], now: Date) {
      if (!ids.length) return;
      await prisma.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: 'sent', sentAt: now, leaseUntil: null, delivered: encodeDelivered(platforms) } });
    },

    async releaseOutbox(ids: number[]) {
      if (!ids.length) return;
      await prisma.outboxMessage.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { leaseUntil: null, leaseOwner: null } });
    },

    async markDelivered(id: number, platform: string, allDone: boolean, now: Date) {
      const row = await prisma.outboxMessage.findUnique({ where: { id }, select: { delivered: true } });
      const delivered = encodeDelivered([...new Set([...decodeDelivered(row?.delivered ?? null), platform])]);
      await prisma.outboxMessage.update({ where: { id }, data: allDone ? { delivered, status: 'sent', sentAt: now, leaseUntil: null } : { delivered } });
    },

    async markFailed(id: number, error: string, nextAttemptAt: Date) {
      await prisma.outboxMessage.update({
        where: { id },
        data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), nextAttemptAt, leaseUntil: null, leaseOwner: null },
      });
    },

    async markDead(id: number, error: string, now: Date) {
      // the lease owner stays: a message put back to pending (after the cause is fixed) is looked up before re-posting
      await prisma.outboxMessage.update({
        where: { id },
        data: { status: 'dead', attempts: { increment: 1 }, lastError: error.slice(0, 500), sentAt: now, leaseUntil: null },
      });
    },

    async outboxBacklog(kind?: string) {
      return prisma.outboxMessage.count({ where: { status: 'pending', ...(kind ? { kind } : {}) } });
    },

    async outboxDead(since: Date | null) {
      const groups = await prisma.outboxMessage.groupBy({
        by: ['lastError'],
        where: { status: 'dead', ...(since ? { sentAt: { gte: since } } : {}) },
        _count: { _all: true },
      });
      const errors = groups
        .map((g) => ({ error: g.lastError ?? '', count: g._count._all }))
        .sort((a, b) => b.count - a.count || (a.error < b.error ? -1 : a.error > b.error ? 1 : 0));
      return { count: errors.reduce((a, e) => a + e.count, 0), errors };
    },

    async nextOutboxAttempt(now: Date, kinds?: readonly MessageKind[]) {
      const rows = await prisma.outboxMessage.findMany({
        where: { status: 'pending', ...(kinds ? { kind: { in: [...kinds] } } : {}) },
        orderBy: { id: 'asc' },
        take: 1000,
        select: { id: true, caseId: true, key: true, nextAttemptAt: true, leaseUntil: true },
      });
      return earliestLaneHead(rows, now);
    },
  };
}
