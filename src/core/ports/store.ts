import type { CardRefs } from './card-refs.ts';
import type { AppSettings } from './app-settings.ts';
import type { CaseReads, CaseRepository } from './cases.ts';
import type { ChangeFeed } from './changes.ts';
import type { Jobs } from './jobs.ts';
import type { DutyReads, DutyWrites } from './duty.ts';
import type { OutboxQueue, OutboxWriter } from './outbox.ts';
import type { ReportQueries } from './report-queries.ts';
import type { ProcessedRequests, RequestJournal } from './requests.ts';

export type * from './card-refs.ts';
export type * from './app-settings.ts';
export type * from './cases.ts';
export type * from './changes.ts';
export type * from './jobs.ts';
export type * from './duty.ts';
export type * from './observer.ts';
export type * from './report-queries.ts';
export type * from './requests.ts';
export type { Notifier, OutboxQueue, OutboxWriter, PendingOutboxRecord } from './outbox.ts';
export { PermanentDeliveryError } from './outbox.ts';

/** Everything a use case reads and writes inside one transaction. */
export type StoreTx = CaseRepository & OutboxWriter & Jobs & ProcessedRequests & DutyWrites;

/** Runs `fn` in one database transaction; everything it writes commits together or not at all. */
export interface UnitOfWork {
  tx<T>(fn: (t: StoreTx) => Promise<T>): Promise<T>;
}

interface Health {
  /** A cheap round trip, for health checks. */
  ping(): Promise<void>;
}

/**
 * One database, every port: what src/db opens (SQLite over better-sqlite3, PostgreSQL over Prisma). Each part is
 * handed only to what needs it: front ends get card refs and the request journal, reports the report queries.
 */
export type Store = StoreTx &
  UnitOfWork &
  CaseReads &
  OutboxQueue &
  RequestJournal &
  CardRefs &
  ReportQueries &
  ChangeFeed &
  AppSettings &
  DutyReads &
  Health & {
    close(): Promise<void>;
  };
