/**
 * Schema files, migration histories and start-up migrations, on SQLite and (when reachable) PostgreSQL.
 * PostgreSQL: TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/test) is the admin connection
 * used to create and drop the cd_test_<random> databases.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open-store.ts';
import { applyMigrations, createSqliteFresh } from '../../src/db/migrate.ts';
import {
  applyWithEngine,
  PRISMA_DIR,
  PROVIDERS,
  diffMigrationsToSchema,
  migrationsDirOf,
  pgConfigOf,
  quoteIdent,
  type Provider,
} from '../../src/db/schema-engine.ts';

const ROOT = join(PRISMA_DIR, '..');
const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

const MODELS = [...readFileSync(join(PRISMA_DIR, 'models.prisma'), 'utf8').matchAll(/^model\s+(\w+)/gm)].map((m) => m[1]);
const EXPECTED_TABLES = [...MODELS, '_prisma_migrations'].sort();

function migrationNames(provider: Provider): string[] {
  const dir = migrationsDirOf(provider);
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

async function pgReachable(): Promise<string | null> {
  const client = new pg.Client({ ...pgConfigOf(PG_ADMIN_URL), connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

const pgDown = await pgReachable();
if (pgDown) console.warn(`PostgreSQL tests skipped: ${PG_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')} not reachable (${pgDown})`);

/** The admin URL with another database name. */
function pgUrlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigOf(PG_ADMIN_URL));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const createdPgDbs: string[] = [];
async function freshPgDatabase(): Promise<string> {
  const name = `cd_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  createdPgDbs.push(name);
  return pgUrlFor(name);
}

afterAll(async () => {
  if (createdPgDbs.length === 0) return;
  await withAdmin(async (c) => {
    for (const name of createdPgDbs) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
});

async function pgQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(pgConfigOf(url));
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function pgTables(url: string): Promise<string[]> {
  const rows = await pgQuery<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  return rows.map((r) => r.table_name).sort();
}

/** The store works on the migrated database: the case counter counts. */
async function counterRoundTrip(url: string, provider: Provider): Promise<void> {
  const { store, provider: p } = await openStore(url);
  try {
    expect(p).toBe(provider);
    expect(await store.tx((t) => t.nextCaseId())).toBe(1);
    expect(await store.tx((t) => t.nextCaseId())).toBe(2);
  } finally {
    await store.close();
  }
}

describe('per-provider schemas', () => {
  it('(a) prisma/<provider>/schema.prisma are in step with prisma/models.prisma', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'prisma-schemas.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr + r.stdout).toContain('up to date');
    expect(r.status, `${r.stderr}\nRun: npm run db:schemas && npm run db:generate`).toBe(0);
    const models = readFileSync(join(PRISMA_DIR, 'models.prisma'), 'utf8');
    for (const provider of PROVIDERS) {
      const schema = readFileSync(join(PRISMA_DIR, provider, 'schema.prisma'), 'utf8');
      expect(schema).toContain(`provider = "${provider}"`);
      expect(schema).toContain(`output       = "../../src/db/generated/${provider}"`);
      expect(schema.endsWith(models.replace(/\s*$/, '\n'))).toBe(true);
    }
  });
});

describe('migration histories', () => {
  it('(b) sqlite: diff from the migrations to the schema is empty', async () => {
    expect(migrationNames('sqlite').length).toBeGreaterThan(0);
    const sql = await diffMigrationsToSchema('sqlite');
    expect(sql, 'the schema changed without a migration: run `npm run db:diff -- <name>`').toBe('');
  });

  it.skipIf(pgDown)('(b) postgresql: diff from the migrations to the schema is empty', async () => {
    expect(migrationNames('postgresql').length).toBeGreaterThan(0);
    const sql = await diffMigrationsToSchema('postgresql', PG_ADMIN_URL);
    expect(sql, 'the schema changed without a migration: run `npm run db:diff -- <name>`').toBe('');
  });

  it('both providers have the same migration names', () => {
    expect(migrationNames('postgresql')).toEqual(migrationNames('sqlite'));
  });
});

describe('applyMigrations on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('(c) creates all tables in a fresh file (parent folder made), then is a no-op, and the client works', async () => {
    const file = join(dir, 'nested', 'data', 'test.sqlite');
    const url = `file:${file}`;

    const first = await applyMigrations(url);
    expect(first.applied).toEqual(migrationNames('sqlite'));

    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
        name: string;
      }[];
      expect(tables.map((t) => t.name).sort()).toEqual(EXPECTED_TABLES);
    } finally {
      db.close();
    }

    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);

    await counterRoundTrip(url, 'sqlite');
  });

  it('(c2) a fresh file gets exactly what the schema engine writes, and the engine then finds nothing to apply', async () => {
    const direct = join(dir, 'direct.sqlite');
    const engine = join(dir, 'engine.sqlite');
    expect(createSqliteFresh(direct)).toEqual(migrationNames('sqlite'));
    expect(await applyWithEngine('sqlite', `file:${engine}`)).toEqual(migrationNames('sqlite'));
    const read = (f: string) => {
      const db = new Database(f, { readonly: true });
      try {
        return {
          schema: db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all(),
          history: db
            .prepare(
              `SELECT migration_name, checksum, applied_steps_count, logs, rolled_back_at, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
            )
            .all(),
          times: db.prepare(`SELECT started_at, finished_at FROM _prisma_migrations`).all() as {
            started_at: string;
            finished_at: string;
          }[],
        };
      } finally {
        db.close();
      }
    };
    const a = read(direct);
    const b = read(engine);
    expect(a.schema).toEqual(b.schema);
    expect(a.history).toEqual(b.history);
    for (const t of a.times) expect(t.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    // the engine reads the direct file's history as its own: nothing pending, no drift
    expect(await applyWithEngine('sqlite', `file:${direct}`)).toEqual([]);
    expect((await applyMigrations(`file:${direct}`)).applied).toEqual([]);
    // a file that already holds something is left to the engine
    expect(createSqliteFresh(direct)).toBeUndefined();
    await counterRoundTrip(`file:${direct}`, 'sqlite');
  });
});

