/**
 * `npm run db:diff -- <name>`: makes the next migration for every provider, Prisma-style
 * (prisma/<provider>/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql + migration_lock.toml), as the diff
 * from the existing migration history to the current schema, computed by the WASM schema engine.
 * Never write migrations by hand.
 *
 * The history is replayed on a shadow database: in memory for SQLite; on PostgreSQL a temporary database
 * created (and dropped) on the server named by MIGRATE_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeSchemas } from './prisma-schemas.mjs';
import { DEFAULT_PG_URL, PROVIDERS, diffMigrationsToSchema, lockfileContent, migrationsDirOf, redactUrl } from '../src/db/schema-engine.ts';

const pgUrl = process.env.MIGRATE_PG_URL ?? DEFAULT_PG_URL;

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

async function main(): Promise<number> {
  const rawName = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const name = (rawName ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) {
    console.error('usage: npm run db:diff -- <migration_name>');
    return 2;
  }
  const rewritten = writeSchemas();
  if (rewritten.length > 0)
    console.log(`db:diff: rewrote ${rewritten.length} schema file(s) from prisma/models.prisma (run npm run db:generate too)`);

  const stamp = timestamp();
  let made = 0;
  for (const provider of PROVIDERS) {
    let sql: string;
    try {
      sql = await diffMigrationsToSchema(provider, pgUrl);
    } catch (err) {
      const hint =
        provider === 'postgresql' ? ` (needs a PostgreSQL server for the shadow database: ${redactUrl(pgUrl)}, set MIGRATE_PG_URL)` : '';
      console.error(`db:diff: ${provider}: ${(err as Error).message}${hint}`);
      return 1;
    }
    if (!sql.trim()) {
      console.log(`db:diff: ${provider}: migrations are in step with the schema, nothing to do`);
      continue;
    }
    const base = migrationsDirOf(provider);
    const dir = join(base, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
    const lock = join(base, 'migration_lock.toml');
    if (!existsSync(lock)) writeFileSync(lock, lockfileContent(provider));
    console.log(`db:diff: ${provider}: wrote ${relative(process.cwd(), join(dir, 'migration.sql'))}`);
    made++;
  }
  if (made === 0) console.log('db:diff: no migration needed');
  return 0;
}

// Exit explicitly: nothing may keep a CLI run alive (pg pools, engine timers).
main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
