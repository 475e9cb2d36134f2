/**
 * `serve` runs every configured front end in one process over one core and one scheduler: a case opened in
 * Slack is delivered through the Slack notifier and through the Discord front end's notifier (a stand-in here;
 * the real one has its own e2e test), each exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { closeOwnPrisma, ownPrisma } from '../helpers/own-prisma.ts';
import type { AppCore } from '../../src/cli/app.ts';
import { loadConfig } from '../../src/cli/config.ts';
import type { OutboxRecord } from '../../src/core/domain/case.ts';
import { loadDiscordFrontEnd, startServer, type StartDiscord } from '../../src/cli/serve.ts';
import { startFakeSlack } from '../fakes/fake-slack.ts';
import { postSigned, slashCommandBody } from '../fakes/slack-signing.ts';
import { CHAT_KINDS } from '../../src/core/ports/outbox.ts';

describe('serve: Slack and Discord in one process', () => {
  it('shares one core and one scheduler; each platform gets every message once', async () => {
    const slack = await startFakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'cd-serve-'));
    const received: OutboxRecord[] = [];
    let given: { core: AppCore; scheduler: unknown } | null = null;
    let stopped = false;
    const startDiscord: StartDiscord = async ({ core, scheduler }) => {
      given = { core, scheduler };
      return {
        notifier: { platform: 'discord', kinds: CHAT_KINDS, send: async (m) => void received.push(m) },
        stop: async () => {
          stopped = true;
        },
      };
    };
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-serve',
      SLACK_SIGNING_SECRET: 'serve-secret',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'discord-token',
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
    });
    const server = await startServer({
      config,
      host: '127.0.0.1',
      log: pino({ level: 'silent' }),
      slack: { notifierRetryConfig: { retries: 0 }, retryConfig: { retries: 0 } },
      startDiscord,
    });
    try {
      expect(given!.core).toBe(server.core);
      expect(given!.scheduler).toBe(server.scheduler);
      const res = await postSigned(
        `${server.url}/slack/events`,
        'serve-secret',
        slashCommandBody({ text: 'new unit=OUT-31 category=atm ATM吞卡', user_id: 'U0HU', channel_id: 'C0SB03' }),
      );
      expect(JSON.parse(res.text).text).toContain('C1');
      await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0SB03' && c.status === 200);
      await expect.poll(() => received.length).toBeGreaterThanOrEqual(1);
      expect(received[0]).toMatchObject({ kind: 'case', caseId: 1, toUnit: 'SB03' });
      // every notifier of the replica that takes the kind marks it once: the two chat front ends post it (§14: the
      // mail notifier takes only mails, and a replica without SMTP_URL has none)
      await expect
        .poll(() =>
          ownPrisma(config.databaseUrl)
            .outboxMessage.findFirst({ where: { id: received[0].id } })
            .then((m) =>
              String(m?.delivered ?? '')
                .split(',')
                .sort()
                .join(','),
            ),
        )
        .toBe('discord,slack');
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, database: 'ok', scheduler: 'ok', outboxBacklog: expect.any(Number) });
      // a refusal is counted too
      await postSigned(
        `${server.url}/slack/events`,
        'serve-secret',
        slashCommandBody({ text: 'show C99', user_id: 'U0HU', channel_id: 'C0SB03' }),
      );
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/complaint_commands_total\{command="new",result="ok"\} 1/);
      expect(metrics).toMatch(/complaint_commands_total\{command="show",result="err_unknown_case"\} 1/);
      expect(metrics).toMatch(/complaint_notifications_total\{platform="slack",kind="case",result="sent"\} [1-9]/);
      expect(metrics).toMatch(/complaint_outbox_backlog \d+/);
      expect(metrics).toMatch(/complaint_scheduler_lag_seconds \d/);
      expect(metrics).toContain('complaint_deadline_breaches_total');
    } finally {
      await server.stop();
      await closeOwnPrisma(config.databaseUrl);
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(stopped).toBe(true);
    expect(received.filter((m) => m.key === received[0].key)).toHaveLength(1);
  });

  it('loads the Discord front end module when it is there, and tolerates its absence', async () => {
    const start = await loadDiscordFrontEnd();
    expect(start === null || typeof start === 'function').toBe(true);
    expect(await loadDiscordFrontEnd(undefined, './platforms/discord/not-built-yet.ts')).toBeNull();
  });

  it('with no front end configured, still serves /healthz and /metrics and keeps messages queued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-serve-bare-'));
    const server = await startServer({
      config: loadConfig({ PORT: '0', DATABASE_URL: `file:${join(dir, 'desk.sqlite')}` }),
      host: '127.0.0.1',
      log: pino({ level: 'silent' }),
    });
    try {
      expect(server.slack).toBeNull();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('complaint_outbox_backlog');
      const r = await server.core.desk.handleText('zhang', '/complaint new 取不出钱');
      expect(r.ok).toBe(true);
      await server.scheduler.tick();
      expect(await server.core.store.outboxBacklog()).toBeGreaterThan(0); // nobody to deliver to: kept
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
