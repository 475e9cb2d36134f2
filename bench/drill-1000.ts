/**
 * A virtual cutover day with 1,000 cases through the drill runner (issue 3: "finishes in seconds"; issue 8: under
 * 10 s). `npx tsx bench/drill-1000.ts [CASES] [--prisma]` prints the figures as JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDrill } from '../src/cli/drill.ts';

const OUTLETS: [string, string][] = [
  ['OUT-11', 'ma'],
  ['OUT-12', 'zhang'],
  ['OUT-21', 'zhu'],
  ['OUT-31', 'hu'],
  ['OUT-32', 'song'],
];
const CATS = ['cutover', 'urgent_cash', 'atm', 'waiting', 'transaction', 'general', 'customer_info'];
const CHANNELS = ['walk_in', 'walk_in', 'walk_in', 'phone', 'hotline', 'letter'];

/** 1 new case per slot from 08:00, with a reply, report and resolution for most of them. */
export function makeScript(cases: number): string {
  const lines = ['@date 2026-12-01'];
  const events: [number, string][] = [];
  const span = 12 * 60; // 08:00–20:00
  for (let i = 0; i < cases; i++) {
    const t = 8 * 60 + Math.floor((i * span) / cases);
    const [unit, who] = OUTLETS[i % OUTLETS.length];
    const id = i + 1;
    events.push([
      t,
      `${who}: /complaint new unit=${unit} category=${CATS[i % CATS.length]} channel=${CHANNELS[i % CHANNELS.length]} phone=139${String(i).padStart(8, '0')} 切换期间业务办理异常 ${id}`,
    ]);
    if (i % 10 !== 9) events.push([t + 30 + (i % 200), `${who}: /complaint reply C${id} 已按统一口径解释`]);
    if (i % 10 < 7) events.push([t + 240 + (i % 200), `${who}: /complaint resolve C${id} fault=not_at_fault valid=yes`]);
  }
  events.sort((a, b) => a[0] - b[0]);
  for (const [t, l] of events) {
    const m = Math.min(t, 23 * 60 + 59);
    lines.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')} ${l}`);
  }
  return lines.join('\n') + '\n';
}

const BIN = join(import.meta.dirname, '..', 'bin', 'complaint-desk.mjs');

/** Wall time of the command a trainer runs, start-up included: `complaint-desk drill SCRIPT --json`. */
function timeCli(script: string): Promise<{ s: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [BIN, 'drill', script, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    p.stdout.on('data', (d: Buffer) => {
      for (const b of d) if (b === 10) lines++;
    });
    p.on('close', (code) =>
      code === 0 ? resolve({ s: (performance.now() - t0) / 1000, lines }) : reject(new Error(`drill exited ${code}`)),
    );
  });
}

/**
 * drill_1000_cases_s: the whole command for a 1,000-case virtual day. Baselines in the same run: the same day in
 * process on the Prisma store (what the embedded default used before it moved to better-sqlite3), and a 100-case
 * day, to show how it scales.
 */
export async function benchDrill(cases = 1000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-drill-'));
  const script = (n: number) => {
    const p = join(dir, `d${n}.drill`);
    writeFileSync(p, makeScript(n));
    return p;
  };
  const small = Math.max(1, Math.round(cases / 10));
  const cliSmall = await timeCli(script(small));
  const cli = await timeCli(script(cases));
  const out: Record<string, number> = {
    drill_1000_cases_s: round(cli.s),
    drill_messages: cli.lines,
    drill_100_cases_s: round(cliSmall.s),
  };
  const t0 = performance.now();
  await runDrill(script(cases));
  out.drill_1000_in_process_s = round((performance.now() - t0) / 1000);
  return out;
}

const round = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1]?.endsWith('drill-1000.ts')) {
  const n = Number(process.argv[2] ?? 1000);
  const r = await benchDrill(n);
  console.log(JSON.stringify(r));
}