describe('applyMigrations on an SQLite file that is behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-migrate-behind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('(c3) applies only the pending migrations, each recorded as the engine would, and ends with a fresh file’s schema', async () => {
    const names = migrationNames('sqlite');
    const fresh = join(dir, 'fresh.sqlite');
    createSqliteFresh(fresh);
    const behind = join(dir, 'behind.sqlite');
    // replay the first three by hand, as an older release would have left them
    const { readMigrationList } = await import('../../src/db/migration-files.ts');
    const dirs = readMigrationList('sqlite').migrationDirectories.slice(0, 3);
    const db2 = new Database(behind);
    try {
      db2.exec(
        `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
      );
      for (const d of dirs) {
        db2.exec((d.migrationFile.content as { value: string }).value);
        db2
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, 'x', '2026-11-30T00:00:00.000+00:00', ?, '2026-11-30T00:00:00.000+00:00', 1)`,
          )
          .run(d.path, d.path);
      }
    } finally {
      db2.close();
    }
    expect((await applyMigrations(`file:${behind}`)).applied).toEqual(names.slice(3));
    expect((await applyMigrations(`file:${behind}`)).applied).toEqual([]);
    const schema = (f: string) => {
      const d = new Database(f, { readonly: true });
      try {
        return d
          .prepare(
            `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> '_prisma_migrations' AND name NOT LIKE 'sqlite_autoindex__prisma%' ORDER BY type, name`,
          )
          .all();
      } finally {
        d.close();
      }
    };
    expect(schema(behind)).toEqual(schema(fresh));
    // and the engine agrees nothing is pending
    expect(await applyWithEngine('sqlite', `file:${behind}`)).toEqual([]);
    // a migration that failed earlier (started, never finished) stops start-up with one line, as Prisma does
    const db3 = new Database(behind);
    db3.prepare(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = ?`).run(names[0]);
    db3.close();
    await expect(applyMigrations(`file:${behind}`)).rejects.toThrow(/failed earlier/);
  });
});

describe.skipIf(pgDown)('applyMigrations on PostgreSQL', () => {
  it('(d) creates all tables in a fresh database, then is a no-op, and the client works', async () => {
    const url = await freshPgDatabase();

    const first = await applyMigrations(url);
    expect(first.applied).toEqual(migrationNames('postgresql'));
    expect(await pgTables(url)).toEqual(EXPECTED_TABLES);

    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    // the engine reads the history start-up wrote (plain SQL, src/db/migrate.ts) as its own: nothing pending
    expect(await applyWithEngine('postgresql', url)).toEqual([]);
    const history = await pgQuery<{ migration_name: string; applied_steps_count: number; logs: string | null }>(
      url,
      `SELECT migration_name, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(history).toEqual(migrationNames('postgresql').map((m) => ({ migration_name: m, applied_steps_count: 1, logs: null })));

    await counterRoundTrip(url, 'postgresql');
  });

  it('(e) two concurrent applyMigrations on one fresh database both succeed and apply once', async () => {
    const url = await freshPgDatabase();

    const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    const all = results.flatMap((r) => r.applied).sort();
    expect(all).toEqual(migrationNames('postgresql'));
    // One of them did everything, the other found nothing pending.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, migrationNames('postgresql').length]);

    const rows = await pgQuery<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
      url,
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrationNames('postgresql').map((m) => ({ migration_name: m, finished: true, rolled_back: false })));
    expect(await pgTables(url)).toEqual(EXPECTED_TABLES);
  });
});
