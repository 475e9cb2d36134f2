/**
 * Issue 7, crash: a real `complaint-desk serve` process gets a burst of 500 signed `/complaint new` requests and is
 * killed with SIGKILL midway, then restarted. Every request that got a 200 has its case; every notification
 * reaches the fake Slack exactly once (counted by the outbox key each post carries as metadata).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrismaClient } from '../helpers/prisma-client.ts';
import { startFakeSlack } from '../fakes/fake-slack.ts';
import { postSigned, slashCommandBody } from '../fakes/slack-signing.ts';
import { SOURCE_BIN } from '../helpers/bin.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'crash-secret';

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

function serve(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...SOURCE_BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function healthy(url: string, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > timeoutMs) throw new Error('serve did not become healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('crash: SIGKILL in the middle of a burst (issue 7)', () => {
  it('loses no acknowledged case and sends no notification twice', async () => {
    const slack = await startFakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'cd-crash-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
      DISCORD_TOKEN: '',
    };
    let p = serve(env);
    let stderr = '';
    p.stderr!.on('data', (d) => (stderr += d));
    try {
      await healthy(url);
      const users = ['U0ZHANG', 'U0MA', 'U0ZHU', 'U0HU', 'U0SONG'];
      const results: { i: number; status: number; text: string }[] = [];
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < 500) {
          const i = next++;
          const body = slashCommandBody({
            text: `new category=atm phone=137${String(i).padStart(8, '0')} crash-${i} ATM故障`,
            user_id: users[i % users.length],
            channel_id: 'C0SB01',
            response_url: slack.responseUrl(`r${i}`),
          });
          try {
            const r = await postSigned(`${url}/slack/events`, SECRET, body, { timeoutMs: 15_000 });
            results.push({ i, ...r });
          } catch {
            results.push({ i, status: 0, text: '' }); // connection reset by the kill
          }
          if (!killed && results.length >= 150) {
            killed = true;
            p.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      await new Promise((r) => (p.exitCode !== null || p.signalCode ? r(null) : p.once('exit', r)));
      const acked = results.filter((r) => r.status === 200);
      expect(killed).toBe(true);
      expect(acked.length).toBeGreaterThanOrEqual(150);
      expect(acked.length).toBeLessThan(500);

      // restart, let it catch up, stop it cleanly
      p = serve(env);
      p.stderr!.on('data', (d) => (stderr += d));
      await healthy(url);
      await expect
        .poll(async () => ((await (await fetch(`${url}/healthz`)).json()) as { outboxBacklog: number }).outboxBacklog, {
          timeout: 90_000,
          interval: 250,
        })
        .toBe(0);
      p.kill('SIGTERM');
      await new Promise((r) => p.once('exit', r));

      const db = createPrismaClient(env.DATABASE_URL);
      const cases = await db.prisma.case.findMany({ select: { id: true, matter: true } });
      const outbox = await db.prisma.outboxMessage.findMany({ select: { key: true, status: true, toUnit: true, toHandle: true } });
      const pending = await db.prisma.pendingRequest.count();
      await db.close();
      // every request that got a 200 has its case, exactly one
      for (const r of acked) {
        const mine = cases.filter((c) => c.matter.startsWith(`crash-${r.i} `));
        expect(mine, `crash-${r.i} (${r.text.slice(0, 60)})`).toHaveLength(1);
      }
      expect(new Set(cases.map((c) => c.matter)).size).toBe(cases.length);
      expect(pending).toBe(0);
      // no notification lost, none twice
      expect(outbox.every((m) => m.status === 'sent')).toBe(true);
      const posts = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);
      const byKey = new Map<string, number>();
      for (const c of posts) {
        const meta = typeof c.body.metadata === 'string' ? JSON.parse(c.body.metadata) : c.body.metadata;
        const key = (meta as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
        if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
      const twice = [...byKey.entries()].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
      for (const m of outbox) expect(byKey.get(`${m.key}#post`), m.key).toBe(1);
    } finally {
      if (p.exitCode === null && !p.signalCode) p.kill('SIGKILL');
      await slack.close();
    }
  }, 240_000);
});
