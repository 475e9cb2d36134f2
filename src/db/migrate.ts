/**
 * Applies the pending migrations of prisma/<provider>/migrations at start-up, like `prisma migrate deploy` (same
 * files, same `_prisma_migrations` table, same checksums), by running each migration.sql itself, one transaction
 * per migration (a new SQLite file gets the whole history in one): no schema engine, no Prisma client, no network.
 * Prisma stays the source of truth for the models and the migrations, which its schema engine generates
 * (scripts/make-migration.ts, src/db/schema-engine.ts); test/integration/migrations.test.ts holds what this writes
 * to what the engine writes, and the engine finds nothing left to apply after it.
 *
 * PostgreSQL: replicas starting together serialize on a session-level advisory lock held (on a plain `pg`
 * connection of its own) around the whole apply; whoever comes second finds nothing pending.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { dirname, resolve } from 'node:path';
import { firstLine, reasonOf, StartupError } from '../startup-error.ts';
import { pgConfigOf, providerOf, redactUrl, sqlitePathOf, type Provider } from './database-url.ts';
import { migrationsDirOf, readMigrationList } from './migration-files.ts';
import { sqliteTime } from './shared/sqlite.ts';

/** pg_advisory_lock key guarding migrations ("cdmigrat" in ASCII). Prisma's own engine uses 72707369. */
export const MIGRATION_LOCK_KEY = '7161969606900474228';

export interface ApplyResult {
  /** Names of the migrations applied by this call, oldest first (empty when already up to date). */
  applied: string[];
}

const SQLITE_HINT = 'set DATABASE_URL=file:PATH to a writable place';

/** Why creating something failed; ENOENT with the parent there means the file system takes no new entries (/proc). */
function createReason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'this file system does not allow creating it (ENOENT)' : reasonOf(e);
}

/** Makes a folder and its missing parents, one level at a time (Node's recursive mkdir never returns under /proc). */
function makeFolder(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (st) {
    if (st.isDirectory()) return;
    throw Object.assign(new Error(`${dir} is a file, not a folder`), { code: 'ENOTDIR' });
  }
  const parent = dirname(dir);
  if (parent !== dir) makeFolder(parent);
  mkdirSync(dir);
}

/**
 * Before SQLite or the schema engine touch the file: its folder exists and takes new files (SQLite writes its
 * -wal and -shm beside the database), and the file itself, when there, is a writable file. Each failure is a
 * StartupError naming the path (the engine itself would only say "External error id#0").
 */
