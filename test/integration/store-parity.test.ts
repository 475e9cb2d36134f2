import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDrill } from '../../src/cli/drill.ts';
import { makeScript } from '../../bench/drill-1000.ts';

// The embedded default runs the core on better-sqlite3 (src/db/sqlite/), PostgreSQL on Prisma (src/db/prisma/). A
// whole drill, every nag, escalation and summary included, must come out identical on both: any difference in what
// a store returns shows up as a different line.
const DRILLS = resolve(import.meta.dirname, '../../examples/drills');

describe('the two stores behave alike', () => {
  for (const name of readdirSync(DRILLS).filter((f) => f.endsWith('.drill'))) {
    it(`example drill ${name}: identical output on the SQLite store and the Prisma store`, async () => {
      // one paperwork folder for both runs: a form's path is in its ack
      const outDir = mkdtempSync(join(tmpdir(), 'parity-out-'));
      const native = await runDrill(join(DRILLS, name), { outDir });
      const prisma = await runDrill(join(DRILLS, name), { outDir, prismaStore: true });
      expect(native.length).toBeGreaterThan(5);
      expect(native).toEqual(prisma);
    });
  }

  it('a busy virtual day (120 cases, replies, resolutions, breaches, clusters, repeats): identical output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-'));
    const path = join(dir, 'busy.drill');
    writeFileSync(path, makeScript(120));
    const native = await runDrill(path);
    const prisma = await runDrill(path, { prismaStore: true });
    const kinds = new Set(native.map((m) => m.kind));
    for (const k of ['ack', 'case', 'reminder', 'breach', 'escalation', 'summary']) expect(kinds).toContain(k);
    expect(native).toEqual(prisma);
  }, 120_000);
});
