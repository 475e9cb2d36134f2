/**
 * The Slack front end: a factory that builds a Bolt app from narrow dependencies (SlackDeps). Nothing is
 * registered at module load. HTTP mode hands back a request listener for `/slack/events` (the caller's server mounts
 * it, behind the replay guard); Socket Mode connects on `start()`.
 *
 * Every command is answered within Slack's 3 s: the use case's database write runs first (it is fast), then
 * the ack carries the reply; channel posts, DMs and card edits go through the outbox (SlackNotifier).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { CaseRepository } from '../../core/ports/cases.ts';
import type { ChatDeps } from '../shared/deps.ts';
import { replayJournal } from '../shared/journal.ts';
import { registerListeners } from './listeners.ts';
import { textMessages } from './replies.ts';
import { uploadForm } from './form-upload.ts';
import { SlackNotifier } from './slack-notifier.ts';
import { boltLogger, keepReconnecting, replayGuard, SlackStartupError, verifySlackAuth } from './slack-startup.ts';

export { boltLogger, MAX_AGE_S, MAX_FUTURE_SKEW_S, replayGuard, SlackStartupError, verifySlackAuth } from './slack-startup.ts';

type RetryOptions = NonNullable<webApi.WebClientOptions['retryConfig']>;

export interface SlackTuning {
  /** Retries of the WebClient used inside request handlers (views.open, respond). */
  retryConfig?: RetryOptions;
  /** Retries of the notifier's WebClient before the outbox takes over with its own backoff. */
  notifierRetryConfig?: RetryOptions;
  /** Retries of Socket Mode's `apps.connections.open`. */
  socketRetryConfig?: RetryOptions;
  /** Socket Mode: wait for a pong this long, and reconnect after a drop this long × failures (default 5000). */
  clientPingTimeoutMs?: number;
  /** Real time for the replay guard (request timestamps are wall-clock, whatever clock the core uses). */
  nowMs?: () => number;
  /**
   * Ack "in hand" when the use case has not finished after this long (default 1500 ms; Slack's limit is 3 s) and
   * deliver its answer afterwards (response_url, or views.update for a modal). 0 always answers late (tests).
   * Read on every request.
   */
  deferAfterMs?: number;
}

/** Slack's settings, as the environment gives them (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL). */
interface SlackSettings {
  botToken?: string;
  /** HTTP mode */
  signingSecret?: string;
  /** Socket Mode */
  appToken?: string;
  apiUrl?: string;
}

export interface SlackDeps extends ChatDeps {
  /** the case as it is now, for fresh cards and for checking a button before its modal opens */
  cases: Pick<CaseRepository, 'getCase' | 'deadlines'>;
  settings: SlackSettings;
  log: PinoLogger;
  tuning?: SlackTuning;
}

