/**
 * The Slack front end in Socket Mode (banks that cannot expose an HTTP endpoint): commands arrive as socket
 * envelopes and are acked on the socket, the client reconnects after the connection drops, and the process
 * still serves /healthz on PORT. Start-up refuses an invalid token loudly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/cli/config.ts';
import { SlackStartupError } from '../../src/platforms/slack/slack-app.ts';
import { startServer } from '../../src/cli/serve.ts';
import { startFakeSlack } from '../fakes/fake-slack.ts';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

describe('Slack front end (Socket Mode)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('socket');
  });
  afterAll(async () => {
    await h?.close();
  });

  const command = (text: string, user = 'U0ZHANG') => ({
    token: 'x',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0SB01',
    channel_name: 'complaints',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/complaint',
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: h.slack.responseUrl(),
    trigger_id: `sock-${Math.random()}`,
  });

  it('connects with the app token and acks a command on the socket', async () => {
    const open = await h.slack.waitFor('apps.connections.open');
    expect(open.token).toBe('xapp-e2e');
    await h.slack.waitForSocket(1);
    expect(h.server.slack?.mode).toBe('socket');
    const ack = await h.slack.sendSocketEnvelope('slash_commands', command('new unit=OUT-12 取款机故障'));
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload?.text)).toContain('C1');
    expect(await h.caseCount()).toBe(1);
    await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0SB01' && c.status === 200);
  });

  it('a redelivered envelope (retry_attempt) creates no second case', async () => {
    const payload = command('new unit=OUT-12 存折打印不出');
    const first = await h.slack.sendSocketEnvelope('slash_commands', payload);
    const again = await h.slack.sendSocketEnvelope('slash_commands', payload, { retryAttempt: 1, retryReason: 'timeout' });
    expect(again.payload?.text).toBe(first.payload?.text);
    expect(await h.caseCount()).toBe(2);
  });

  it('reconnects after the socket drops and keeps answering', async () => {
    await h.slack.dropSocket();
    await h.slack.waitForSocket(2, 10_000);
    const ack = await h.slack.sendSocketEnvelope('slash_commands', command('show C1'));
    expect(String(ack.payload?.text)).toContain('C1');
    const stranger = await h.slack.sendSocketEnvelope('slash_commands', command('list', 'U0STRANGER'));
    expect(String(stranger.payload?.text)).toContain('<@U0STRANGER>');
  });

  it('keeps reconnecting when apps.connections.open fails (503) during a reconnect, then answers again', async () => {
    const before = h.slack.socketConnections;
    h.slack.setOutage(503);
    await h.slack.dropSocket();
    // the client's reconnect attempts hit the outage (socket-mode alone would give up with an unhandled rejection)
    // (long enough to outlast the Web API client's own retries: socket-mode then treats the failure as final)
    await h.slack.waitForCount((c) => c.method === 'apps.connections.open' && c.status === 503, 4, 15_000);
    h.slack.setOutage(null);
    await h.slack.waitForSocket(before + 1, 20_000);
    const ack = await h.slack.sendSocketEnvelope('slash_commands', command('show C2'));
    expect(String(ack.payload?.text)).toContain('C2');
  }, 40_000);

  it('serves /healthz and /metrics on PORT in Socket Mode too; 503 when the scheduler falls behind', async () => {
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.server.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${h.server.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    await h.server.scheduler.stop();
    h.clock.advance(5 * 60_000);
    const res = await fetch(`${h.server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, database: 'ok', scheduler: 'behind' });
  });
});

describe('Slack start-up', () => {
  it('stops with a clear message when auth.test says invalid_auth (Bolt alone would ack and drop everything)', async () => {
    const slack = await startFakeSlack();
    slack.setAuthValid(false);
    const dir = mkdtempSync(join(tmpdir(), 'cd-slack-auth-'));
    try {
      const config = loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-revoked',
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
      });
      const started = startServer({
        config,
        host: '127.0.0.1',
        log: pino({ level: 'silent' }),
        slack: { notifierRetryConfig: { retries: 0 } },
      });
      await expect(started).rejects.toBeInstanceOf(SlackStartupError);
      await expect(started).rejects.toThrow(/invalid_auth/);
      expect(slack.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
