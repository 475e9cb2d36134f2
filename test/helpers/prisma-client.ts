/**
 * A Prisma client of a test's own (the running product never loads one: its store is plain SQL over better-sqlite3
 * or pg, src/db/store/). Tests inspect the tables through Prisma's generated client, an independent reader that
 * also holds the store to writing exactly what Prisma reads. One generated client per provider
 * (src/db/generated/<provider>, `npm run db:generate`); the URL picks one. Whoever creates a client closes it.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqliteClient } from '../../src/db/generated/sqlite/client.ts';
import { PrismaClient as PgClient } from '../../src/db/generated/postgresql/client.ts';
import { sqlitePragmas } from '../../src/db/shared/sqlite.ts';
import { pgConfigOf, providerOf, sqlitePathOf, type Provider } from '../../src/db/database-url.ts';
import { pgPoolSize } from '../../src/db/drivers/pg.ts';

/**
 * The app's database client type. Both generated clients have the same API (same models), so the app
 * programs against the SQLite one's type; the PostgreSQL client is cast to it.
 */
export type Db = SqliteClient;

/** The transaction client passed to `db.$transaction(async (tx) => …)`. */
export type DbTx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Either: what the ports that also run inside a transaction are written against. */
export type Client = Db | DbTx;

export type { Provider };

export interface DbHandle {
  prisma: Db;
  provider: Provider;
  /** Disconnects the client (and closes its connections). Idempotent. */
  close(): Promise<void>;
}

/** The same per-connection settings as the store's own SQLite connection (src/db/sqlite/connection.ts). */
const SQLITE_PRAGMAS = sqlitePragmas(true)
  .map((p) => `PRAGMA ${p};`)
  .join(' ');

/** The better-sqlite3 adapter factory, with our pragmas run on each connection it opens. */
function sqliteAdapter(path: string): SqlDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url: path, timeout: 5000 });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const conn = await base.connect();
      await conn.executeScript(SQLITE_PRAGMAS);
      return conn;
    },
  };
}

/**
 * The client is built on first use. The app opens one for PostgreSQL only (the embedded SQLite default runs on
 * better-sqlite3, src/db/sqlite/); on SQLite, tests open one to compare the two stores on the same file.
 */
export function createPrismaClient(databaseUrl: string): DbHandle {
  const provider = providerOf(databaseUrl);
  let client: Db | undefined;
  const build = (): Db => {
    if (provider === 'sqlite') return new SqliteClient({ adapter: sqliteAdapter(sqlitePathOf(databaseUrl)) });
    // Explicit fields, not connectionString (same parsing as the migrations use).
    const adapter = new PrismaPg({ ...pgConfigOf(databaseUrl), application_name: 'complaint-desk', max: pgPoolSize() });
    return new PgClient({ adapter }) as unknown as Db;
  };
  let closing: Promise<void> | undefined;
  return {
    get prisma() {
      if (closing) throw new Error('the database client is closed');
      return (client ??= build());
    },
    provider,
    close: () => (closing ??= client ? client.$disconnect() : Promise.resolve()),
  };
}
