/**
 * The one better-sqlite3 connection of the embedded SQLite default, and its turn-taking.
 *
 * Why not Prisma here: Prisma's client costs about 0.7 ms per query on this machine (query compiler, driver
 * adapter, statement re-preparation), and a case's life is a few dozen queries, so a 1,000-case drill day took
 * about 30 s and Slack acks queued behind one another. Prepared statements on one synchronous connection take
 * microseconds. The schema and its migrations stay Prisma's (prisma/models.prisma, applied by src/db/migrate.ts),
 * and this store reads and writes exactly what Prisma would (times as ISO text with "+00:00", booleans as 0/1, see
 * src/db/drivers/sqlite.ts), so one database file works with either. The one SQL store (src/db/store/) runs on this
 * connection through the better-sqlite3 driver, and on PostgreSQL through the pg driver (issue 23).
 *
 * One connection, so one writer: a transaction holds the connection across its awaits, and every other call
 * waits its turn (a call between a transaction's awaits would otherwise run inside that transaction). A call made
 * from within the transaction's own work (e.g. a listing read while a command runs) goes straight through.
 * (A second connection in the same process would not do: its busy wait is synchronous, so it would deadlock
 * against a write transaction left open across an await.)
 *
 * Group commit (issue 16): transactions that arrive while the connection is busy (or in the same turn of the
 * event loop) run together in the next database transaction, each in its own SAVEPOINT, and one COMMIT makes them
 * durable together. Each caller's promise settles only after that COMMIT, so nothing is acknowledged before it is
 * durable; a member that throws (a refusal, a bug) is rolled back to its savepoint and fails alone, its neighbours
 * commit; a member that lost a race runs again in a later batch. Members run one after another, in arrival order,
 * so each sees exactly what it would have seen had it committed alone. The WAL checkpoint runs off the commit path
 * (checkpointer.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { isRetryable, retryDelayMs, TX_RETRY } from '../shared/retry.ts';
import { sqlitePragmas } from '../shared/sqlite.ts';
import { CHECKPOINT_AFTER_COMMITS, startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { Statements } from './statements.ts';

export interface SqliteConnection {
  /** The statements; call them only inside `call` or `transaction`. */
  readonly sql: Statements;
  /** Runs `f` on the connection: at once from within the open transaction's own work, else in turn (FIFO). */
  call<R>(f: () => R): Promise<R>;
  /**
   * Runs `fn` as one transaction: alone or with the others that arrived with it (group commit, above), its writes
   * undone when it throws, run again whole when it lost a race (shared/retry.ts). Settles after the COMMIT. A
   * transaction started inside another is refused.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * A write of its own (a delivery mark, a card reference, the request journal): inside an open transaction it runs
   * at once, as part of it; elsewhere it is a transaction of one, so it shares the next group COMMIT instead of
   * paying for a COMMIT of its own between two batches.
   */
  write<R>(f: () => R): Promise<R>;
  /** How many transactions have committed, in how many COMMITs (group commit at work; for tests and metrics). */
  stats(): { transactions: number; commits: number };
  close(): Promise<void>;
}

/** The most transactions one COMMIT carries (a bound on how long one batch holds the write lock). */
export const MAX_BATCH = 64;

