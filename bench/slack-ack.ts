/**
 * Ack latency of `/complaint new` through the real Slack front end (src/serve.ts: Bolt HTTP receiver, replay
 * guard, the desk's database write, the outbox scheduler running) against a bare Bolt app that only acks, in
 * the same run, with 50 concurrent clients sending signed requests over loopback. Slack's limit is 3 s.
 *
 *   npx tsx bench/slack-ack.ts [--requests 2000] [--concurrency 50] [--warmup 50]
 */
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { App, LogLevel } from '@slack/bolt';
import { pino } from 'pino';
import { createCore } from '../src/cli/app.ts';
import { systemClock } from '../src/system-clock.ts';
import { parseRoster, Roster } from '../src/core/domain/roster.ts';
import { DEMO_ROSTER, loadConfig } from '../src/cli/config.ts';
import { startServer } from '../src/cli/serve.ts';
import { w } from '../src/platforms/slack/slack-labels.ts';
import { startFakeSlackProcess } from './fake-slack-process.ts';
import { slashCommandBody } from '../test/fakes/slack-signing.ts';

export interface LatencyStats {
  requests: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
  acks_per_s: number;
  errors: number;
  /** acks that said "in hand" because the case took longer than the ack budget (answer sent afterwards) */
  deferred: number;
  /** acks that took longer than Slack's 3 s limit */
  over_3s: number;
}

export interface SlackAckFigures {
  concurrency: number;
  front_end: LatencyStats;
  bare_bolt: LatencyStats;
  /** front end ÷ bare Bolt */
  ratio_p50: number;
  ratio_p99: number;
}

const SECRET = 'bench-signing-secret';
const USERS = ['U0ZHANG', 'U0MA', 'U0ZHU', 'U0HU', 'U0SONG', 'U0YANG'];
const UNITS = ['OUT-12', 'OUT-11', 'OUT-21', 'OUT-31', 'OUT-32', 'OUT-12'];
const CATS = ['cutover', 'urgent_cash', 'atm', 'waiting', 'transaction', 'general', 'customer_info'];

