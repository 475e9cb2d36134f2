/**
 * §17 on several replicas: two real `complaint-desk serve` processes on one PostgreSQL database receive the same
 * work-order retry at the same moment (the hotline's system timed out and retried against the other replica). The
 * idempotency key is unique in the database, so each work order opens exactly one case, and both replicas answer
 * with it (one 201, one 200).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SOURCE_BIN } from '../helpers/bin.ts';
import { freshPgDatabase, pgUnreachable } from '../helpers/pg.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'hotline-secret-5566-abcdefgh';
const down = await pgUnreachable();
if (down) console.warn(`work-order replicas test skipped: PostgreSQL not reachable (${down})`);

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

function serve(env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  let err = '';
  const child = spawn(process.execPath, [...SOURCE_BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stderr: () => err };
}

async function healthy(url: string, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`serve did not become healthy: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!!down)('§17 two replicas on PostgreSQL, the same retry at once', () => {
  it('opens one case per work order, and both replicas answer with it', async () => {
    const db = await freshPgDatabase();
    const replicas: ReturnType<typeof serve>[] = [];
    try {
      const urls: string[] = [];
      // the first replica migrates the database; the second starts on it
      for (const id of ['a', 'b']) {
        const port = await freePort();
        const r = serve({ DATABASE_URL: db.url, PORT: String(port), API_TOKENS: `hotline:${TOKEN}`, REPLICA_ID: id });
        replicas.push(r);
        urls.push(`http://127.0.0.1:${port}`);
        await healthy(urls.at(-1)!, r.stderr);
      }
      const file = (url: string, key: string, n: number) =>
        fetch(`${url}/api/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({
            unit: 'OUT-12',
            category: 'waiting',
            phone: `1390000${String(n).padStart(4, '0')}`,
            text: `排队过久 ${n}`,
            external_id: `T-${n}`,
          }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as { id: string } }));
      const ORDERS = 25;
      const answers = await Promise.all(
        Array.from({ length: ORDERS }, async (_, n) => {
          const key = `retry-${n}`;
          // the same retry reaches both replicas at the same moment
          const [a, b] = await Promise.all([file(urls[0], key, n), file(urls[1], key, n)]);
          return { a, b };
        }),
      );
      for (const { a, b } of answers) {
        expect([a.status, b.status].sort()).toEqual([200, 201]);
        expect(a.body.id).toBe(b.body.id);
      }
      expect(new Set(answers.map(({ a }) => a.body.id)).size).toBe(ORDERS);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM "Case"');
        expect(Number(rows[0].n)).toBe(ORDERS);
      } finally {
        await client.end();
      }
      // a later retry of one of them, to either replica, is still that case
      const late = await file(urls[1], 'retry-3', 3);
      expect(late.status).toBe(200);
      expect(late.body.id).toBe(answers[3].a.body.id);
    } finally {
      for (const r of replicas) r.child.kill('SIGTERM');
      await Promise.all(replicas.map((r) => new Promise((res) => (r.child.exitCode !== null ? res(null) : r.child.once('exit', res)))));
      await db.drop();
    }
  }, 180_000);
});
