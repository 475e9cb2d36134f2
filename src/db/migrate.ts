/**
 * Applies the pending migrations of prisma/<provider>/migrations at start-up, like `prisma migrate deploy`
 * (same files, same `_prisma_migrations` table), but through the WASM schema engine over our driver
 * adapters: no native engine and no network needed.
 *
 * PostgreSQL: replicas starting together serialize on a session-level advisory lock held (on a plain `pg`
 * connection of its own) around the whole apply; whoever comes second finds nothing pending.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import {
  EMPTY_FILTER,
  migrationsDirOf,
  openSchemaEngine,
  pgConfigOf,
  providerOf,
  readMigrationList,
  redactUrl,
  sqlitePathOf,
  type Provider,
} from './schema-engine.ts';

/** pg_advisory_lock key guarding migrations ("cdmigrat" in ASCII). Prisma's own engine uses 72707369. */
export const MIGRATION_LOCK_KEY = '7161969606900474228';

export interface ApplyResult {
  /** Names of the migrations applied by this call, oldest first (empty when already up to date). */
  applied: string[];
}

async function applyWithEngine(provider: Provider, databaseUrl: string): Promise<string[]> {
  const session = await openSchemaEngine({ provider, databaseUrl });
  try {
    const out = await session.run(`applying migrations to ${redactUrl(databaseUrl)}`, (engine) =>
      engine.applyMigrations({ migrationsList: readMigrationList(provider), filters: EMPTY_FILTER }),
    );
    return out.appliedMigrationNames;
  } finally {
    await session.close();
  }
}

export async function applyMigrations(databaseUrl: string): Promise<ApplyResult> {
  const provider = providerOf(databaseUrl);

  if (provider === 'sqlite') {
    const path = sqlitePathOf(databaseUrl);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    // Fast path: nothing pending → no schema engine at all (saves its start-up, and never waits on the
    // write lock another process holds on the file).
    if (path !== ':memory:' && sqliteUpToDate(path)) return { applied: [] };
    return { applied: await applyWithEngine(provider, databaseUrl) };
  }

  const lock = new pg.Client({ ...pgConfigOf(databaseUrl), application_name: 'complaint-desk-migrate-lock' });
  lock.on('error', () => {}); // a dropped lock connection surfaces through the queries below
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      return { applied: await applyWithEngine(provider, databaseUrl) };
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await lock.end().catch(() => {});
  }
}

/** Local migration folder names, in order. */
function localMigrations(provider: 'sqlite' | 'postgresql'): string[] {
  const dir = migrationsDirOf(provider);
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

/** True when every local migration is recorded as finished in `_prisma_migrations` (read-only check). */
function sqliteUpToDate(path: string): boolean {
  if (!existsSync(path)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { name: string }[];
    const done = new Set(rows.map((r) => r.name));
    return localMigrations('sqlite').every((m) => done.has(m));
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
