/**
 * The real server (src/serve.ts: core + scheduler + the Bolt front end) on loopback, pointed at the fake Slack,
 * on a throwaway SQLite file, with a manual clock for the desk (Slack's request signing uses real time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { loadConfig } from '../../src/cli/config.ts';
import type { SlackTuning } from '../../src/platforms/slack/slack-app.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import type { Db } from '../helpers/prisma-client.ts';
import { closeOwnPrisma, ownPrisma } from '../helpers/own-prisma.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { interactionBody, postSigned, slashCommandBody, type PostSignedOptions, type SignedResponse } from '../fakes/slack-signing.ts';

export const SECRET = 'e2e-signing-secret';
export const fastRetry = () => ({ retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 });

export interface SlackHarness {
  slack: FakeSlack;
  server: RunningServer;
  clock: ManualClock;
  /** Read by the front end on every request (e.g. set deferAfterMs to 0 to force the late-answer path). */
  tuning: SlackTuning;
  eventsUrl: string;
  /** POST a signed `/complaint TEXT` (HTTP mode). */
  command(user: string, text: string, opts?: PostSignedOptions & { channel?: string; trigger?: string }): Promise<SignedResponse>;
  /** POST a signed interaction payload (HTTP mode). */
  interact(payload: Record<string, unknown>, opts?: PostSignedOptions): Promise<SignedResponse>;
  /** A block_actions payload for a card button. */
  click(user: string, action: string, caseId: string, channel?: string): Promise<SignedResponse>;
  /** A view_submission payload. */
  submit(
    user: string,
    view: { id: string; callback_id: string; private_metadata?: string; values: Record<string, Record<string, unknown>> },
  ): Promise<SignedResponse>;
  /** Move the desk's clock to `ms`, waking the scheduler at every due moment on the way. */
  advanceTo(ms: number): Promise<void>;
  /** Run scheduler passes until the outbox is empty (or `maxPasses` ran), moving the clock past retry backoffs. */
  drain(maxPasses?: number): Promise<number>;
  caseCount(): Promise<number>;
  /** a Prisma client of the test's own on the desk's database (the server runs only its store) */
  readonly db: Db;
  close(): Promise<void>;
}

/** `env`: more variables for the server's configuration (e.g. ROSTER). */
export async function startSlackHarness(mode: 'http' | 'socket' = 'http', env: Record<string, string> = {}): Promise<SlackHarness> {
  const slack = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'cd-slack-e2e-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    ...(mode === 'http' ? { SLACK_SIGNING_SECRET: SECRET } : { SLACK_APP_TOKEN: 'xapp-e2e' }),
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const clock = new ManualClock(atLocal('2026-12-01', '08:00', 'Asia/Shanghai'));
  const tuning: SlackTuning = {
    retryConfig: fastRetry(),
    notifierRetryConfig: { retries: 0 },
    socketRetryConfig: fastRetry(),
    clientPingTimeoutMs: 300,
  };
  let server: RunningServer;
  try {
    server = await startServer({
      config,
      clock,
      host: '127.0.0.1',
      log: pino({ level: process.env.E2E_LOG ?? 'silent' }),
      slack: tuning,
      scheduler: { maxSleepMs: 100 },
    });
  } catch (e) {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const eventsUrl = `${server.url}/slack/events`;
  let n = 0;
  const h: SlackHarness = {
    slack,
    server,
    clock,
    tuning,
    eventsUrl,
    command: (user, text, o = {}) =>
      postSigned(
        eventsUrl,
        SECRET,
        slashCommandBody({
          text,
          user_id: user,
          channel_id: o.channel ?? 'C0SB01',
          response_url: slack.responseUrl(`cmd-${++n}`),
          ...(o.trigger ? { trigger_id: o.trigger } : {}),
        }),
        o,
      ),
    interact: (payload, o = {}) => postSigned(eventsUrl, SECRET, interactionBody(payload), o),
    click: (user, action, caseId, channel = 'C0SB01') =>
      h.interact({
        type: 'block_actions',
        trigger_id: `trig-${++n}`,
        user: { id: user, team_id: slack.teamId },
        team: { id: slack.teamId },
        api_app_id: slack.appId,
        token: 'x',
        container: { type: 'message', channel_id: channel, message_ts: '1.1' },
        channel: { id: channel },
        response_url: slack.responseUrl(`btn-${n}`),
        actions: [
          {
            type: 'button',
            action_id: `case_${action}`,
            block_id: `case_actions:${caseId}`,
            value: caseId,
            action_ts: `${Date.now()}.${n}`,
          },
        ],
      }),
    submit: (user, view) =>
      h.interact({
        type: 'view_submission',
        trigger_id: `trig-${++n}`,
        user: { id: user, team_id: slack.teamId },
        team: { id: slack.teamId },
        api_app_id: slack.appId,
        token: 'x',
        view: {
          id: view.id,
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata ?? '',
          hash: `h${n}`,
          state: { values: view.values },
        },
      }),
    async advanceTo(ms) {
      for (;;) {
        const next = await server.scheduler.nextWake();
        if (next.getTime() > ms) break;
        clock.set(Math.max(next.getTime(), clock.now().getTime()));
        await server.scheduler.tick();
      }
      clock.set(ms);
      await server.scheduler.tick();
    },
    async drain(maxPasses = 40) {
      let passes = 0;
      // at least one pass: what a command's poke would start (a handover, say) may not be queued yet (pokes are
      // coalesced for 20 ms)
      while (passes < maxPasses && (passes === 0 || (await server.core.store.outboxBacklog()) > 0)) {
        // (a message blocked behind its case's failed head keeps an old nextAttemptAt: wait for the next retry)
        const next = await ownPrisma(config.databaseUrl).outboxMessage.findFirst({
          where: { status: 'pending', nextAttemptAt: { gt: clock.now() } },
          orderBy: { nextAttemptAt: 'asc' },
          select: { nextAttemptAt: true },
        });
        if (passes > 0 && next) clock.set(next.nextAttemptAt);
        await server.scheduler.tick();
        passes++;
      }
      return passes;
    },
    caseCount: () => ownPrisma(config.databaseUrl).case.count(),
    get db() {
      return ownPrisma(config.databaseUrl);
    },
    async close() {
      await server.stop();
      await slack.close();
      await server.core.close();
      await closeOwnPrisma(config.databaseUrl);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A state value for a view_submission. */
export const sel = (value: string) => ({ type: 'static_select', selected_option: { value } });
export const txt = (value: string) => ({ type: 'plain_text_input', value });
export const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value } });
export const boxes = (...values: string[]) => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value })) });
