/**
 * The core's Store port, written once over the driver seam (src/db/drivers/): better-sqlite3 for the embedded
 * SQLite default (one connection, group commit), node-postgres for PostgreSQL (a pool, prepared statements). Each
 * port is implemented in its own file; inside a transaction the same implementations run on the transaction's
 * connection (built once per connection).
 */
import type { Store, StoreTx } from '../../core/ports/store.ts';
import type { Driver, Queryable } from '../drivers/driver.ts';
import type { RosterRows } from '../shared/roster-rows.ts';
import { cardRefs } from './card-refs.ts';
import { caseReads, caseRepository } from './cases.ts';
import { appSettings, changeFeed } from './changes.ts';
import { cachedDeadlines } from './deadline-cache.ts';
import { dutyReads, dutyWrites } from './duty.ts';
import { jobs } from './jobs.ts';
import { outboxQueue, outboxWriter } from './outbox.ts';
import { reportQueries } from './report-queries.ts';
import { processedRequests, requestJournal } from './requests.ts';
import { replaceRoster } from './roster.ts';

/** The Store port, plus what start-up needs of the database. */
export interface SqlStore extends Store {
  /** Replaces the Unit and Member tables with the roster's, in one transaction (replicas take turns). */
  replaceRoster(rows: RosterRows): Promise<void>;
}

const txPorts = (q: Queryable): StoreTx => ({
  ...caseRepository(q),
  ...outboxWriter(q),
  ...jobs(q),
  ...processedRequests(q),
  ...dutyWrites(q),
});

/** The store over a driver it owns (closing the store closes the driver). */
export function openSqlStore(driver: Driver): SqlStore {
  const ports = new WeakMap<Queryable, StoreTx>();
  const portsOf = (q: Queryable): StoreTx => {
    let p = ports.get(q);
    if (!p) ports.set(q, (p = txPorts(q)));
    return p;
  };
  return {
    ...portsOf(driver),
    ...caseReads(driver),
    ...outboxQueue(driver),
    ...requestJournal(driver),
    ...cardRefs(driver),
    ...reportQueries(driver),
    ...changeFeed(driver),
    ...appSettings(driver),
    ...dutyReads(driver),
    // each transaction's deadlines are read once and written once per distinct change (deadline-cache.ts)
    tx: <T>(fn: (t: StoreTx) => Promise<T>) =>
      driver.transaction(async (q) => {
        const ports = portsOf(q);
        const deadlines = cachedDeadlines(ports);
        const value = await fn({ ...ports, ...deadlines });
        await deadlines.flush();
        return value;
      }),
    replaceRoster: (rows: RosterRows) => driver.transaction((q) => replaceRoster(q, rows)),
    async ping() {
      await driver.get(`SELECT 1 AS one`, []);
    },
    close: () => driver.close(),
  };
}