export function checkSqliteLocation(path: string): void {
  const file = resolve(path);
  const dir = dirname(file);
  try {
    makeFolder(dir);
  } catch (e) {
    throw new StartupError(
      { what: 'cannot create the database folder', where: dir, why: createReason(e), hint: SQLITE_HINT },
      { cause: e },
    );
  }
  if (existsSync(file)) {
    if (statSync(file).isDirectory())
      throw new StartupError({
        what: 'the SQLite database path is a folder, not a file:',
        where: file,
        hint: 'DATABASE_URL=file:PATH must name a file',
      });
    try {
      closeSync(openSync(file, 'r+'));
    } catch (e) {
      throw new StartupError(
        { what: 'cannot write the SQLite database', where: file, why: reasonOf(e), hint: `make it writable, or ${SQLITE_HINT}` },
        { cause: e },
      );
    }
  }
  const probe = join(dir, `.${basename(file)}.write-test-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    throw new StartupError(
      { what: 'cannot create files in the database folder', where: dir, why: createReason(e), hint: `make it writable, or ${SQLITE_HINT}` },
      { cause: e },
    );
  }
}

export async function applyMigrations(databaseUrl: string): Promise<ApplyResult> {
  const provider = providerOf(databaseUrl);

  if (provider === 'sqlite') {
    const path = sqlitePathOf(databaseUrl);
    if (path !== ':memory:') checkSqliteLocation(path);
    // Fast path: nothing pending → no schema engine at all (saves its start-up, and never waits on the
    // write lock another process holds on the file).
    if (path !== ':memory:' && sqliteUpToDate(path)) return { applied: [] };
    // A new file (a drill's, a first start) gets the whole history in one transaction, as the engine would write it.
    if (path !== ':memory:') {
      const applied = createSqliteFresh(path);
      if (applied) return { applied };
    }
    return { applied: guarded(provider, databaseUrl, () => applySqlitePending(path)) };
  }

  // (pg is loaded only here: the SQLite default never needs it)
  const { default: pg } = await import('pg');
  const lock = new pg.Client({ ...pgConfigOf(databaseUrl), application_name: 'complaint-desk-migrate-lock' });
  lock.on('error', () => {}); // a dropped lock connection surfaces through the queries below
  try {
    await lock.connect();
  } catch (e) {
    const c = pgConfigOf(databaseUrl);
    throw new StartupError(
      {
        what: 'cannot connect to PostgreSQL at',
        where: `${c.host}:${c.port} (database ${c.database}${c.user ? `, user ${c.user}` : ''}; DATABASE_URL)`,
        why: reasonOf(e),
        hint: 'check that the server is running and DATABASE_URL is right',
      },
      { cause: e },
    );
  }
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      return { applied: await guardedAsync(provider, databaseUrl, () => applyPgPending(lock)) };
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await lock.end().catch(() => {});
  }
}

/** A failure while applying, as one start-up line naming the database. */
function migrationFailure(provider: Provider, databaseUrl: string, e: unknown): StartupError {
  if (e instanceof StartupError) return e;
  const where = provider === 'sqlite' ? sqlitePathOf(databaseUrl) : redactUrl(databaseUrl);
  return new StartupError(
    {
      what: 'cannot apply the database migrations to',
      where,
      why: firstLine(e),
      hint:
        provider === 'sqlite'
          ? 'make the database file and its folder writable, or set DATABASE_URL=file:PATH elsewhere'
          : "check DATABASE_URL and the user's rights",
    },
    { cause: e },
  );
}
function guarded<T>(provider: Provider, databaseUrl: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw migrationFailure(provider, databaseUrl, e);
  }
}
async function guardedAsync<T>(provider: Provider, databaseUrl: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw migrationFailure(provider, databaseUrl, e);
  }
}

/** The migrations on disk, each script read (a folder without a readable migration.sql stops start-up). */
function migrationScripts(provider: Provider): { name: string; script: string; checksum: string }[] {
  return readMigrationList(provider).migrationDirectories.map((dir) => {
    const content = dir.migrationFile.content;
    if (content.tag === 'error') throw new Error(`cannot read migration ${dir.path}: ${content.value}`);
    return { name: dir.path, script: content.value, checksum: createHash('sha256').update(content.value).digest('hex') };
  });
}

/** Which migrations the history records as applied; a failed one (started, never finished) stops start-up, as in Prisma (P3009). */
function appliedOf(rows: { name: string; finished: unknown; rolledBack: unknown }[]): Set<string> {
  const failed = rows.filter((r) => !r.finished && !r.rolledBack).map((r) => r.name);
  if (failed.length)
    throw new Error(
      `migration ${failed.join(', ')} failed earlier and is marked as started in _prisma_migrations: resolve it first (see README)`,
    );
  return new Set(rows.filter((r) => r.finished && !r.rolledBack).map((r) => r.name));
}

/** `_prisma_migrations` exactly as Prisma's schema engine creates it on PostgreSQL. */
const PG_PRISMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** PostgreSQL (under the advisory lock, on its connection): each pending migration in a transaction of its own. */
async function applyPgPending(c: import('pg').Client): Promise<string[]> {
  await c.query(PG_PRISMA_MIGRATIONS_TABLE);
  const rows = (
    await c.query<{ name: string; finished: unknown; rolledBack: unknown }>(
      `SELECT migration_name AS name, finished_at AS finished, rolled_back_at AS "rolledBack" FROM "_prisma_migrations"`,
    )
  ).rows;
  const done = appliedOf(rows);
  const applied: string[] = [];
  for (const m of migrationScripts('postgresql')) {
    if (done.has(m.name)) continue;
    const startedAt = new Date();
    await c.query('BEGIN');
    try {
      // (a script without parameters goes as one simple query: every statement of it, in this transaction)
      await c.query(m.script);
      await c.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
        [randomUUID(), m.checksum, m.name, startedAt],
      );
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    }
    applied.push(m.name);
  }
  return applied;
}

/** SQLite, a file that already holds a history: each pending migration in a transaction of its own. */
function applySqlitePending(path: string): string[] {
  const db = new Database(path, { timeout: 5000 });
  try {
    db.exec(PRISMA_MIGRATIONS_TABLE.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
    const done = appliedOf(
      db
        .prepare(`SELECT migration_name AS name, finished_at AS finished, rolled_back_at AS rolledBack FROM "_prisma_migrations"`)
        .all() as {
        name: string;
        finished: unknown;
        rolledBack: unknown;
      }[],
    );
    const record = db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
    );
    const applied: string[] = [];
    for (const m of migrationScripts('sqlite')) {
      if (done.has(m.name)) continue;
      const startedAt = sqliteTime(new Date());
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(m.script);
        record.run(randomUUID(), m.checksum, sqliteTime(new Date()), m.name, startedAt);
        db.exec('COMMIT');
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

/** `_prisma_migrations` exactly as Prisma's schema engine creates it on SQLite. */
const PRISMA_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * A database file that holds nothing yet gets every migration in one transaction, recorded in `_prisma_migrations`
 * as the engine records them (same table, sha256 checksum of each script, one step each, ISO times), so the engine
 * and `prisma migrate` see them as applied. The engine took about 250 ms a migration here (its own connection
 * syncs each one), over 2 s for a drill's fresh database. Returns undefined when the file already holds something
 * (another process got there first, or an older history): applySqlitePending then does what is needed.
 */
export function createSqliteFresh(path: string): string[] | undefined {
  const db = new Database(path, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN IMMEDIATE');
    try {
      if ((db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master`).get() as { n: number }).n > 0) {
        db.exec('ROLLBACK');
        return undefined;
      }
      db.exec(PRISMA_MIGRATIONS_TABLE);
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      );
      // the same history, read the same way, as the engine is given (readMigrationList)
      const names: string[] = [];
      for (const dir of readMigrationList('sqlite').migrationDirectories) {
        const script = dir.migrationFile.content;
        if (script.tag === 'error') throw new Error(`cannot read migration ${dir.path}: ${script.value}`);
        const startedAt = sqliteTime(new Date());
        db.exec(script.value);
        record.run(randomUUID(), createHash('sha256').update(script.value).digest('hex'), sqliteTime(new Date()), dir.path, startedAt);
        names.push(dir.path);
      }
      db.exec('COMMIT');
      return names;
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.close();
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
