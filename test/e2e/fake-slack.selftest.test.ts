/**
 * Proves test/fakes/* work against a bare, real Bolt App (no project code): HTTP receiver and Socket Mode.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { until } from '../helpers/until.ts';
import { interactionBody, nowSeconds, postSigned, slashCommandBody } from '../fakes/slack-signing.ts';

const SECRET = 'test-signing-secret';
const fastRetry = () => ({ retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 });

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('fake Slack + Bolt HTTPReceiver', () => {
  let slack: FakeSlack;
  let app: App;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    app = new App({
      token: 'xoxb-fake',
      signingSecret: SECRET,
      tokenVerificationEnabled: false,
      botId: slack.botId,
      botUserId: slack.botUserId,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: fastRetry() },
    });
    app.command('/complaint', async ({ ack, command, client }) => {
      await ack();
      seen.push(command.text);
      await client.chat.postMessage({
        channel: command.channel_id,
        text: `got: ${command.text}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${command.text}*` } }],
      });
    });
    app.action('approve', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: { type: 'modal', title: { type: 'plain_text', text: 'Approve' }, blocks: [] },
      });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(() => {
    slack.setOutage(null);
    slack.setAuthValid(true);
  });

  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  it('acks a signed slash command and its chat.postMessage reaches the fake', async () => {
    const res = await postSigned(url, SECRET, slashCommandBody({ text: 'card blocked', user_id: 'U1', channel_id: 'C1' }));
    expect(res.status).toBe(200);
    const call = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.text === 'got: card blocked');
    expect(call.status).toBe(200);
    expect(call.token).toBe('xoxb-fake');
    expect(call.body.channel).toBe('C1');
    // form field `blocks` arrives JSON-decoded
    expect(call.body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*card blocked*' } }]);
    expect(seen).toContain('card blocked');
  });

  it('rejects a bad signature and a stale timestamp with 401, running no listener', async () => {
    const before = slack.calls.length;
    const body = slashCommandBody({ text: 'forged', user_id: 'U1', channel_id: 'C1' });
    expect((await postSigned(url, SECRET, body, { badSignature: true })).status).toBe(401);
    expect((await postSigned(url, SECRET, body, { timestamp: nowSeconds() - 600 })).status).toBe(401);
    // a valid request sent after them, once its listener ran, drains the refused ones (a 401 is answered first)
    expect((await postSigned(url, SECRET, slashCommandBody({ text: 'drain', user_id: 'U1', channel_id: 'C1' }))).status).toBe(200);
    await until(() => seen.includes('drain') && slack.calls.length > before, 'the drain command to be handled');
    expect(seen).not.toContain('forged');
    expect(slack.calls.slice(before).filter((c) => JSON.stringify(c.body).includes('forged'))).toEqual([]);
  });

  it('interaction payloads work (views.open answered with a view id)', async () => {
    const res = await postSigned(
      url,
      SECRET,
      interactionBody({
        type: 'block_actions',
        trigger_id: '123.456.abc',
        user: { id: 'U1' },
        team: { id: slack.teamId },
        api_app_id: slack.appId,
        token: 'x',
        container: { type: 'message' },
        actions: [{ type: 'button', action_id: 'approve', block_id: 'b', value: 'v', action_ts: '1' }],
      }),
    );
    expect(res.status).toBe(200);
    const call = await slack.waitFor('views.open');
    expect(call.body.trigger_id).toBe('123.456.abc');
    expect((call.body.view as { type: string }).type).toBe('modal');
  });

  it('a 429 then success is retried by the WebClient and recorded twice', async () => {
    slack.failNext('chat.postMessage', 1, 429);
    const started = Date.now();
    const r = await app.client.chat.postMessage({ channel: 'C429', text: 'retry me' });
    expect(r.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // honoured Retry-After: 1
    const attempts = slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C429');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });

  it('500s are retried per retryConfig, and an outage fails after retries', async () => {
    slack.failNext('*', 2, 500);
    expect((await app.client.chat.update({ channel: 'C5', ts: '1.1', text: 'x' })).ok).toBe(true);
    expect(slack.callsTo('chat.update').map((c) => c.status)).toEqual([500, 500, 200]);

    slack.setOutage(503);
    await expect(app.client.users.info({ user: 'U9' })).rejects.toThrow(/503/);
    expect(slack.callsTo('users.info').map((c) => c.status)).toEqual([503, 503, 503]); // 1 + 2 retries
    slack.setOutage(null);
    const info = await app.client.users.info({ user: 'U9' });
    expect(info.user?.id).toBe('U9');
  });

  it('auth.test can be made invalid; other built-ins answer sensibly', async () => {
    expect((await app.client.auth.test()).user_id).toBe(slack.botUserId);
    slack.setAuthValid(false);
    await expect(app.client.auth.test()).rejects.toThrow(/invalid_auth/);
    slack.setAuthValid(true);

    const dm = await app.client.conversations.open({ users: 'U42' });
    expect(dm.channel?.id).toBe('DU42');
    const a = await app.client.chat.postMessage({ channel: 'C1', text: 'a' });
    const b = await app.client.chat.postMessage({ channel: 'C1', text: 'b' });
    expect(a.ts).not.toBe(b.ts);
    expect((await app.client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'e' })).ok).toBe(true);

    const up = await app.client.files.uploadV2({
      channel_id: 'C1',
      filename: 'report.csv',
      content: 'a,b\n1,2\n',
      initial_comment: 'report',
    });
    expect(up.ok).toBe(true);
    const upload = await slack.waitFor('upload');
    expect(upload.status).toBe(200);
    expect(upload.body.text).toBe('a,b\n1,2\n');
    const complete = await slack.waitFor('files.completeUploadExternal');
    expect(complete.body.channel_id).toBe('C1');
    expect((complete.body.files as Array<{ id: string }>)[0]?.id).toBe(upload.body.file_id);
  });

  it('waitFor rejects with a dump of recorded calls', async () => {
    await expect(slack.waitFor('never.called', 50)).rejects.toThrow(/never\.called[\s\S]*chat\.postMessage/);
  });
});

describe('fake Slack + Bolt Socket Mode', () => {
  let slack: FakeSlack;
  let app: App;
  const texts: string[] = [];
  let timersBefore = 0;

  beforeAll(async () => {
    timersBefore = activeTimers();
    slack = await startFakeSlack();
    app = new App({
      token: 'xoxb-fake',
      appToken: 'xapp-fake',
      socketMode: true,
      tokenVerificationEnabled: false,
      botId: slack.botId,
      botUserId: slack.botUserId,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: fastRetry() },
    });
    app.command('/complaint', async ({ ack, command }) => {
      texts.push(command.text);
      await ack({ response_type: 'ephemeral', text: `ack: ${command.text}` });
    });
    await app.start();
  });

  afterAll(async () => {
    await app?.stop(); // stop the app first, then the fake (see fake-slack.ts header)
    await slack?.close();
  });

  const command = (text: string) => ({
    token: 'x',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C1',
    channel_name: 'complaints',
    user_id: 'U1',
    user_name: 'u1',
    command: '/complaint',
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(),
    trigger_id: '1.2.3',
  });

  it('connects via apps.connections.open with the app token', async () => {
    const open = await slack.waitFor('apps.connections.open');
    expect(open.token).toBe('xapp-fake');
    await slack.waitForSocket(1);
    expect(slack.socketConnections).toBe(1);
  });

  it('acks a slash command envelope with its response payload', async () => {
    const ack = await slack.sendSocketEnvelope('slash_commands', command('first'));
    expect(ack.envelope_id).toBeTruthy();
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: 'ack: first' });
    expect(texts).toEqual(['first']);
  });

  it('survives dropSocket() and acks again after reconnecting', async () => {
    await slack.dropSocket();
    expect(slack.socketOpen).toBe(false);
    // socket-mode waits clientPingTimeout (5 s default) before reconnecting
    await slack.waitForSocket(2, 15_000);
    expect(slack.callsTo('apps.connections.open').length).toBe(2);
    const ack = await slack.sendSocketEnvelope('slash_commands', command('second'));
    expect(ack.payload).toMatchObject({ text: 'ack: second' });
    expect(texts).toEqual(['first', 'second']);
  }, 30_000);

  it('leaves no timers running when the app is stopped right after a drop', async () => {
    // The risky order: drop, then stop immediately (socket-mode can leak its 30 s close timer here).
    await slack.dropSocket();
    await app.stop();
    await slack.close();
    await until(() => activeTimers() <= timersBefore, "the app's timers to be cleared");
    app = undefined as unknown as App; // afterAll: already stopped
  });
});
