/**
 * Prisma clients. One generated client per provider (src/db/generated/<provider>, `npm run db:generate`);
 * DATABASE_URL picks one: `file:<path>` → SQLite (better-sqlite3), `postgresql://…` → PostgreSQL (pg).
 * A factory, not a module singleton: whoever creates a client closes it.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import { PrismaClient as PgClient } from '../generated/postgresql/client.ts';
import { sqlitePragmas } from '../shared/sqlite.ts';
import { pgConfigOf, providerOf, sqlitePathOf, type Provider } from '../database-url.ts';

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

/** The same per-connection settings as the SQLite store's own connection (src/db/sqlite/connection.ts). */
const SQLITE_PRAGMAS = sqlitePragmas(true).map((p) => `PRAGMA ${p};`).join(' ');

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
 * PostgreSQL connections per replica: pg.Pool's `max` under @prisma/adapter-pg (pg's own default is 10);
 * DATABASE_POOL_SIZE overrides it. 20 from bench/pg.ts on a 2-core machine whose cores PostgreSQL shares (1,000
 * `/complaint new` from 32 submitters at once, pool 5 / 10 / 20): cases/s did not depend on it beyond the noise
 * between runs (38–57 / 40–52 / 44–63 /s over three runs): each open holds the case counter's row lock until it
 * commits and spends ~15 ms of this process's CPU in the client, so most connections of a busy pool only wait on
 * that lock. But a read issued meanwhile waited for a connection behind the queued commands: p50 593–614 / 489–535
 * / 216–266 ms (two runs). Waiting connections cost the server no CPU; two replicas of 20 stay well within
 * PostgreSQL's default max_connections of 100.
 */
export const PG_POOL_SIZE_DEFAULT = 20;

export function pgPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DATABASE_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : PG_POOL_SIZE_DEFAULT;
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
