/** Processed requests and the request journal (src/core/ports/requests.ts) over Prisma. */
import type { PendingRequestRecord, ProcessedRequests, RequestJournal } from '../../core/ports/requests.ts';
import type { Client, Db } from './client.ts';

export function prismaProcessedRequests(db: Client): ProcessedRequests {
  return {
    async processedRequest(key: string) {
      return (await db.processedRequest.findUnique({ where: { key } }))?.response ?? null;
    },
    async saveProcessedRequest(key: string, at: Date, response: string) {
      await db.processedRequest.create({ data: { key, at, response } });
    },
  };
}

export function prismaRequestJournal(prisma: Db): RequestJournal {
  return {
    async journalRequest(r: PendingRequestRecord) {
      await prisma.pendingRequest.upsert({ where: { key: r.key }, create: r, update: {} });
    },
    async pendingRequests(platform: string) {
      return prisma.pendingRequest.findMany({ where: { platform }, orderBy: [{ at: 'asc' }, { key: 'asc' }] });
    },
    async forgetRequest(key: string) {
      await prisma.pendingRequest.deleteMany({ where: { key } });
    },
    async pruneProcessedRequests(before: Date) {
      return (await prisma.processedRequest.deleteMany({ where: { at: { lt: before }, NOT: { key: { startsWith: 'wo:' } } } })).count;
    },
  };
}
