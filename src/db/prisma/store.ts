/**
 * The core's Store port over Prisma: PostgreSQL (several replicas on one database), and in tests Prisma on SQLite
 * to hold it to the same contract as the better-sqlite3 store. Each port is implemented in its own file; a
 * transaction runs the same implementations on the transaction's client.
 */
import type { Store, StoreTx } from '../../core/ports/store.ts';
import { retryTransaction } from '../shared/retry.ts';
import type { RosterRows } from '../shared/roster-rows.ts';
import { prismaCardRefs } from './card-refs.ts';
import { prismaCaseReads, prismaCaseRepository } from './cases.ts';
import { prismaAppSettings, prismaChangeFeed } from './changes.ts';
import { createPrismaClient, type Client, type Db, type Provider } from './client.ts';
import { prismaDutyReads, prismaDutyWrites } from './duty.ts';
import { prismaJobs } from './jobs.ts';
import { prismaOutboxQueue, prismaOutboxWriter } from './outbox.ts';
import { prismaReportQueries } from './report-queries.ts';
import { prismaProcessedRequests, prismaRequestJournal } from './requests.ts';
import { replaceRoster } from './roster.ts';

/** The Store port, plus what start-up needs of the database. */
export interface PrismaStore extends Store {
  /** Replaces the Unit and Member tables with the roster's, in one transaction (replicas take turns). */
  replaceRoster(rows: RosterRows): Promise<void>;
}

const txPorts = (db: Client, provider: Provider): StoreTx => ({
  ...prismaCaseRepository(db, provider),
  ...prismaOutboxWriter(db),
  ...prismaJobs(db, provider),
  ...prismaProcessedRequests(db),
  ...prismaDutyWrites(db),
});

/**
 * The store over a client someone else owns and closes (`close()` leaves it open): a test's own client, say.
 * `onClose` runs when the store closes (openPrismaStore disconnects the client it made).
 */
export function createPrismaStore(prisma: Db, provider: Provider, onClose: () => Promise<void> = async () => {}): PrismaStore {
  return {
    ...txPorts(prisma, provider),
    ...prismaCaseReads(prisma),
    ...prismaOutboxQueue(prisma),
    ...prismaRequestJournal(prisma),
    ...prismaCardRefs(prisma),
    ...prismaReportQueries(prisma, provider),
    ...prismaChangeFeed(prisma),
    ...prismaAppSettings(prisma),
    ...prismaDutyReads(prisma, provider),
    /** One transaction, run again whole when it lost a race (shared/retry.ts). */
    tx: <T>(fn: (t: StoreTx) => Promise<T>) =>
      retryTransaction(() => prisma.$transaction((tx) => fn(txPorts(tx, provider)), { maxWait: 30_000, timeout: 60_000 })),
    replaceRoster: (rows: RosterRows) => replaceRoster(prisma, rows, provider),
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    close: onClose,
  };
}

/** Opens a client on DATABASE_URL and the store over it; closing the store disconnects the client. */
export function openPrismaStore(databaseUrl: string): PrismaStore {
  const db = createPrismaClient(databaseUrl);
  return createPrismaStore(db.prisma, db.provider, () => db.close());
}
