/**
 * The core's Store port over better-sqlite3, for the embedded SQLite default: one connection (connection.ts says
 * why, and how calls take turns on it), and each port implemented in its own file over it.
 */
import type { Store, StoreTx } from '../../core/ports/store.ts';
import type { RosterRows } from '../shared/roster-rows.ts';
import { sqliteCardRefs } from './card-refs.ts';
import { sqliteCaseReads, sqliteCaseRepository } from './cases.ts';
import { sqliteAppSettings, sqliteChangeFeed } from './changes.ts';
import { openSqliteConnection } from './connection.ts';
import { sqliteDutyReads, sqliteDutyWrites } from './duty.ts';
import { sqliteJobs } from './jobs.ts';
import { sqliteOutboxQueue, sqliteOutboxWriter } from './outbox.ts';
import { sqliteReportQueries } from './report-queries.ts';
import { sqliteProcessedRequests, sqliteRequestJournal } from './requests.ts';
import { replaceRoster } from './roster.ts';

/** The Store port, plus what start-up needs of the database. */
export interface SqliteStore extends Store {
  /** Replaces the Unit and Member tables with the roster's, in one transaction. */
  replaceRoster(rows: RosterRows): Promise<void>;
}

/** Opens (and owns) a connection to an SQLite file whose schema is already migrated. */
export function openSqliteStore(path: string, opts: { throwaway?: boolean } = {}): SqliteStore {
  const c = openSqliteConnection(path, opts);
  // Inside a transaction the same implementations run at once (the connection knows the transaction's own work).
  const inTx: StoreTx = {
    ...sqliteCaseRepository(c),
    ...sqliteOutboxWriter(c),
    ...sqliteJobs(c),
    ...sqliteProcessedRequests(c),
    ...sqliteDutyWrites(c),
  };
  return {
    ...inTx,
    ...sqliteCaseReads(c),
    ...sqliteOutboxQueue(c),
    ...sqliteRequestJournal(c),
    ...sqliteCardRefs(c),
    ...sqliteReportQueries(c),
    ...sqliteChangeFeed(c),
    ...sqliteAppSettings(c),
    ...sqliteDutyReads(c),
    tx: <T>(fn: (t: StoreTx) => Promise<T>) => c.transaction(() => fn(inTx)),
    replaceRoster: (rows: RosterRows) => c.transaction(async () => replaceRoster(c.sql, rows)),
    ping: () =>
      c.call(() => {
        c.sql.get(`SELECT 1 AS one`, []);
      }),
    close: () => c.close(),
  };
}
