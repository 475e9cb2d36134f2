/**
 * `complaint-desk backup --out FILE` and `complaint-desk restore FILE` (the plan keeps every case 存档备查).
 *
 * Backup, SQLite: a consistent online copy while `serve` runs, through SQLite's backup API (better-sqlite3's
 * `backup`) on a connection of its own. The copy is taken in one step, so it is one read snapshot of the WAL
 * database: every transaction committed before it, none half (the writer is never held up; a reader in WAL mode
 * waits for nobody). The copy is then checked (`PRAGMA integrity_check`) and its cases counted.
 * Backup, PostgreSQL: the server's own tool does it; the command prints the `pg_dump` line to use.
 *
 * Restore (SQLite only): puts a checked backup in place of the database file of a stopped desk. While any process
 * has the database open (a running `serve` or console), it is refused: leaving WAL mode needs every other
 * connection closed, so a database that stays in WAL mode is in use. The file it replaces is kept beside it.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { pgConfigOf, providerOf, redactUrl, sqlitePathOf } from '../db/database-url.ts';
import { defaultDatabaseUrl } from '../db/client.ts';
import { sqliteTime } from '../db/shared/sqlite.ts';
import { reasonOf } from '../startup-error.ts';

export const BACKUP_USAGE = 'usage: complaint-desk backup --out FILE\n       complaint-desk restore FILE   (the desk stopped)';

const databaseUrl = (env: NodeJS.ProcessEnv) => env.DATABASE_URL || defaultDatabaseUrl();

/** Checks a database file: integrity_check's verdict and how many cases it holds (throws when it is no desk database). */
export function checkCopy(path: string): { ok: boolean; problems: string[]; cases: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const cases = (db.prepare(`SELECT COUNT(*) AS n FROM "Case"`).get() as { n: number }).n;
    return { ok: problems.length === 0, problems, cases };
  } finally {
    db.close();
  }
}

/** A consistent copy of the SQLite database at `from`, written to `out` (replaced when there). */
export async function backupSqlite(from: string, out: string): Promise<{ cases: number }> {
  const db = new Database(from, { readonly: true, fileMustExist: true, timeout: 5000 });
  const tmp = `${out}.partial-${process.pid}`;
  try {
    rmSync(tmp, { force: true });
    // every remaining page in one step: one read snapshot (a copy made in steps restarts whenever a writer commits)
    await db.backup(tmp, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // the copy is a database of its own: no WAL beside it
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const check = checkCopy(tmp);
  if (!check.ok) {
    rmSync(tmp, { force: true });
    throw new Error(`the copy failed its integrity check: ${check.problems.slice(0, 3).join('; ')}`);
  }
  renameSync(tmp, out);
  return { cases: check.cases };
}

/** Why the SQLite database at `path` cannot be replaced now (another process has it open), or null. */
export function databaseInUse(path: string): string | null {
  if (!existsSync(path)) return null;
  const db = new Database(path, { timeout: 0 });
  try {
    // leaving WAL mode needs every other connection closed: a database that stays in WAL mode is open elsewhere
    const mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
    return mode === 'delete' ? null : 'another process has it open';
  } catch (e) {
    return reasonOf(e);
  } finally {
    db.close();
  }
}

/** Puts the backup `file` in place of the SQLite database at `path`; the file replaced is kept beside it. */
export function restoreSqlite(file: string, path: string): { cases: number; kept: string | null } {
  const check = checkCopy(file);
  if (!check.ok) throw new Error(`${file} failed its integrity check: ${check.problems.slice(0, 3).join('; ')}`);
  const busy = databaseInUse(path);
  if (busy) throw new InUseError(path, busy);
  let kept: string | null = null;
  if (existsSync(path)) {
    kept = `${path}.before-restore-${sqliteTime(new Date()).replace(/[:.+]/g, '-')}`;
    renameSync(path, kept);
  }
  for (const side of ['-wal', '-shm', '-journal']) rmSync(`${path}${side}`, { force: true });
  copyFileSync(file, path);
  return { cases: check.cases, kept };
}

export class InUseError extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`the database ${path} is in use (${why})`);
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string, code = 1) => {
  process.stderr.write(`complaint-desk: ${line}\n`);
  return code;
};

export async function backupCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : undefined;
  if (!out || argv.length !== 2) return fail(`backup needs --out FILE\n${BACKUP_USAGE}`, 2);
  const url = databaseUrl(env);
  if (providerOf(url) === 'postgresql') {
    const c = pgConfigOf(url);
    say(`PostgreSQL (${redactUrl(url)}): back it up with the server's own tool, while the desk runs:`);
    say(
      `  pg_dump --format=custom --file ${JSON.stringify(resolve(out))} --host ${c.host} --port ${c.port}${c.user ? ` --username ${c.user}` : ''} ${c.database}` +
        (c.password ? '   (the password from PGPASSWORD or ~/.pgpass)' : ''),
    );
    say(
      `  restore into an empty database with: pg_restore --dbname ${c.database} --host ${c.host} --port ${c.port} ${JSON.stringify(resolve(out))}`,
    );
    return 0;
  }
  const from = sqlitePathOf(url);
  if (!existsSync(from)) return fail(`no database at ${from} (DATABASE_URL): nothing to back up`);
  if (!existsSync(dirname(resolve(out)))) return fail(`cannot write the backup: the folder ${dirname(resolve(out))} does not exist`);
  try {
    const { cases } = await backupSqlite(from, resolve(out));
    say(`backup of ${from} written to ${resolve(out)}: integrity ok, ${cases} cases`);
    return 0;
  } catch (e) {
    return fail(`cannot back up ${from} to ${resolve(out)}: ${reasonOf(e)}`);
  }
}

export async function restoreCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) return fail(`restore needs the backup FILE\n${BACKUP_USAGE}`, 2);
  const file = resolve(argv[0]);
  const url = databaseUrl(env);
  if (providerOf(url) === 'postgresql')
    return fail(`restore is for SQLite; on PostgreSQL use pg_restore into an empty database (see complaint-desk backup --out FILE)`, 2);
  if (!existsSync(file)) return fail(`no backup at ${file}`);
  const path = sqlitePathOf(url);
  try {
    const r = restoreSqlite(file, path);
    say(`restored ${file} to ${path}: ${r.cases} cases${r.kept ? ` (the database it replaced is kept as ${r.kept})` : ''}`);
    return 0;
  } catch (e) {
    if (e instanceof InUseError)
      return fail(`refused: the database ${e.path} is in use (${e.why}); stop complaint-desk (serve, console) first, then restore`);
    return fail(`cannot restore ${file}: ${reasonOf(e)}`);
  }
}
