/**
 * Slack errors no retry can fix (a scope the app was not granted, a channel the bot is not in): the real server
 * (core + scheduler + Bolt front end) against the fake Slack, which enforces the granted scopes as Slack does. The
 * message is given up once (logged at error level with what to do, counted in /metrics, shown by /healthz),
 * never retried, and the case's later messages still go out; transient errors are still retried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOwnPrisma, ownPrisma } from '../helpers/own-prisma.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { loadConfig } from '../../src/cli/config.ts';
import { PERMANENT_SLACK_ERRORS } from '../../src/platforms/slack/slack-notifier.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { manifestScopes, startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { postSigned, slashCommandBody } from '../fakes/slack-signing.ts';
import { PermanentDeliveryError } from '../../src/core/ports/store.ts';

const SECRET = 'e2e-signing-secret';
const TZ = 'Asia/Shanghai';
const fastRetry = () => ({ retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 });

interface LogLine {
  level: number;
  msg: string;
  error?: string;
  needed?: string;
  outboxId?: number;
  step?: string;
}

describe('Slack errors no retry can fix', () => {
  let slack: FakeSlack;
  let server: RunningServer;
  let dir: string;
  const logs: LogLine[] = [];
  const clock = new ManualClock(atLocal('2026-12-01', '08:00', TZ));
  let n = 0;

  beforeAll(async () => {
    // the app as installed from a manifest without files:write (the defect this guards against)
    slack = await startFakeSlack({ scopes: manifestScopes().filter((s) => s !== 'files:write') });
    dir = mkdtempSync(join(tmpdir(), 'cd-slack-dead-'));
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
      LOG_LEVEL: 'info',
    });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    server = await startServer({
      config,
      clock,
      host: '127.0.0.1',
      log: pino({ level: 'info' }, sink), // the default level: what an operator sees
      slack: { retryConfig: fastRetry(), notifierRetryConfig: { retries: 0 }, socketRetryConfig: fastRetry() },
      scheduler: { maxSleepMs: 100 },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.close();
    await server?.core.close();
    if (dir) await closeOwnPrisma(`file:${join(dir, 'desk.sqlite')}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const command = (user: string, text: string) =>
    postSigned(
      `${server.url}/slack/events`,
      SECRET,
      slashCommandBody({ text, user_id: user, channel_id: 'C0SB01', response_url: slack.responseUrl(`cmd-${++n}`) }),
    );
  /** Scheduler passes until nothing is due, moving the clock past every retry's backoff (at most `max` passes). */
  const drain = async (max = 30) => {
    for (let i = 0; i < max; i++) {
      await server.scheduler.tick();
      const next = await server.core.store.nextOutboxAttempt(clock.now());
      if (!next) return;
      clock.set(Math.max(next.getTime(), clock.now().getTime()));
    }
  };
  const advanceTo = async (ms: number) => {
    for (;;) {
      const next = await server.scheduler.nextWake();
      if (next.getTime() > ms) break;
      clock.set(Math.max(next.getTime(), clock.now().getTime()));
      await server.scheduler.tick();
    }
    clock.set(ms);
    await server.scheduler.tick();
  };
  const outbox = () => ownPrisma(`file:${join(dir, 'desk.sqlite')}`).outboxMessage.findMany({ orderBy: { id: 'asc' } });
  const health = async (query = '') => {
    const res = await fetch(`${server.url}/healthz${query}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('starts healthy', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, status: 'ok', delivery: 'ok', outboxDead: 0, deadErrors: [] } });
    expect((await health('?strict')).status).toBe(200);
  });

  it('a channel the bot is not in gives that message up once; a later message of the same case still goes out', async () => {
    // Slack refuses the case's first post (the card) with not_in_channel, as it does for a private channel
    slack.failNext('chat.postMessage', 1, 200, { body: { ok: false, error: 'not_in_channel' } });
    expect((await command('U0ZHANG', 'new unit=OUT-12 category=atm ATM吞卡')).status).toBe(200);
    await drain();
    let rows = await outbox();
    expect(rows.map((r) => [r.kind, r.status])).toEqual([['case', 'dead']]);
    expect(rows[0].lastError).toBe('slack: not_in_channel');
    expect(rows[0].attempts).toBe(1);

    // the bot is invited; the next message of C1 goes out (no card to thread under: a plain post)
    expect((await command('U0ZHANG', 'note C1 客户已到网点')).status).toBe(200);
    await drain();
    rows = await outbox();
    expect(rows.map((r) => r.status)).toEqual(['dead', 'sent']);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([200, 200]); // the refused one (a platform error is HTTP 200), then the note
    expect(String(posts[1].body.text)).toContain('C1');

    const errors = logs.filter((l) => l.level >= 50 && l.error === 'not_in_channel');
    expect(errors).toHaveLength(1);
    expect(errors[0].msg).toMatch(/invite the bot/);
  });

  it('a scope the app lacks (files:write for the chart) gives each summary up once: logged, counted, shown by /healthz, not retried', async () => {
    await advanceTo(atLocal('2026-12-01', '20:01', TZ).getTime());
    await drain();
    const summaries = (await outbox()).filter((r) => r.kind === 'summary');
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(summaries.every((r) => r.status === 'dead' && r.attempts === 1)).toBe(true);
    expect(new Set(summaries.map((r) => r.lastError))).toEqual(new Set(['slack: missing_scope (at chart, needed files:write)']));
    // the fake answered as Slack does, and the text of each summary did go out
    const refused = slack.callsTo('files.getUploadURLExternal');
    expect(refused).toHaveLength(summaries.length);
    expect(slack.callsTo('chat.postMessage').filter((c) => /投诉日报|daily complaint summary/.test(String(c.body.text)))).toHaveLength(
      summaries.length,
    );

    // logged once per message, at error level, naming the scope and what to do
    const errors = logs.filter((l) => l.level >= 50 && l.error === 'missing_scope');
    expect(errors.map((l) => l.outboxId).sort()).toEqual(summaries.map((r) => r.id).sort());
    expect(errors[0]).toMatchObject({ needed: 'files:write', step: 'chart' });
    expect(errors[0].msg).toMatch(/needs files:write.*reinstall/);

    // an hour of passes later nothing was tried again
    await advanceTo(atLocal('2026-12-01', '21:01', TZ).getTime());
    await drain();
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(summaries.length);
    expect(await server.core.store.outboxBacklog()).toBe(0);
    expect(logs.filter((l) => l.level >= 50 && l.error === 'missing_scope')).toHaveLength(summaries.length);

    // /healthz: degraded with the errors, still 200 for load balancers; ?strict answers 503 for monitors
    const h = await health();
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({
      ok: false,
      status: 'degraded',
      database: 'ok',
      scheduler: 'ok',
      delivery: 'degraded',
      slack: 'http',
      outboxDead: summaries.length + 1,
    });
    expect(h.body.deadErrors).toEqual([
      { error: 'slack: missing_scope (at chart, needed files:write)', count: summaries.length },
      { error: 'slack: not_in_channel', count: 1 },
    ]);
    expect((await health('?strict')).status).toBe(503);

    // /metrics: the dead counter by error, and the dead messages still in the outbox
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`complaint_outbox_dead_total{platform="slack",error="missing_scope"} ${summaries.length}`);
    expect(metrics).toContain('complaint_outbox_dead_total{platform="slack",error="not_in_channel"} 1');
    expect(metrics).toMatch(new RegExp(`^complaint_outbox_dead ${summaries.length + 1}$`, 'm'));

    // the scope is granted (the app reinstalled): the next day's summaries go out with their charts, and once the
    // last message given up is 24 h old /healthz is ok again (the dead rows stay, for the record)
    slack.setScopes(manifestScopes());
    await advanceTo(atLocal('2026-12-02', '19:59', TZ).getTime());
    await drain();
    expect(await health()).toMatchObject({ status: 200, body: { status: 'degraded' } });
    await advanceTo(atLocal('2026-12-02', '20:01', TZ).getTime());
    await drain();
    expect(slack.callsTo('files.completeUploadExternal').filter((c) => c.status === 200)).toHaveLength(summaries.length);
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, status: 'ok', outboxDead: 0, deadErrors: [] } });
    expect((await outbox()).filter((r) => r.status === 'dead')).toHaveLength(summaries.length + 1);
  });

  it('a transient error (5xx, 429) is still retried and delivered, never given up', async () => {
    slack.failNext('chat.postMessage', 2, 503);
    slack.failNext('chat.postMessage', 1, 429, { retryAfter: 1 });
    expect((await command('U0ZHANG', 'note C1 客户改约明天')).status).toBe(200);
    await drain();
    const note = (await outbox()).filter((r) => r.kind === 'update').at(-1)!;
    expect(note.payload).toContain('客户改约明天');
    expect(note).toMatchObject({ status: 'sent', attempts: 3 });
    expect(
      slack
        .callsTo('chat.postMessage')
        .slice(-4)
        .map((c) => c.status),
    ).toEqual([503, 503, 429, 200]);
  });

  it('the Slack notifier classifies permanent errors by Slack code (a typed error), and anything else as worth retrying', async () => {
    const notifier = server.slack!.notifier;
    const record = {
      id: 999_999,
      key: 'probe',
      at: clock.now(),
      kind: 'update' as const,
      caseId: null,
      toUnit: 'BR01',
      toHandle: null,
      payload: { text: 'probe', mentions: [] },
      attempts: 0,
      delivered: [],
    };
    for (const code of [...PERMANENT_SLACK_ERRORS, 'internal_error', 'some_new_error']) {
      slack.setHandler('chat.postMessage', () => ({ ok: false, error: code }));
      const err = await notifier.send(record).then(
        () => null,
        (e: unknown) => e,
      );
      const permanent = PERMANENT_SLACK_ERRORS.includes(code);
      expect(err instanceof PermanentDeliveryError, code).toBe(permanent);
      if (permanent) expect(err).toMatchObject({ platform: 'slack', code });
      else expect(err).toMatchObject({ code: 'slack_webapi_platform_error' });
    }
    slack.setHandler('chat.postMessage', null);
    for (const code of [
      'missing_scope',
      'not_in_channel',
      'channel_not_found',
      'invalid_auth',
      'account_inactive',
      'token_revoked',
      'is_archived',
    ])
      expect(PERMANENT_SLACK_ERRORS).toContain(code);
    // an unclassified code is retried, but said at warn level
    expect(logs.some((l) => l.level === 40 && l.error === 'some_new_error')).toBe(true);
  });
});
