/**
 * The one better-sqlite3 connection of the embedded SQLite default, and its turn-taking.
 *
 * Why not Prisma here: Prisma's client costs about 0.7 ms per query on this machine (query compiler, driver
 * adapter, statement re-preparation), and a case's life is a few dozen queries, so a 1,000-case drill day took
 * about 30 s and Slack acks queued behind one another. Prepared statements on one synchronous connection take
 * microseconds. The schema and its migrations stay Prisma's (prisma/models.prisma, applied by src/db/migrate.ts),
 * and this store reads and writes exactly what Prisma would (times as ISO text with "+00:00", booleans as 0/1, see
 * sql.ts), so one database file works with either. PostgreSQL keeps the Prisma store (src/db/prisma/); the store
 * contract tests (test/integration/store-contract/) hold both to the same behaviour.
 *
 * One connection, so one writer: a transaction holds the connection across its awaits, and every other call
 * waits its turn (a call between a transaction's awaits would otherwise run inside that transaction). A call made
 * from within the transaction's own work (e.g. a listing read while a command runs) goes straight through.
 * (A second connection in the same process would not do: its busy wait is synchronous, so it would deadlock
 * against a write transaction left open across an await.)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { retryTransaction } from '../shared/retry.ts';
import { sqlitePragmas } from '../shared/sqlite.ts';
import { Statements } from './sql.ts';

export interface SqliteConnection {
  /** The statements; call them only inside `call` or `transaction`. */
  readonly sql: Statements;
  /** Runs `f` on the connection: at once from within the open transaction's own work, else in turn (FIFO). */
  call<R>(f: () => R): Promise<R>;
  /**
   * Runs `fn` as one transaction holding the connection (BEGIN IMMEDIATE … COMMIT, ROLLBACK when it throws), run
   * again whole when it lost a race (shared/retry.ts). A transaction started inside another is refused.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens (and owns) a connection to an SQLite file whose schema is already migrated. */
export function openSqliteConnection(path: string, opts: { throwaway?: boolean } = {}): SqliteConnection {
  const db = new Database(path, { timeout: 5000 });
  for (const p of sqlitePragmas(!opts.throwaway)) db.pragma(p);
  const sql = new Statements(db);

  // The connection is held by one transaction at a time; calls from elsewhere queue (FIFO) until it is free.
  let held = false;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> | void => {
    if (!held) {
      held = true;
      return;
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else held = false;
  };

  // Marks the async work of each transaction. Only the open transaction's own work goes straight through: a timer
  // or promise started inside an earlier transaction carries that one's (stale) mark and queues like anyone else.
  const inside = new AsyncLocalStorage<object>();
  let current: object | null = null;
  const withinOpenTx = () => current !== null && inside.getStore() === current;

  const call = async <R>(f: () => R): Promise<R> => {
    if (withinOpenTx()) return f();
    const wait = acquire();
    if (wait) await wait;
    try {
      return f();
    } finally {
      release();
    }
  };

  /** One run of a transaction; the connection is free again between runs. */
  const once = async <T>(fn: () => Promise<T>): Promise<T> => {
    const wait = acquire();
    if (wait) await wait;
    try {
      db.exec('BEGIN IMMEDIATE');
      const mark = {};
      current = mark;
      try {
        const out = await inside.run(mark, fn);
        db.exec('COMMIT');
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      } finally {
        current = null;
      }
    } finally {
      release();
    }
  };

  let closed = false;
  return {
    sql,
    call,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (withinOpenTx()) throw new Error('a transaction cannot start inside another transaction');
      return retryTransaction(() => once(fn));
    },
    async close() {
      if (closed) return;
      closed = true;
      const wait = acquire();
      if (wait) await wait;
      try {
        db.close();
      } finally {
        release();
      }
    },
  };
}
