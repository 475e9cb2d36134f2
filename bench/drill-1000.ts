/**
 * A virtual cutover day with 1,000 cases through the drill runner (issue 3 / 8: target under 10 s).
 * Baseline in the same run: the same drill with 100 cases, to show how it scales.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDrill } from '../src/platforms/console/drill.ts';

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
    events.push([t, `${who}: /complaint new unit=${unit} category=${CATS[i % CATS.length]} channel=${CHANNELS[i % CHANNELS.length]} phone=139${String(i).padStart(8, '0')} 切换期间业务办理异常 ${id}`]);
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

export async function benchDrill(cases = 1000): Promise<{ drill_1000_cases_s: number; drill_100_cases_s: number; drill_messages: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-drill-'));
  const time = async (n: number) => {
    const p = join(dir, `d${n}.drill`);
    writeFileSync(p, makeScript(n));
    const t0 = performance.now();
    const out = await runDrill(p);
    return { s: (performance.now() - t0) / 1000, messages: out.length };
  };
  const small = await time(Math.max(1, Math.round(cases / 10)));
  const big = await time(cases);
  return { drill_1000_cases_s: round(big.s), drill_100_cases_s: round(small.s), drill_messages: big.messages };
}

const round = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1]?.endsWith('drill-1000.ts')) {
  const n = Number(process.argv[2] ?? 1000);
  const r = await benchDrill(n);
  console.log(`drill: ${n} cases in ${r.drill_1000_cases_s} s (${r.drill_messages} messages); ${Math.round(n / 10)} cases in ${r.drill_100_cases_s} s`);
}
