/**
 * §13 board figures, on loopback only (bounded: one server, `clients` connections, `changes` commands, a minute at
 * most): the first response of a board whose scope holds 10,000 open cases, and the time from a command's commit
 * to its event at each of 200 connected boards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, loadRoster } from '../src/cli/app.ts';
import { DEMO_ROSTER } from '../src/cli/config.ts';
import { listenBoard } from '../src/cli/web-board.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { boardScope } from '../src/core/rules/board-scope.ts';
import { seedCases } from './seed.ts';
import { sse } from '../test/helpers/board.ts';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const r1 = (x: number) => Math.round(x * 10) / 10;

function get(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

/** An SSE connection (the tests' client) that calls `onChange` with the case ids of each `change` event. */
function follow(url: string, onChange: (ids: string[]) => void, onNow: () => void): () => void {
  return sse(url, {}, (e) => {
    if (e.event === 'change') onChange((JSON.parse(e.data || '{}') as { rows: { id: string }[] }).rows.map((r) => r.id));
    else if (e.event === 'now') onNow();
  }).close;
}

export async function benchBoard(opts: { cases: number; clients: number; changes: number }): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-bench-board-'));
  const file = join(dir, 'board.sqlite');
  const clock = new ManualClock('2026-12-01T02:00:00Z'); // 10:00 Asia/Shanghai
  const roster = loadRoster(DEMO_ROSTER);
  const core = await createCore({ databaseUrl: `file:${file}`, roster, clock, throwaway: true });
  const out: Record<string, number> = {};
  const stops: (() => void)[] = [];
  try {
    // every case open, received this morning, in the province's subtree (the leader's scope)
    await seedCases(core, opts.cases, new Date('2026-12-01T00:00:00Z'), 2 * 3_600_000, { openShare: 1, file });
    const web = await listenBoard(core, { port: 0, host: '127.0.0.1', clock, secret: 'bench' });
    if ('error' in web) throw web.error;
    try {
      const chen = roster.member('chen')!;
      const link = web.board.links.linkFor(chen.handle, boardScope(roster, chen), new Date(clock.now().getTime() + 3_600_000));
      const first = await get(link);
      if (first.status !== 200) throw new Error(`board answered ${first.status}`);
      const times: number[] = [];
      for (let i = 0; i < 7; i++) times.push((await get(link)).ms);
      out.board_html_ms_10k_open = r1(pct(times, 50));
      out.board_html_ms_10k_open_first = r1(first.ms);
      out.board_html_kb = Math.round(first.bytes / 1024);

      // 200 boards connected; each change timed from its commit to its event at every board
      const q = new URL(link).search.slice(1);
      const events = `${web.url}/board/events?${q}`;
      let ready = 0;
      const waiting = new Map<string, { t0: number; left: number; done: () => void }>();
      const lat: number[] = [];
      for (let c = 0; c < opts.clients; c++) {
        let seen = false;
        stops.push(
          follow(
            events,
            (ids) => {
              for (const id of ids) {
                const w = waiting.get(id);
                if (!w) continue;
                lat.push(performance.now() - w.t0);
                if (--w.left === 0) w.done();
              }
            },
            () => {
              if (!seen) {
                seen = true;
                ready++;
              }
            },
          ),
        );
      }
      const deadline = Date.now() + 20_000;
      while (ready < opts.clients && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      out.board_clients_connected = ready;
      let missed = 0;
      for (let j = 0; j < opts.changes; j++) {
        const reply = await core.desk.handleText('zhang', `/complaint new unit=OUT-12 channel=phone 看板推送测试 ${j}`);
        const t0 = performance.now(); // committed
        web.board.server.poke(); // what serve's observer does after every command
        const id = `C${reply.caseId}`;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            missed += waiting.get(id)?.left ?? 0;
            resolve();
          }, 5000);
          waiting.set(id, { t0, left: ready, done: () => (clearTimeout(timer), resolve()) });
        });
        waiting.delete(id);
      }
      out.board_push_p50_ms_200_clients = r1(pct(lat, 50));
      out.board_push_p99_ms_200_clients = r1(pct(lat, 99));
      out.board_push_max_ms_200_clients = r1(Math.max(...lat));
      out.board_push_missed = missed;
    } finally {
      stops.forEach((s) => s());
      await web.close();
    }
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
