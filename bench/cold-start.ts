/**
 * Cold start: from process start to the first command answered, through the real bin on the console front end
 * (an existing database, as after a restart). Baseline in the same run: `node -e 0`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

function firstAnswer(cwd: string): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [join(ROOT, 'bin/complaint-desk.mjs'), 'console'], { cwd, env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' } });
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

export async function benchColdStart(runs = 3): Promise<{ cold_start_ms: number; node_start_ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  try {
    await firstAnswer(dir); // creates the database (first start ever)
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await firstAnswer(dir));
    const base: number[] = [];
    for (let i = 0; i < runs; i++) base.push(await nodeBaseline());
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { cold_start_ms: Math.round(med(times)), node_start_ms: Math.round(med(base)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('cold-start.ts')) console.log(await benchColdStart());
