/**
 * One way to retry a transaction, for both stores: a unit of work that lost a race runs again from the start, a
 * few times, with jittered backoff. What counts as a lost race is decided by type, never by message text:
 * - ConcurrencyError: the core found a case changed since it was read (another command, another replica);
 * - the database's own contention: SQLite busy beyond the busy wait (better-sqlite3's `SQLITE_BUSY*` codes, or
 *   the Prisma adapter's `SocketTimeout`, P1008), a PostgreSQL serialization failure (40001) or deadlock (40P01)
 *   (the Prisma adapter's `TransactionWriteConflict`, P2034).
 * Anything else (a refusal, a unique key clash, a bug) is rethrown at once, as it was.
 */
import { ConcurrencyError } from '../../core/domain/errors.ts';

export interface RetryPolicy {
  /** runs in all, the first included */
  attempts: number;
  /** the wait before the second run; it doubles each time, plus up to as much again at random */
  baseDelayMs: number;
}

export const TX_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 20 };

const CONTENTION_CODES = new Set(['40001', '40P01', 'P2034', 'P1008']);
const CONTENTION_KINDS = new Set(['TransactionWriteConflict', 'SocketTimeout']);

/** Is this the database saying another writer got in the way (looked for in the error, its cause and its meta)? */
function isContention(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const o = e as { code?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof o.code === 'string' && (o.code.startsWith('SQLITE_BUSY') || CONTENTION_CODES.has(o.code))) return true;
  if (typeof o.kind === 'string' && CONTENTION_KINDS.has(o.kind)) return true;
  return isContention(o.cause, depth + 1) || isContention(o.meta?.driverAdapterError, depth + 1);
}

/** A transaction that failed this way may simply be run again. */
export const isRetryable = (e: unknown): boolean => e instanceof ConcurrencyError || isContention(e);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The wait before run `run + 1`: the base delay doubled each run, plus up to the base again at random. */
export const retryDelayMs = (run: number, policy: RetryPolicy = TX_RETRY): number =>
  policy.baseDelayMs * 2 ** (run - 1) + Math.random() * policy.baseDelayMs;

/**
 * Runs `attempt` (one whole transaction) until it succeeds, fails with an error that is not a lost race, or has
 * run `policy.attempts` times; then the last error is thrown as it was.
 */
export async function retryTransaction<T>(attempt: () => Promise<T>, policy: RetryPolicy = TX_RETRY): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await attempt();
    } catch (e) {
      if (run >= policy.attempts || !isRetryable(e)) throw e;
      await sleep(retryDelayMs(run, policy));
    }
  }
}
