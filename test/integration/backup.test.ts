/**
 * `complaint-desk backup --out FILE` / `restore FILE` (issue 23): a backup taken by the real CLI, in a process of
 * its own, while this process keeps opening cases; restore refused while the desk runs, then done once it stopped;
 * every case acknowledged before the backup began is in the restored database.
 */
import { spawn } from 'node:child_process';
import { SOURCE_BIN } from '../helpers/bin.ts';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, loadRoster } from '../../src/cli/app.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { openStore } from '../../src/db/open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'cd-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], databaseUrl: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [...SOURCE_BIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: '' },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => res({ code, out, err }));
  });
}

describe('backup and restore (SQLite)', () => {
  it('backs up under a stream of opens, refuses to restore while the desk runs, restores once stopped: every acknowledged case is there', async () => {
    const path = join(dir, 'desk.sqlite');
    const url = `file:${path}`;
    const roster = loadRoster(DEMO_ROSTER);
    const clock = new ManualClock(atLocal('2026-12-01', '09:00', roster.settings.timezone));
    const core = await createCore({ databaseUrl: url, roster, clock });
    const acked: number[] = [];
    let stop = false;
    const stream = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await core.desk.handleText(
          'zhang',
          `/complaint new category=atm channel=phone phone=139${String(i).padStart(8, '0')} 取不出钱 ${i}`,
        );
        expect(r.ok, r.text).toBe(true);
        acked.push(r.caseId!);
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5)); // let the other process's reads in now and then
      }
    })();
    while (acked.length < 30) await new Promise((r) => setTimeout(r, 10));
    const before = [...acked];
    const out = join(dir, 'copy.sqlite');
    const backup = await cli(['backup', '--out', out], url);
    const during = acked.length - before.length;
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    const counted = Number(/integrity ok, (\d+) cases/.exec(backup.out)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(before.length);

    // the desk still runs: restore is refused, and nothing is touched
    const refused = await cli(['restore', out], url);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/refused: the database .*desk\.sqlite is in use .*stop complaint-desk/);
    stop = true;
    await stream;
    expect(during).toBeGreaterThan(0); // opens went on while the backup ran
    const all = acked.length;
    expect(await core.store.countCases({ status: 'all' })).toBe(all);
    await core.close();

    const restored = await cli(['restore', out], url);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(`${counted} cases`);
    const kept = /kept as (.*)\)/.exec(restored.out)?.[1];
    expect(kept && existsSync(kept)).toBe(true);

    const { store } = await openStore(url);
    try {
      const ids = new Set((await store.listCases({ status: 'all' })).map((c) => c.id));
      expect(ids.size).toBe(counted);
      for (const id of before) expect(ids.has(id), `case ${id}, acknowledged before the backup`).toBe(true);
      // the copy is one snapshot: the first `counted` cases, no gap
      expect([...ids].sort((a, b) => a - b)).toEqual(acked.slice(0, counted).sort((a, b) => a - b));
    } finally {
      await store.close();
    }
  }, 120_000);

  it('on PostgreSQL prints the pg_dump command; a bad call says what is expected', async () => {
    const pg = await cli(['backup', '--out', 'desk.dump'], 'postgresql://desk:secret@db.example:5433/complaints');
    expect(pg.code).toBe(0);
    expect(pg.out).toContain('pg_dump --format=custom --file');
    expect(pg.out).toContain('--host db.example --port 5433 --username desk complaints');
    expect(pg.out).not.toContain('secret');
    const bad = await cli(['backup'], `file:${join(dir, 'none.sqlite')}`);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('usage: complaint-desk backup --out FILE');
    const none = await cli(['restore', join(dir, 'missing.sqlite')], `file:${join(dir, 'none.sqlite')}`);
    expect(none.code).toBe(1);
    expect(none.err).toContain('no backup at');
  }, 60_000);
});
