/**
 * Cold start: from process start to the first command answered, through the real bin on the console front end
 * (an existing database, as after a restart). Baseline in the same run: `node -e 0`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

function firstAnswer(cwd: string, bin: string[] = [join(ROOT, 'bin/complaint-desk.mjs')]): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [...bin, 'console'], { cwd, env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' } });
    let out = '';
    let done = false;
    p.stdout.on('data', (d) => {
      out += d;
      if (!done && /✓|✗/.test(out)) {
        done = true;
        res(performance.now() - t0);
        p.stdin.end('quit\n');
      }
    });
    p.on('error', rej);
    p.on('close', () => !done && rej(new Error(`no answer: ${out}`)));
    p.stdin.write('/complaint show C1\n');
  });
}

function nodeBaseline(): Promise<number> {
  return new Promise((res) => {
    const t0 = performance.now();
    spawn(process.execPath, ['-e', '0']).on('close', () => res(performance.now() - t0));
  });
}

/**
 * cold_start_ms: the compiled bin's start-up to its first answer, minus `node -e 0` (40–150 ms here depending on
 * load); cold_start_tsx_ms: the same from the sources through tsx's loader (how the bin ran before issue 22).
 * The runs interleave, so a load swing on the shared machine hits all three alike.
 */
export async function benchColdStart(
  runs = 3,
): Promise<{ cold_start_ms: number; cold_start_tsx_ms: number; cold_start_total_ms: number; node_start_ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const tsx = [
    '--import',
    pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
    join(ROOT, 'src', 'cli', 'main.ts'),
  ];
  try {
    await firstAnswer(dir); // creates the database (first start ever)
    const times: number[] = [];
    const tsxTimes: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      times.push(await firstAnswer(dir));
      tsxTimes.push(await firstAnswer(dir, tsx));
      base.push(await nodeBaseline());
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return {
      cold_start_ms: Math.round(med(times) - med(base)),
      cold_start_tsx_ms: Math.round(med(tsxTimes) - med(base)),
      cold_start_total_ms: Math.round(med(times)),
      node_start_ms: Math.round(med(base)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('cold-start.ts')) console.log(await benchColdStart());