interface Member {
  fn: () => Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  /** runs so far (a lost race runs again, up to TX_RETRY.attempts) */
  runs: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Opens (and owns) a connection to an SQLite file whose schema is already migrated. */
export function openSqliteConnection(path: string, opts: { throwaway?: boolean } = {}): SqliteConnection {
  const db = new Database(path, { timeout: 5000 });
  for (const p of sqlitePragmas(!opts.throwaway)) db.pragma(p);
  // A live database checkpoints from a worker (checkpointer.ts); the writer's own checkpoint is only a backstop,
  // and the WAL file is cut back to 16 MB after it restarts. A drill's throwaway database never syncs, so its
  // checkpoints cost no wait and it keeps SQLite's default (and starts no worker).
  // Transactions waiting for the next batch, whether a batch is scheduled or running, lost races waiting to run
  // again, who waits for all of that to be over (close), and what has been committed so far.
  const queue: Member[] = [];
  let draining = false;
  let retrying = 0;
  const quietWaiters: (() => void)[] = [];
  const counts = { transactions: 0, commits: 0 };
  let closed = false;

  // The worker starts once CHECKPOINT_AFTER_COMMITS commits went by: a quiet database (a branch's day, a test)
  // never needs it (the writer's backstop is far off), and it is never on the start-up path.
  let checkpointer: Checkpointer | null = null;
  const wroteSomething = () => {
    if (checkpointer) return checkpointer.committed();
    if (!opts.throwaway && !closed && counts.commits >= CHECKPOINT_AFTER_COMMITS) checkpointer = startCheckpointer(path);
  };
  if (!opts.throwaway) db.pragma('wal_autocheckpoint = 4096');
  db.pragma(`journal_size_limit = ${16 * 2 ** 20}`);
  const sql = new Statements(db);

  // The connection is held by one batch (or one plain call) at a time; others queue (FIFO) until it is free.
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

  /** Runs one member's work under its own mark; what it returned or threw. */
  const runMember = async (m: Member): Promise<Outcome> => {
    const mark = {};
    current = mark;
    m.runs++;
    try {
      return { ok: true, value: await inside.run(mark, m.fn) };
    } catch (error) {
      return { ok: false, error };
    } finally {
      current = null;
    }
  };

  /** A member that lost a race runs again in a later batch, after a jittered wait; others settle. */
  const settle = (m: Member, o: Outcome) => {
    if (o.ok) return m.resolve(o.value);
    if (isRetryable(o.error) && m.runs < TX_RETRY.attempts) {
      retrying++;
      setTimeout(() => {
        retrying--;
        enqueue(m);
      }, retryDelayMs(m.runs));
      return;
    }
    m.reject(o.error);
  };

  /**
   * One database transaction for a batch. With one member it is a plain BEGIN … COMMIT; with more, each runs in a
   * SAVEPOINT so that its failure undoes only its own writes. Promises settle after the COMMIT (or the ROLLBACK).
   */
  const runBatch = async (batch: Member[]): Promise<void> => {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      // the file is locked by another process beyond the busy wait: every member may run again
      for (const m of batch) {
        m.runs++;
        settle(m, { ok: false, error });
      }
      return;
    }
    const outcomes: Outcome[] = [];
    const single = batch.length === 1;
    for (let i = 0; i < batch.length; i++) {
      if (!single) db.exec('SAVEPOINT member');
      const o = await runMember(batch[i]);
      if (!db.inTransaction) {
        // SQLite gave the whole transaction up (e.g. disk full): nothing of this batch is written; the member that
        // met it fails (or runs again), the others run again in the next batch, none of them acknowledged yet
        settle(batch[i], o.ok ? { ok: false, error: new Error('the transaction was rolled back by the database') } : o);
        for (const m of batch.slice(0, i)) {
          m.runs--;
          enqueue(m);
        }
        for (const m of batch.slice(i + 1)) enqueue(m);
        return;
      }
      if (!single) db.exec(o.ok ? 'RELEASE member' : 'ROLLBACK TO member; RELEASE member');
      outcomes.push(o);
    }
    const kept = outcomes.filter((o) => o.ok).length;
    try {
      db.exec(kept ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const m of batch) settle(m, { ok: false, error });
      return;
    }
    if (kept) {
      counts.commits++;
      counts.transactions += kept;
      wroteSomething();
    }
    batch.forEach((m, i) => settle(m, outcomes[i]));
  };

  const enqueue = (m: Member) => {
    queue.push(m);
    if (draining) return;
    draining = true;
    void drain();
  };
  const drain = async () => {
    try {
      while (queue.length) {
        // take a place in line (a call made after this transaction waits for it, FIFO as before) …
        const wait = acquire();
        if (wait) await wait;
        try {
          // … then let this turn's other I/O callbacks run, so the commands that arrived together commit together
          await new Promise<void>((r) => setImmediate(r));
          const batch = queue.splice(0, MAX_BATCH);
          try {
            await runBatch(batch);
          } catch (error) {
            // the database refused a SAVEPOINT, RELEASE or ROLLBACK: nothing of the batch is kept, none acknowledged
            if (db.inTransaction) db.exec('ROLLBACK');
            for (const m of batch) m.reject(error);
          }
        } finally {
          // calls that queued during the batch go before the next one
          release();
        }
      }
    } finally {
      draining = false;
      // (a lost race waiting to run again comes back through enqueue, and so through here)
      if (!queue.length && !retrying) for (const w of quietWaiters.splice(0)) w();
    }
  };

  return {
    sql,
    call,
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (withinOpenTx()) return Promise.reject(new Error('a transaction cannot start inside another transaction'));
      if (closed) return Promise.reject(new Error('the database is closed'));
      return new Promise<T>((resolve, reject) => enqueue({ fn, resolve: resolve, reject, runs: 0 }));
    },
    write<R>(f: () => R): Promise<R> {
      if (withinOpenTx()) return Promise.resolve().then(f);
      return this.transaction(async () => f());
    },
    stats: () => ({ ...counts }),
    async close() {
      if (closed) return;
      closed = true;
      if (draining || queue.length || retrying) await new Promise<void>((r) => quietWaiters.push(r));
      await checkpointer?.stop();
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
