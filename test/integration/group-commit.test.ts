/**
 * Group commit on the embedded SQLite connection (issue 16): transactions that arrive together commit together,
 * each is settled only once its COMMIT is on disk, a refusal undoes only its own writes, a lost race runs again,
 * and the WAL is checkpointed by the worker, not by the committing connection.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, UserError } from '../../src/core/domain/errors.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { MAX_BATCH, openSqliteConnection, type SqliteConnection } from '../../src/db/sqlite/connection.ts';
import { until } from '../helpers/until.ts';

/** One timeline row, written on the connection (the table has no constraint that would get in the way). */
const write = (c: SqliteConnection, actor: string) =>
  c.call(() =>
    c.sql.run(`INSERT INTO "TimelineEntry" ("caseId", at, actor, action) VALUES (1, '2026-12-01T01:00:00.000+00:00', ?, 'note')`, [actor]),
  );

/** What another connection (another process, a restart) sees in the file. */
function committedActors(file: string): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare(`SELECT actor FROM "TimelineEntry" ORDER BY id`).all() as { actor: string }[]).map((r) => r.actor);
  } finally {
    other.close();
  }
}

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let c: SqliteConnection;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-group-'));
    file = join(dir, 'db.sqlite');
    await applyMigrations(`file:${file}`);
    c = openSqliteConnection(file);
  });
  afterEach(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commands that arrive together share one COMMIT, and each is settled only when another connection can read it', async () => {
    const n = 40;
    const seenAtSettle: boolean[] = [];
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        c
          .transaction(async () => {
            await write(c, `a${i}`);
            return i;
          })
          .then((v) => {
            expect(v).toBe(i);
            // durable before it is acknowledged: a fresh connection already reads it
            seenAtSettle[i] = committedActors(file).includes(`a${i}`);
          }),
      ),
    );
    expect(seenAtSettle.filter(Boolean)).toHaveLength(n);
    const s = c.stats();
    expect(s.transactions).toBe(n);
    expect(s.commits).toBeLessThan(n);
    expect(s.commits).toBeGreaterThanOrEqual(Math.ceil(n / MAX_BATCH));
    // arrival order is kept: each ran after the one before it
    expect(committedActors(file)).toEqual(Array.from({ length: n }, (_, i) => `a${i}`));
  });

  it('a refusal rolls back only its own writes; its neighbours in the same COMMIT are kept', async () => {
    const results = await Promise.allSettled(
      ['first', 'refused', 'last'].map((who) =>
        c.transaction(async () => {
          await write(c, who);
          if (who === 'refused') throw new UserError('err_unknown_case', { id: 'C9' });
          await write(c, `${who}-2`);
          return who;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
    expect(committedActors(file)).toEqual(['first', 'first-2', 'last', 'last-2']);
    expect(c.stats()).toEqual({ transactions: 2, commits: 1 });
  });

  it('a bug in one command fails that command alone', async () => {
    const results = await Promise.allSettled([
      c.transaction(async () => write(c, 'ok-1')),
      c.transaction(async () => {
        await write(c, 'half');
        // a statement SQLite refuses (no such table), after a write of its own
        await c.call(() => c.sql.run(`INSERT INTO "NoSuchTable" (x) VALUES (1)`, []));
      }),
      c.transaction(async () => write(c, 'ok-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedActors(file)).toEqual(['ok-1', 'ok-2']);
  });

  it('a command that lost a race runs again, alone, and is written once', async () => {
    let runs = 0;
    const racing = c.transaction(async () => {
      runs++;
      await write(c, `race-run-${runs}`);
      if (runs === 1) throw new ConcurrencyError('case 1');
      return runs;
    });
    const neighbour = c.transaction(async () => write(c, 'neighbour'));
    expect(await racing).toBe(2);
    await neighbour;
    expect(committedActors(file)).toEqual(['neighbour', 'race-run-2']);
  });

  it('a transaction inside another is refused, and the outer one still commits', async () => {
    const out = await c.transaction(async () => {
      await write(c, 'outer');
      return c.transaction(async () => 'inner').catch((e: Error) => e.message);
    });
    expect(out).toMatch(/cannot start inside another transaction/);
    expect(committedActors(file)).toEqual(['outer']);
  });

  it('close waits for the transactions already queued', async () => {
    const pending = Array.from({ length: 5 }, (_, i) => c.transaction(async () => write(c, `q${i}`)));
    await c.close();
    await Promise.all(pending);
    expect(committedActors(file)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4']);
    await expect(c.transaction(async () => 1)).rejects.toThrow(/closed/);
  });

  it('the WAL is checkpointed by the worker, off the commit path; the writer keeps only a far-off backstop', async () => {
    expect(await c.call(() => c.sql.db.pragma('wal_autocheckpoint', { simple: true }))).toBe(4096);
    const before = statSync(file).size;
    // (past CHECKPOINT_AFTER_COMMITS commits, so the worker is running)
    for (let b = 0; b < 250; b++)
      await c.transaction(async () => {
        for (let i = 0; i < 8; i++) await write(c, `row-${b}-${i}-${'x'.repeat(200)}`);
      });
    // nothing on the commit path moved the pages into the main file (200 pages are far below the backstop) …
    // … the worker does, shortly after
    await until(() => statSync(file).size > before + 100 * 1024, 'the checkpoint to grow the main file');
    expect(committedActors(file)).toHaveLength(2000);
  });
});

describe('SQLite group commit on a drill database', () => {
  it('starts no checkpoint worker and keeps SQLite’s own checkpoint (nothing is synced there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-group-'));
    const file = join(dir, 'db.sqlite');
    await applyMigrations(`file:${file}`);
    const c = openSqliteConnection(file, { throwaway: true });
    try {
      expect(await c.call(() => c.sql.db.pragma('wal_autocheckpoint', { simple: true }))).toBe(1000);
      await c.transaction(async () => write(c, 'drill'));
      // (a bench or a test may seed the same file through a connection of its own)
      expect(committedActors(file)).toEqual(['drill']);
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
