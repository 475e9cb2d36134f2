/**
 * The node-postgres driver: a pool of DATABASE_POOL_SIZE connections (default 20), every statement a named
 * prepared statement (parsed once per connection, then only bound and executed), `?` numbered once per text.
 *
 * Values, as the Prisma migrations type the columns: times are timestamp(3) without time zone holding UTC (Prisma's
 * convention), so a Date goes out as its UTC text and comes back read as UTC (never the process's local zone);
 * flags are boolean; ids and counts integer, and int8 results (COUNT, SUM) are read as numbers.
 */
import pg from 'pg';
import { pgConfigOf } from '../database-url.ts';
import { POSTGRESQL } from '../dialect.ts';
import { retryTransaction } from '../shared/retry.ts';
import type { Driver, Queryable, Row } from './driver.ts';

/**
 * PostgreSQL connections per replica; DATABASE_POOL_SIZE overrides it. 20 (bench/pg.ts, 32 submitters at once): a
 * read issued while commands queue waits for a connection far less than with 5–10 (216–266 ms against 489–614 ms
 * p50 under Prisma); waiting connections cost the server no CPU, and two replicas of 20 stay well within
 * PostgreSQL's default max_connections of 100.
 */
export const PG_POOL_SIZE_DEFAULT = 20;

export function pgPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DATABASE_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : PG_POOL_SIZE_DEFAULT;
}

const TIMESTAMP = 1114;
const INT8 = 20;
const NUMERIC = 1700;

/** `2026-12-01 08:00:00.000` (UTC, no zone: what a timestamp(3) column holds) */
const utcText = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/** A JavaScript value as a parameter. */
export function toPg(v: unknown): unknown {
  if (v instanceof Date) return utcText(v);
  if (Array.isArray(v)) return v.map(toPg);
  return v === undefined ? null : v;
}

/** Rows' values: timestamps as UTC, int8 and numeric as numbers; the rest as pg reads them. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP) return (s: string) => new Date(`${s.replace(' ', 'T')}Z`);
    if (oid === INT8 || oid === NUMERIC) return (s: string) => Number(s);
    return pg.types.getTypeParser(oid, format) as (s: string) => unknown;
  },
};

export interface PgDriver extends Driver {
  readonly pool: pg.Pool;
}

export function openPgDriver(databaseUrl: string, opts: { poolSize?: number; applicationName?: string } = {}): PgDriver {
  const pool = new pg.Pool({
    ...pgConfigOf(databaseUrl),
    application_name: opts.applicationName ?? 'complaint-desk',
    max: opts.poolSize ?? pgPoolSize(),
    types,
  });
  pool.on('error', () => {}); // an idle connection dropped by the server: the next query reports what is wrong

  // one name per statement text: each connection parses it once (pg keeps the connection's parsed statements)
  const statements = new Map<string, { name: string; text: string }>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = { name: `cd${statements.size}`, text: POSTGRESQL.numbered(sql) }));
    return s;
  };
  const query = (on: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[] | undefined) => {
    const s = statement(sql);
    return on.query<Row>({ name: s.name, text: s.text, values: params ? params.map(toPg) : [] });
  };
  const queryable = (on: pg.Pool | pg.PoolClient): Queryable => ({
    dialect: POSTGRESQL,
    all: async (sql, params) => (await query(on, sql, params)).rows,
    get: async (sql, params) => (await query(on, sql, params)).rows[0],
    run: async (sql, params) => (await query(on, sql, params)).rowCount ?? 0,
  });
  // a connection keeps its queryable (a transaction's ports are built once per connection, not per transaction)
  const ofClient = new WeakMap<pg.PoolClient, Queryable>();
  let closed: Promise<void> | undefined;
  const top = queryable(pool);

  return {
    ...top,
    pool,
    transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('the database is closed'));
      return retryTransaction(async () => {
        const client = await pool.connect();
        let q = ofClient.get(client);
        if (!q) ofClient.set(client, (q = queryable(client)));
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const value = await fn(q);
          await client.query('COMMIT');
          return value;
        } catch (e) {
          await client.query('ROLLBACK').catch((r: Error) => (broken = r));
          throw e;
        } finally {
          client.release(broken);
        }
      });
    },
    write: (fn) => fn(top),
    close: () => (closed ??= pool.end()),
  };
}
