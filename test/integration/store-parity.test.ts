import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDrill } from '../../src/cli/drill.ts';
import { makeScript } from '../../bench/drill-1000.ts';
import { freshPgDatabase, pgUnreachable } from '../helpers/pg.ts';

// One store (src/db/store/) runs over two drivers: better-sqlite3 (the embedded default) and pg (PostgreSQL). A
// whole drill, every nag, escalation and summary included, must come out identical on both: any difference in what
// a driver returns (times, flags, counts, order) shows up as a different line.
const DRILLS = resolve(import.meta.dirname, '../../examples/drills');
const pgDown = await pgUnreachable();
if (pgDown) console.warn(`Driver parity skipped: PostgreSQL unreachable (${pgDown})`);

async function onPg(path: string, outDir: string) {
  const pg = await freshPgDatabase();
  try {
    return await runDrill(path, { databaseUrl: pg.url, outDir });
  } finally {
    await pg.drop();
  }
}

describe.skipIf(!!pgDown)('the two drivers behave alike', () => {
  for (const name of readdirSync(DRILLS).filter((f) => f.endsWith('.drill'))) {
    it(`example drill ${name}: identical output on SQLite and on PostgreSQL`, async () => {
      // both runs write their paperwork to one folder, so the paths in the answers are the same too
      const outDir = mkdtempSync(join(tmpdir(), 'parity-out-'));
      const sqlite = await runDrill(join(DRILLS, name), { outDir });
      const pg = await onPg(join(DRILLS, name), outDir);
      expect(sqlite.length).toBeGreaterThan(5);
      expect(pg).toEqual(sqlite);
    }, 60_000);
  }

  it('a busy virtual day (120 cases, replies, resolutions, breaches, clusters, repeats): identical output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-'));
    const path = join(dir, 'busy.drill');
    writeFileSync(path, makeScript(120));
    const sqlite = await runDrill(path, { outDir: dir });
    const pg = await onPg(path, dir);
    const kinds = new Set(sqlite.map((m) => m.kind));
    for (const k of ['ack', 'case', 'reminder', 'breach', 'escalation', 'summary']) expect(kinds).toContain(k);
    expect(pg).toEqual(sqlite);
  }, 240_000);
});
