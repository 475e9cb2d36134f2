/**
 * Issue 17 item 5: every start-up failure a new user meets ends with one line on stderr that names what failed and
 * where, a non-zero exit status, and no stack trace (stacks only with LOG_LEVEL=debug). The real CLI is spawned.
 *
 * Read-only places: tests often run as root, whom file modes don't stop. So a read-only folder or file is made with
 * `chattr +i` (immutable: refused even to root) when running as root, `chmod` otherwise, and those cases are
 * skipped with a printed reason where neither works. Cases that need no privilege at all stand beside them: a
 * folder under /proc (the kernel refuses new files there), a path through a regular file (ENOTDIR), and a
 * database path that is a folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_BIN } from '../helpers/bin.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BASE = mkdtempSync(join(tmpdir(), 'cd-startup-'));
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.reverse()) c();
  rmSync(BASE, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  out: string;
  err: string;
  /** stderr's non-empty lines, without serve's JSON log lines (info: "database migrations applied", …) */
  lines: string[];
  /** stderr's JSON log lines */
  logs: { level: number; msg: string }[];
}

const isJson = (l: string) => {
  try {
    return typeof JSON.parse(l) === 'object';
  } catch {
    return false;
  }
};

function cli(args: string[], env: Record<string, string> = {}, input = ''): Promise<Run> {
  const cwd = mkdtempSync(join(BASE, 'cwd-'));
  return new Promise((res) => {
    const p = spawn(process.execPath, [...SOURCE_BIN, ...args], {
      cwd,
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(cwd, 'desk.sqlite')}`,
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
        SLACK_APP_TOKEN: '',
        DISCORD_TOKEN: '',
        LOG_LEVEL: '',
        PORT: '0',
        ...env,
      },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      const all = err.split('\n').filter((l) => l.trim());
      res({ code, out, err, lines: all.filter((l) => !isJson(l)), logs: all.filter(isJson).map((l) => JSON.parse(l)) });
    });
    p.stdin.end(input);
  });
}

/** Fails unless the run ended non-zero with one stderr line matching `re` and no stack. */
function expectOneLine(r: Run, re: RegExp): void {
  expect(r.err, r.err).not.toMatch(/^\s+at /m);
  expect(r.lines, r.err).toHaveLength(1);
  expect(
    r.logs.filter((l) => l.level >= 50),
    'the failure is not logged a second time',
  ).toEqual([]);
  expect(r.lines[0]).toMatch(/^complaint-desk( \w+)?: /);
  expect(r.lines[0]).toMatch(re);
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
}

/** Makes `path` unwritable, even for root; returns false when this machine can't. */
function makeReadOnly(path: string, isDir: boolean): boolean {
  if (process.getuid?.() !== 0) {
    chmodSync(path, isDir ? 0o555 : 0o444);
    cleanups.push(() => chmodSync(path, isDir ? 0o755 : 0o644));
    return true;
  }
  const r = spawnSync('chattr', ['+i', path], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  cleanups.push(() => spawnSync('chattr', ['-i', path]));
  return true;
}

const canChattr = (() => {
  if (process.getuid?.() !== 0) return true;
  const probe = join(BASE, 'chattr-probe');
  writeFileSync(probe, '');
  const ok = spawnSync('chattr', ['+i', probe]).status === 0;
  if (ok) spawnSync('chattr', ['-i', probe]);
  else console.warn('startup-errors: read-only folder/file cases skipped: running as root and `chattr +i` is not permitted here');
  return ok;
})();

describe('start-up failures: one line, what and where, exit non-zero, no stack', () => {
  describe('the SQLite database', () => {
    it.skipIf(!canChattr)('a read-only data folder', async () => {
      const dir = join(BASE, 'ro-folder');
      mkdirSync(dir);
      expect(makeReadOnly(dir, true)).toBe(true);
      const r = await cli(['console'], { DATABASE_URL: `file:${join(dir, 'data', 'desk.sqlite')}` }, 'quit\n');
      expectOneLine(r, new RegExp(`cannot create the database folder ${dir}/data: .*DATABASE_URL`));
    });

    it.skipIf(!canChattr)('a read-only folder that already holds the data folder', async () => {
      const dir = join(BASE, 'ro-data');
      mkdirSync(dir);
      expect(makeReadOnly(dir, true)).toBe(true);
      const r = await cli(['console'], { DATABASE_URL: `file:${join(dir, 'desk.sqlite')}` }, 'quit\n');
      expectOneLine(r, new RegExp(`cannot create files in the database folder ${dir}: .*DATABASE_URL`));
    });

    it.skipIf(!canChattr)('a read-only database file, before its migrations', async () => {
      const dir = join(BASE, 'ro-file-new');
      mkdirSync(dir);
      const file = join(dir, 'desk.sqlite');
      writeFileSync(file, '');
      expect(makeReadOnly(file, false)).toBe(true);
      const r = await cli(['console'], { DATABASE_URL: `file:${file}` }, 'quit\n');
      expectOneLine(r, new RegExp(`cannot write the SQLite database ${file}: `));
    });

    it.skipIf(!canChattr)('a read-only database file that is up to date', async () => {
      const dir = join(BASE, 'ro-file-old');
      mkdirSync(dir);
      const file = join(dir, 'desk.sqlite');
      expect((await cli(['console'], { DATABASE_URL: `file:${file}` }, 'quit\n')).code).toBe(0);
      expect(makeReadOnly(file, false)).toBe(true);
      const r = await cli(['console'], { DATABASE_URL: `file:${file}` }, 'quit\n');
      expectOneLine(r, new RegExp(`cannot write the SQLite database ${file}: `));
    });

    it('a folder the kernel refuses files in (/proc), without hanging', async () => {
      const r = await cli(['console'], { DATABASE_URL: 'file:/proc/complaint-desk-test/desk.sqlite' }, 'quit\n');
      expectOneLine(r, /cannot create the database folder \/proc\/complaint-desk-test: /);
    });

    it('a path through a regular file', async () => {
      const file = join(BASE, 'plain-file');
      writeFileSync(file, 'x');
      const r = await cli(['console'], { DATABASE_URL: `file:${file}/data/desk.sqlite` }, 'quit\n');
      expectOneLine(r, /cannot create the database folder .*plain-file\/data: .*not a folder/);
    });

    it('a database path that is a folder', async () => {
      const dir = join(BASE, 'db-is-a-folder.sqlite');
      mkdirSync(dir);
      const r = await cli(['console'], { DATABASE_URL: `file:${dir}` }, 'quit\n');
      expectOneLine(r, /the SQLite database path is a folder, not a file: .*db-is-a-folder\.sqlite/);
    });
  });

  describe('the environment and the roster', () => {
    it('ROSTER=/nonexistent.yml', async () => {
      const r = await cli(['console'], { ROSTER: '/nonexistent.yml' }, 'quit\n');
      expectOneLine(r, /cannot read roster \/nonexistent\.yml: no such file .*set ROSTER/);
    });

    it('DATABASE_URL=mysql://x', async () => {
      const r = await cli(['console'], { DATABASE_URL: 'mysql://x' }, 'quit\n');
      expectOneLine(r, /DATABASE_URL="mysql:\/\/x": expected file:PATH \(SQLite\) or postgresql:\/\//);
    });

    it('PORT=abc', async () => {
      const r = await cli(['serve'], { PORT: 'abc' });
      expectOneLine(r, /PORT="abc": expected a port number from 0 to 65535/);
    });

    it('LOG_LEVEL=loud (console and drill)', async () => {
      const r = await cli(['console'], { LOG_LEVEL: 'loud' }, 'quit\n');
      expectOneLine(r, /LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent/);
      const d = await cli(['drill', join(ROOT, 'examples/drills/media-afternoon.drill')], { LOG_LEVEL: 'loud' });
      expectOneLine(d, /LOG_LEVEL="loud": expected one of/);
    });

    it('a token without its secret names the missing variables (start and serve)', async () => {
      for (const cmd of ['start', 'serve']) {
        const r = await cli([cmd], { SLACK_BOT_TOKEN: 'xoxb-1' }, 'quit\n');
        expectOneLine(r, /SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET \(HTTP mode\) and SLACK_APP_TOKEN \(Socket Mode\) are not/);
      }
      const r = await cli(['serve'], { SLACK_SIGNING_SECRET: 's' });
      expectOneLine(r, /SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not/);
    });
  });

  describe('servers', () => {
    it('an unreachable PostgreSQL names host, port and DATABASE_URL, and no password', async () => {
      const r = await cli(['console'], { DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1:1/x' }, 'quit\n');
      expectOneLine(r, /cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(database x, user u; DATABASE_URL\): connection refused/);
      expect(r.err).not.toContain('hunter2');
    });

    it('an unreachable Discord names DISCORD_API_URL', async () => {
      const r = await cli(['serve'], { DISCORD_TOKEN: 'x', DISCORD_API_URL: 'http://127.0.0.1:1' });
      expectOneLine(r, /Discord front end could not start: Discord at http:\/\/127\.0\.0\.1:1 \(DISCORD_API_URL\): connection refused/);
    });

    it('a busy port', async () => {
      const busy: Server = createServer();
      await new Promise<void>((res) => busy.listen(0, res));
      const port = (busy.address() as { port: number }).port;
      try {
        const r = await cli(['serve'], { PORT: String(port) });
        expectOneLine(r, new RegExp(`cannot listen on port ${port} \\(PORT\\): another program is using it`));
      } finally {
        busy.close();
      }
    });
  });

  describe('export', () => {
    it('--out naming a folder', async () => {
      const cwd = mkdtempSync(join(BASE, 'export-'));
      const url = `file:${join(cwd, 'desk.sqlite')}`;
      expect((await cli(['console'], { DATABASE_URL: url }, 'quit\n')).code).toBe(0);
      const r = await cli(['export', '--from', '2026-12-01', '--to', '2026-12-31', '--out', `${tmpdir()}/`], { DATABASE_URL: url });
      expectOneLine(r, new RegExp(`--out ${tmpdir()}/? is a folder`));
      const missing = await cli(['export', '--from', '2026-12-01', '--to', '2026-12-31', '--out', '/nonexistent/reg.csv'], {
        DATABASE_URL: url,
      });
      expectOneLine(missing, /cannot write \/nonexistent\/reg\.csv: no such file or folder/);
    });
  });

  describe('stacks', () => {
    it('come only with LOG_LEVEL=debug', async () => {
      const r = await cli(['console'], { ROSTER: '/nonexistent.yml', LOG_LEVEL: 'debug' }, 'quit\n');
      expect(r.code).toBe(1);
      expect(r.lines[0]).toMatch(/^complaint-desk: cannot read roster \/nonexistent\.yml/);
      expect(r.err).toMatch(/^\s+at /m);
    });
  });
});