const round = (x: number) => Math.round(x * 10) / 10;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * The load generator runs in a worker thread, as Slack would be another machine: its clock and event loop are
 * not held up by the server's work, so the latencies are what a client sees. Each client signs its request
 * just before sending it (a timestamp over 5 min old would be refused).
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const { url, secret, bodies, concurrency, marker, rate } = workerData;
const ms = [];
let next = 0, errors = 0, deferred = 0;
async function send(body) {
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + createHmac('sha256', secret).update('v0:' + ts + ':' + body).digest('hex');
    const start = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(10000), headers: {
        'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
      const text = await res.text();
      if (res.status !== 200) errors++;
      else if (marker && text.includes(marker)) deferred++;
    } catch { errors++; }
    ms.push(performance.now() - start);
}
async function client() {
  for (;;) {
    const i = next++;
    if (i >= bodies.length) return;
    await send(bodies[i]);
  }
}
// at a steady rate (requests a second), request i leaves at t0 + i / rate whether or not earlier ones were answered
// (an open loop, as Slack sends); else \`concurrency\` clients each send as soon as their last answer came (saturated)
async function paced() {
  const sent = [];
  for (let i = 0; i < bodies.length; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.push(send(bodies[i]));
  }
  await Promise.all(sent);
}
const t0 = performance.now();
(rate ? paced() : Promise.all(Array.from({ length: concurrency }, client))).then(() => parentPort.postMessage({ ms, errors, deferred, wallMs: performance.now() - t0 }));
`;

/** Sends the signed slash commands from `concurrency` clients; returns each one's latency. */
type LoadResult = { ms: number[]; errors: number; deferred: number; wallMs: number };
function load(url: string, bodies: string[], concurrency: number, rate?: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const marker = JSON.stringify(w('zh-CN', 'processing')).slice(1, -1);
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, secret: SECRET, bodies, concurrency, marker, rate } });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function stats(r: LoadResult): LatencyStats {
  const sorted = [...r.ms].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50_ms: round(pct(sorted, 50)),
    p99_ms: round(pct(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? 0),
    mean_ms: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    acks_per_s: Math.round((sorted.length / r.wallMs) * 1000),
    errors: r.errors,
    deferred: r.deferred,
    over_3s: sorted.filter((x) => x > 3000).length,
  };
}

/** With `rate`, requests go at that steady rate (requests a second) instead of from `concurrency` saturating clients. */
export async function benchSlackAck(
  opts: { requests?: number; concurrency?: number; warmup?: number; rate?: number } = {},
): Promise<SlackAckFigures> {
  const requests = opts.requests ?? 2000;
  const concurrency = opts.concurrency ?? 50;
  const warmup = opts.warmup ?? 50;
  // Slack's side runs in a process of its own (another machine in life), as the load generator runs in a worker
  const slack = await startFakeSlackProcess();
  const dir = mkdtempSync(join(tmpdir(), 'bench-slack-ack-'));
  try {
    // ---- the bare Bolt app: verifies the signature and acks, nothing else ----
    const bare = new App({
      token: 'xoxb-bench',
      signingSecret: SECRET,
      tokenVerificationEnabled: false,
      botId: slack.botId,
      botUserId: slack.botUserId,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    bare.command('/complaint', async ({ ack }) => {
      await ack();
    });
    const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`;

    // ---- the real front end; cluster detection off so every request is a plain new case, not an escalation storm ----
    const base = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));
    const roster = new Roster({ ...base.settings, cluster_size: 1_000_000 }, base.units, base.members);
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'bench.sqlite')}`,
      LOG_LEVEL: 'silent',
    });
    const core = await createCore({ databaseUrl: config.databaseUrl, roster, clock: systemClock });
    const server = await startServer({
      config,
      core,
      host: '127.0.0.1',
      log: pino({ level: process.env.BENCH_LOG ?? 'silent' }),
      slack: { notifierRetryConfig: { retries: 0 } },
    });
    const frontUrl = `${server.url}/slack/events`;

    let n = 0;
    const newCases = (count: number) => Array.from({ length: count }, () => newCase());
    const newCase = () => {
      const i = n++;
      return slashCommandBody({
        text: `new unit=${UNITS[i % UNITS.length]} category=${CATS[i % CATS.length]} phone=139${String(i).padStart(8, '0')} 切换期间业务办理异常 ${i}`,
        user_id: USERS[i % USERS.length],
        channel_id: 'C0SB01',
        // late answers (acked "in hand") go to the fake, never to a real host
        response_url: slack.responseUrl(`bench-${i}`),
      });
    };
    try {
      await load(bareUrl, newCases(warmup), Math.min(warmup, concurrency));
      await load(frontUrl, newCases(warmup), Math.min(warmup, concurrency));
      const bareRun = stats(await load(bareUrl, newCases(requests), concurrency, opts.rate));
      const frontRun = stats(await load(frontUrl, newCases(requests), concurrency, opts.rate));
      return {
        concurrency,
        front_end: frontRun,
        bare_bolt: bareRun,
        ratio_p50: round(frontRun.p50_ms / Math.max(0.1, bareRun.p50_ms)),
        ratio_p99: round(frontRun.p99_ms / Math.max(0.1, bareRun.p99_ms)),
      };
    } finally {
      const t = performance.now();
      await server.stop();
      await core.close();
      if (process.env.BENCH_DEBUG) console.error(`stop took ${Math.round(performance.now() - t)} ms`);
      await bare.stop();
    }
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('slack-ack.ts')) {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const r = await benchSlackAck({ requests: arg('--requests', 2000), concurrency: arg('--concurrency', 50), warmup: arg('--warmup', 50) });
  const line = (name: string, s: LatencyStats) =>
    `${name.padEnd(10)} p50 ${String(s.p50_ms).padStart(6)} ms  p99 ${String(s.p99_ms).padStart(6)} ms  max ${String(s.max_ms).padStart(6)} ms  ${s.acks_per_s} acks/s  ${s.errors} errors  ${s.deferred} deferred`;
  console.log(`/complaint new ack latency, ${r.front_end.requests} requests, ${r.concurrency} concurrent clients`);
  console.log(line('front end', r.front_end));
  console.log(line('bare Bolt', r.bare_bolt));
  console.log(`ratio      p50 ×${r.ratio_p50}  p99 ×${r.ratio_p99}`);
}
