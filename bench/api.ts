/**
 * §17 the work-order API's cost (issue 26): work orders filed by 32 concurrent HTTP clients (Node's fetch, keep-alive)
 * against `serve` on SQLite, beside the same cases opened through the desk directly by 32 staff at once, in the same
 * process and run (a ratio against a baseline measured at the same moment). Goal: the API at ≥ 80% of the desk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DEMO_ROSTER, loadConfig } from '../src/cli/config.ts';
import { startServer } from '../src/cli/serve.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { atLocal } from '../src/core/domain/time.ts';
import { OPEN_CONCURRENCY } from './core.ts';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const TOKEN = 'bench-secret-0123456789';

async function server(tag: string) {
  const dir = mkdtempSync(join(tmpdir(), `bench-api-${tag}-`));
  const clock = new ManualClock(atLocal('2026-12-01', '09:00', 'Asia/Shanghai'));
  // the demo roster with no practical rate limit: the bench measures the work, not the 429s
  const doc = parse(readFileSync(DEMO_ROSTER, 'utf8')) as { settings: Record<string, unknown> };
  doc.settings.api_rate_per_min = 1_000_000;
  writeFileSync(join(dir, 'roster.yml'), stringify(doc));
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `file:${join(dir, 'b.sqlite')}`,
    API_TOKENS: `bench:${TOKEN}`,
    ROSTER: join(dir, 'roster.yml'),
  });
  const s = await startServer({ config, clock, host: '127.0.0.1', log: pino({ level: 'silent' }), scheduler: { maxSleepMs: 60_000 } });
  return { s, clock, done: async () => (await s.stop(), rmSync(dir, { recursive: true, force: true })) };
}

async function concurrently(n: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: OPEN_CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) await one(i);
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

const CATEGORIES = ['atm', 'waiting', 'cutover', 'transaction'];
const UNITS = ['OUT-11', 'OUT-12', 'OUT-21', 'OUT-31'];
/** The clock moves a minute every 50 cases in the desk run, as in bench/core.ts; the API run keeps the minute. */

export async function benchApi(n = 1000) {
  // the desk, directly: a hotline agent types the same work orders
  const desk = await server('desk');
  const viaDesk = await concurrently(n, async (i) => {
    const r = await desk.s.core.desk.handleText(
      'sun',
      `/complaint new unit=${UNITS[i % 4]} category=${CATEGORIES[i % 4]} channel=hotline phone=139${String(i).padStart(8, '0')} 切换故障 ${i}`,
    );
    if (!r.ok) throw new Error(r.text);
    if (i % 50 === 0) desk.clock.advance(60_000);
  });
  await desk.done();
  // the API: the hotline's system (its own process: another machine) files them over HTTP, each with its own key
  const api = await server('api');
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'api-client.ts'),
        `${api.s.url}/api/v1/cases`,
        TOKEN,
        String(n),
        String(OPEN_CONCURRENCY),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`api client exit ${code}`))));
  });
  const viaApi = n / Number(out.trim());
  await api.done();
  return {
    api_open_cases_per_s: round(viaApi),
    api_desk_open_cases_per_s: round(viaDesk),
    api_open_ratio_vs_desk: round(viaApi / viaDesk, 3),
  };
}
