/**
 * The better-sqlite3 driver: the one connection of src/db/sqlite/connection.ts (turn-taking, group commit, the
 * checkpoint worker), its statements prepared once. Values as SQLite keeps them, exactly what Prisma writes for the
 * same schema: times as ISO text with "+00:00", flags as 0/1; a list parameter as JSON text (dialect.inList).
 */
import { SQLITE } from '../dialect.ts';
import { sqliteTime } from '../shared/sqlite.ts';
import { openSqliteConnection, type SqliteConnection } from '../sqlite/connection.ts';
import type { Driver, Queryable } from './driver.ts';

/** A JavaScript value as SQLite stores it. */
export function toSqlite(v: unknown): unknown {
  if (v instanceof Date) return sqliteTime(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return JSON.stringify(v.map(toSqlite));
  return v === undefined ? null : v;
}

const convert = (params: readonly unknown[] | undefined): unknown[] => (params ? params.map(toSqlite) : []);

export interface SqliteDriver extends Driver {
  readonly connection: SqliteConnection;
}

/** Opens (and owns) the connection to an SQLite file whose schema is already migrated. */
export function openSqliteDriver(path: string, opts: { throwaway?: boolean } = {}): SqliteDriver {
  const c = openSqliteConnection(path, opts);
  const { sql } = c;
  const q: Queryable = {
    dialect: SQLITE,
    all: (text, params) => c.call(() => sql.rows(text, convert(params))),
    get: (text, params) => c.call(() => sql.get(text, convert(params))),
    run: (text, params) => c.call(() => sql.run(text, convert(params))),
  };
  return {
    ...q,
    connection: c,
    transaction: (fn) => c.transaction(() => fn(q)),
    write: async (fn) => await c.write(() => fn(q)),
    close: () => c.close(),
  };
}
