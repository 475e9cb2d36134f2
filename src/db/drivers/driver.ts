/**
 * The driver seam: what the one SQL store (src/db/store/) needs of a database. Two drivers implement it:
 * better-sqlite3 (sqlite.ts, the embedded default, one connection with group commit) and node-postgres (pg.ts, a
 * pool, named prepared statements). Statements are written once, with `?` placeholders; parameters are JavaScript
 * values (Date, boolean, number, string, null, and arrays for `dialect.inList`), converted by the driver.
 */
import type { Dialect } from '../dialect.ts';

export type Row = Record<string, unknown>;

/** Statements on a connection, or on the open transaction's connection. */
export interface Queryable {
  readonly dialect: Dialect;
  /** Every row (a statement with `RETURNING` too). */
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** A write: how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface Driver extends Queryable {
  /**
   * Runs `fn` as one transaction on `q` (its statements go to that transaction), run again whole when it lost a race
   * (shared/retry.ts); settles after the COMMIT. SQLite batches transactions that arrive together (group commit).
   */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * A write of its own (a delivery mark, a card reference, the request journal): inside an open SQLite transaction
   * it is part of it, elsewhere on SQLite it shares the next group COMMIT; on PostgreSQL it runs at once.
   */
  write<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