export interface SlackFrontEnd {
  mode: 'http' | 'socket';
  app: App;
  notifier: SlackNotifier;
  /** HTTP mode: the listener for POST /slack/events (replay guard, then Bolt). Null in Socket Mode. */
  handleEvents: RequestListener | null;
  botUserId: string;
  team: string;
  /** Socket Mode: open the connection. HTTP mode: nothing (the caller's server is already listening). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const PRODUCTION_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 };
const PRODUCTION_SOCKET_RETRY: RetryOptions = { retries: 10, factor: 1.6, minTimeout: 1000, maxTimeout: 30_000 };

export async function createSlackApp(deps: SlackDeps): Promise<SlackFrontEnd> {
  const { settings, log } = deps;
  const tuning = deps.tuning ?? {};
  const poke = deps.poke ?? (() => {});
  const token = settings.botToken;
  if (!token || !(settings.signingSecret || settings.appToken))
    throw new SlackStartupError('Slack needs SLACK_BOT_TOKEN plus SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  const apiUrl = settings.apiUrl ?? 'https://slack.com/api/';
  const logger = boltLogger(log);
  const socketMode = !!settings.appToken;

  // The notifier's client fails fast on 429/5xx (the outbox retries with backoff and keeps per-case order);
  // it must not pause the handlers' client while it waits out a rate limit.
  const notifierClient = new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    logger,
    retryConfig: tuning.notifierRetryConfig ?? { retries: 1, minTimeout: 500, maxTimeout: 1000 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  });
  const auth = await verifySlackAuth(notifierClient, apiUrl);

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (socketMode) {
    receiver = new SocketModeReceiver({
      appToken: settings.appToken!,
      logger,
      clientPingTimeout: tuning.clientPingTimeoutMs,
      installerOptions: {
        clientOptions: { slackApiUrl: apiUrl, retryConfig: { ...(tuning.socketRetryConfig ?? PRODUCTION_SOCKET_RETRY) } },
      },
    });
    keepReconnecting(receiver.client, log, tuning.clientPingTimeoutMs ?? 5000);
  } else {
    receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret!,
      endpoints: '/slack/events',
      logger,
      processBeforeResponse: false,
    });
  }
  const app = new App({
    token,
    botId: auth.botId,
    botUserId: auth.botUserId,
    tokenVerificationEnabled: false,
    receiver,
    socketMode,
    logger,
    convoStore: false,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { ...(tuning.retryConfig ?? PRODUCTION_RETRY) }, timeout: 10_000 },
  });
  const notifier = new SlackNotifier({
    client: notifierClient,
    desk: deps.desk,
    cards: deps.cards,
    cases: deps.cases,
    chart: deps.chart,
    clock: deps.clock,
    log,
  });
  registerListeners(app, {
    desk: deps.desk,
    clock: deps.clock,
    journal: deps.journal,
    cases: deps.cases,
    log,
    poke,
    deferAfterMs: () => tuning.deferAfterMs,
    attachFile: (reply, channel) => uploadForm(app.client, deps.cards, reply, channel),
  });
  app.error(async (e) => {
    log.error({ err: e }, 'slack: unhandled error in a listener');
  });

  let handleEvents: RequestListener | null = null;
  if (!socketMode) {
    const http = receiver as HTTPReceiver;
    const fresh = replayGuard(tuning.nowMs ?? Date.now);
    handleEvents = (req: IncomingMessage, res: ServerResponse) => {
      if (!fresh(req)) {
        log.warn({ ts: req.headers['x-slack-request-timestamp'] }, 'slack: request timestamp missing, stale or in the future: refused');
        req.resume();
        res.writeHead(401).end();
        return;
      }
      http.requestListener(req, res);
    };
  }

  let started = false;
  return {
    mode: socketMode ? 'socket' : 'http',
    app,
    notifier,
    handleEvents,
    botUserId: auth.botUserId,
    team: auth.team,
    async start() {
      await replayPending(deps, log, poke);
      if (!socketMode || started) return;
      try {
        await (receiver as SocketModeReceiver).start();
        started = true;
      } catch (e) {
        const err = e as { code?: string; data?: { error?: string }; message?: string };
        await (receiver as SocketModeReceiver).stop().catch(() => {});
        throw new SlackStartupError(
          err.code === 'slack_webapi_platform_error'
            ? `Slack rejected SLACK_APP_TOKEN (apps.connections.open: ${err.data?.error}). Use an app-level token (xapp-…) with the connections:write scope.`
            : `Socket Mode could not connect: ${err.message ?? String(e)}`,
        );
      }
    },
    async stop() {
      if (socketMode && started) {
        started = false;
        await (receiver as SocketModeReceiver).stop();
      }
    },
  };
}

/**
 * Commands acknowledged "in hand" whose process died before finishing: run them now, under their original request
 * key (a no-op returning the stored reply when they had in fact completed), and answer on their response_url.
 */
function replayPending(deps: Pick<SlackDeps, 'desk' | 'journal'>, log: PinoLogger, poke: () => void): Promise<number> {
  return replayJournal({
    platform: 'slack',
    journal: deps.journal,
    desk: deps.desk,
    log,
    poke,
    answer: async (row, reply) => {
      for (const text of textMessages(reply.text)) {
        await fetch(row.replyTo!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        });
      }
    },
  });
}
