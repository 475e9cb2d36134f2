/**
 * The product runs compiled: bin/complaint-desk.mjs loads dist/ with plain node (no tsx loader). A drill through the
 * compiled bin prints the golden JSON Lines byte for byte, run from another folder (the shipped examples are found
 * from the package root, not from dist/), and the console's board serves its assets from dist/.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPILED_BIN, ensureBuilt, ROOT } from '../helpers/bin.ts';
import { until } from '../helpers/until.ts';

const run = promisify(execFile);

describe('the compiled bin', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  // these two goldens hold every line the drill prints (the others leave out the handlers' direct messages, see drill-golden.test.ts)
  it.each(['cutover-night', 'calm-morning'])(
    'drill %s --json is byte-identical to its golden',
    async (name) => {
      const cwd = mkdtempSync(join(tmpdir(), 'cd-compiled-'));
      try {
        const { stdout } = await run(process.execPath, [COMPILED_BIN, 'drill', join(ROOT, 'examples/drills', `${name}.drill`), '--json'], {
          cwd,
          maxBuffer: 64 << 20,
        });
        expect(stdout).toBe(readFileSync(join(ROOT, 'test/golden', `${name}.jsonl`), 'utf8'));
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('loads no TypeScript at run time: no tsx, and every relative import in dist/ names a .js file', () => {
    expect(readFileSync(COMPILED_BIN, 'utf8')).not.toMatch(/tsx/);
    const files = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = readFileSync(join(ROOT, 'dist', f), 'utf8');
      expect(text, f).not.toMatch(/from ['"]tsx|import\(['"]tsx|from ['"]\.{1,2}\/[^'"]*\.ts['"]|import\(['"]\.{1,2}\/[^'"]*\.ts['"]\)/);
    }
  });

  it('runs without tsx: the console starts on the demo roster and its board serves the page assets', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cd-compiled-'));
    const p = spawn(process.execPath, [COMPILED_BIN, 'start'], {
      cwd,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        LOG_LEVEL: '',
        PORT: '0',
        SLACK_BOT_TOKEN: '',
        DISCORD_TOKEN: '',
        BOARD_SECRET: '',
        PUBLIC_URL: '',
        ROSTER: '',
      },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const closed = new Promise<number | null>((r) => p.on('close', r));
    try {
      p.stdin.write('as zhang\n/complaint board\n');
      await until(() => /http:\/\/127\.0\.0\.1:\d+\/board\?\S+/.test(out), 'a board link', { tries: 1500 });
      const link = new URL(/http:\/\/127\.0\.0\.1:\d+\/board\?\S+/.exec(out)![0]);
      for (const asset of ['board.css', 'board.js', 'favicon.svg']) {
        const res = await fetch(`${link.origin}/board/assets/${asset}`);
        expect(res.status, asset).toBe(200);
        expect(await res.text()).toBe(readFileSync(join(ROOT, 'src/platforms/web/assets', asset), 'utf8'));
      }
      p.stdin.end('quit\n');
      expect(await closed).toBe(0);
    } finally {
      p.kill();
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});
