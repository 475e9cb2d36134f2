/**
 * Issue 22, one notifier contract: a Discord refusal no retry can fix (403 Missing Access on a channel) gives the
 * message up as every notifier does: `dead` with its error, `/healthz` degraded, never marked delivered, never
 * retried; the case's later messages still go out. A card is posted as the case is when it goes out. `serve` with
 * the real discord.js client against the fake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ROSTER, loadConfig } from '../../src/cli/config.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { until } from '../helpers/until.ts';

const APP_ID = '1200000000000000001';
const GUILD_ID = '1200000000000000002';
const CH = {
  PROV: '900000000000000001',
  BR01: '900000000000000002',
  BR02: '900000000000000003',
  SB01: '900000000000000004',
  SB03: '900000000000000005',
};

describe('Discord under the one notifier contract (issue 22)', () => {
  let fake: FakeDiscord;
  let server: RunningServer;
  let dir: string;
  const clock = new ManualClock('2026-12-01T01:00:00Z');

  beforeAll(async () => {
    fake = await startFakeDiscord({
      applicationId: APP_ID,
      guildId: GUILD_ID,
      channels: Object.entries(CH).map(([name, id]) => ({ id, name: `${name.toLowerCase()}-group` })),
      members: [{ id: '1001', username: 'zhang' }],
    });
    dir = mkdtempSync(join(tmpdir(), 'cd-discord-dead-'));
    const config = loadConfig({
      DISCORD_TOKEN: 'fake.bot.token',
      DISCORD_API_URL: fake.restUrl,
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
      ROSTER: DEMO_ROSTER,
    });
    server = await startServer({ config, clock, host: '127.0.0.1', log: pino({ level: 'silent' }), scheduler: { maxSleepMs: 50 } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => {
    const db = new Database(join(dir, 'desk.sqlite'), { readonly: true });
    try {
      return db
        .prepare(`SELECT id, kind, status, delivered, "lastError", attempts FROM "OutboxMessage" WHERE "caseId" = 1 ORDER BY id`)
        .all() as {
        id: number;
        kind: string;
        status: string;
        delivered: string | null;
        lastError: string | null;
        attempts: number;
      }[];
    } finally {
      db.close();
    }
  };
  const health = async () =>
    (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; outboxDead: number; deadErrors: { error: string }[] };

  it('is given up (dead, /healthz degraded), not marked delivered; the next message of the case goes out', async () => {
    expect((await health()).status).toBe('ok');
    fake.failNext(/\/channels\/\d+\/messages$/, 1, 403, { code: 50001, message: 'Missing Access' });
    const r = await server.core.desk.handleText('zhang', '/complaint new unit=OUT-12 channel=phone 柜面系统无法登录');
    expect(r.ok, r.text).toBe(true);
    server.scheduler.poke();
    await until(() => rows().some((m) => m.status === 'dead'), 'the refused post to be given up', { everyMs: 50, tries: 400 });
    const [first] = rows();
    expect(first).toMatchObject({ kind: 'case', status: 'dead' });
    expect(first.delivered ?? '').not.toContain('discord');
    expect(first.lastError).toContain('discord: 50001');
    const h = await health();
    expect(h).toMatchObject({ status: 'degraded', outboxDead: 1 });
    expect(h.deadErrors[0].error).toContain('50001');

    // the case's next message is not held back by the dead one
    const r2 = await server.core.desk.handleText('zhang', '/complaint note C1 已联系科技部');
    expect(r2.ok, r2.text).toBe(true);
    server.scheduler.poke();
    await until(() => rows().length >= 2 && rows()[rows().length - 1].status === 'sent', 'the next message to go out', {
      everyMs: 50,
      tries: 400,
    });
    expect(rows()[rows().length - 1].delivered).toBe('discord');
    // never retried
    expect(rows()[0]).toMatchObject({ status: 'dead', attempts: first.attempts });
  }, 60_000);

  it('posts a card as the case is when the message goes out, not as it was when written (one card source with Slack)', async () => {
    // delivery held back (an outage, a restart): the case is opened and someone is on site before its post goes out
    await server.scheduler.stop();
    const posted = fake.calls.length;
    expect((await server.core.desk.handleText('zhang', '/complaint new unit=OUT-12 channel=phone 网银登录失败')).ok).toBe(true);
    expect((await server.core.desk.handleText('zhang', '/complaint arrive C2')).ok).toBe(true);
    server.scheduler.start();
    await until(
      () =>
        fake.calls
          .slice(posted)
          .some((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path) && JSON.stringify(c.body).includes('C2')),
      'the card of C2 to be posted',
      { everyMs: 50, tries: 400 },
    );
    const card = fake.calls
      .slice(posted)
      .find((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path) && c.body?.embeds?.length)!;
    expect(card.body.embeds.at(-1).footer.text).toBe('已到场');
  }, 60_000);
});
