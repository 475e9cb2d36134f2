/**
 * The Slack front end: a factory that builds a Bolt app over the shared core. Nothing is registered at module
 * load. HTTP mode hands back a request listener for `/slack/events` (the caller's server mounts it, behind the
 * replay guard); Socket Mode connects on `start()`.
 *
 * Every command is answered within Slack's 3 s: the use case's database write runs first (it is fast), then
 * the ack carries the reply; channel posts, DMs and card edits go through the outbox (SlackNotifier).
 */
import { cardButtonValues } from '../../core/domain/case.ts';
import { createHash } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import { findCommand, validate, type CommandDef, type ParsedCommand } from '../../../commands/index.ts';
import type { AppCore } from '../../app.ts';
import { mayAct, type Reply } from '../../core/use-cases/use-case.ts';
import { isRefusal } from '../shared/front-desk.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { UserError } from '../../core/domain/errors.ts';
import { cardText } from '../../core/i18n/render.ts';
import type { TMember } from '../../core/domain/roster.ts';
import type { TConfig } from '../../config.ts';
import {
  BUTTON_COMMAND,
  CARD_ACTION,
  NEW_CASE_CALLBACK,
  RESOLVE_CALLBACK,
  cardBlocks,
  doneView,
  newCaseModal,
  readViewValues,
  resolveModal,
  validateModal,
  type SlackRenderCtx,
} from './blocks.ts';
import { SlackNotifier } from './slack-notifier.ts';
import { WorkQueue } from './work-queue.ts';
import { w } from './slack-labels.ts';
import { clip, fromSlackText, toSlackText } from './slack-text.ts';

type WebClient = webApi.WebClient;
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

/** Start-up refused: bad token, Slack unreachable. The message says what to fix. */
export class SlackStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartupError';
  }
}

const PRODUCTION_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 };
const PRODUCTION_SOCKET_RETRY: RetryOptions = { retries: 10, factor: 1.6, minTimeout: 1000, maxTimeout: 30_000 };
/** Replay guard: Bolt rejects requests older than 5 min itself but accepts any future timestamp. */
export const MAX_FUTURE_SKEW_S = 60;
export const MAX_AGE_S = 300;
const READ_ONLY = new Set(['show', 'list', 'summary', 'help']);
const DEFER_AFTER_MS = 1500;

/** Bolt's logger interface over pino. */
export function boltLogger(log: PinoLogger): BoltLogger {
  const fmt = (m: unknown[]) => m.map((x) => (x instanceof Error ? (x.stack ?? x.message) : typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
  const level = (): LogLevel =>
    log.level === 'debug' || log.level === 'trace'
      ? LogLevel.DEBUG
      : log.level === 'info'
        ? LogLevel.INFO
        : log.level === 'warn'
          ? LogLevel.WARN
          : LogLevel.ERROR;
  return {
    debug: (...m: unknown[]) => log.debug(fmt(m)),
    info: (...m: unknown[]) => log.info(fmt(m)),
    warn: (...m: unknown[]) => log.warn(fmt(m)),
    error: (...m: unknown[]) => log.error(fmt(m)),
    setLevel: () => {},
    getLevel: level,
    setName: () => {},
  };
}

/**
 * Checks the bot token with `auth.test`. Bolt on its own would ack every request and silently run no listener
 * when the token is bad, so start-up stops here with a clear message instead.
 */
export async function verifySlackAuth(client: WebClient, apiUrl: string): Promise<{ botUserId: string; botId: string; team: string }> {
  try {
    const res = await client.auth.test();
    if (!res.user_id || !res.bot_id)
      throw new SlackStartupError('SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot id): use the xoxb-… "Bot User OAuth Token"');
    return { botUserId: res.user_id, botId: res.bot_id, team: String(res.team ?? res.team_id ?? '') };
  } catch (e) {
    if (e instanceof SlackStartupError) throw e;
    const err = e as { code?: string; data?: { error?: string }; message?: string };
    if (err.code === 'slack_webapi_platform_error')
      throw new SlackStartupError(
        `Slack rejected SLACK_BOT_TOKEN (auth.test: ${err.data?.error}). Reinstall the app and copy its "Bot User OAuth Token" (xoxb-…).`,
      );
    throw new SlackStartupError(`cannot reach Slack at ${apiUrl} for auth.test: ${err.message ?? String(e)}`);
  }
}

/** 401 for a request whose timestamp is missing, too old, or more than a minute in the future. */
export function replayGuard(nowMs: () => number) {
  return (req: IncomingMessage): boolean => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = Number(Array.isArray(header) ? header[0] : header);
    if (!Number.isFinite(ts)) return false;
    const now = nowMs() / 1000;
    return ts <= now + MAX_FUTURE_SKEW_S && ts >= now - MAX_AGE_S;
  };
}

export async function createSlackApp(opts: {
  config: TConfig;
  core: AppCore;
  clock: Clock;
  /** Wakes the outbox sender after a command wrote messages. */
  poke?: () => void;
  log: PinoLogger;
  tuning?: SlackTuning;
}): Promise<SlackFrontEnd> {
  const { config, core, clock, log } = opts;
  const tuning = opts.tuning ?? {};
  const poke = opts.poke ?? (() => {});
  const token = config.SLACK_BOT_TOKEN;
  if (!token || !(config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN))
    throw new SlackStartupError('Slack needs SLACK_BOT_TOKEN plus SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  const apiUrl = config.SLACK_API_URL ?? 'https://slack.com/api/';
  const logger = boltLogger(log);
  const socketMode = !!config.SLACK_APP_TOKEN;

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
      appToken: config.SLACK_APP_TOKEN!,
      logger,
      clientPingTimeout: tuning.clientPingTimeoutMs,
      installerOptions: { clientOptions: { slackApiUrl: apiUrl, retryConfig: { ...(tuning.socketRetryConfig ?? PRODUCTION_SOCKET_RETRY) } } },
    });
    keepReconnecting((receiver as SocketModeReceiver).client, log, tuning.clientPingTimeoutMs ?? 5000);
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
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
  const notifier = new SlackNotifier({ client: notifierClient, core, clock, log });
  registerListeners(app, { core, log, poke, tuning });
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
      await replayPending(core, notifierClient, log, poke);
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
 * socket-mode gives up for good (and leaves an unhandled rejection behind) when `apps.connections.open` answers
 * 5xx or the network fails *during an automatic reconnect*. After the first successful connection, a failed
 * (re)connect is caught here and tried again with a growing delay, for as long as the client is not stopped.
 */
function keepReconnecting(client: SocketModeReceiver['client'], log: PinoLogger, baseMs: number): void {
  const c = client as unknown as { start: (...a: unknown[]) => Promise<unknown>; shuttingDown?: boolean };
  const original = c.start;
  let connectedOnce = false;
  let failures = 0;
  c.start = async function (this: unknown, ...args: unknown[]) {
    try {
      const res = await original.apply(client, args);
      connectedOnce = true;
      failures = 0;
      return res;
    } catch (e) {
      if (!connectedOnce || c.shuttingDown) throw e; // start-up failures are reported to the caller
      failures += 1;
      const delay = Math.min(60_000, baseMs * failures);
      log.error({ err: e, retryInMs: delay }, 'slack: Socket Mode reconnect failed; trying again');
      await new Promise((r) => setTimeout(r, delay));
      if (c.shuttingDown) return undefined;
      return c.start();
    }
  };
}

/**
 * Commands acknowledged "in hand" whose process died before finishing: run them now, under their original request
 * key (a no-op returning the stored reply when they had in fact completed), and answer on their response_url.
 */
export async function replayPending(core: AppCore, client: WebClient, log: PinoLogger, poke: () => void): Promise<number> {
  const rows = await core.store.pendingRequests('slack');
  for (const row of rows) {
    const reply = await core.desk.handleText(row.actor, row.text, { requestKey: row.key });
    if (reply.ok) poke();
    if (row.replyTo) {
      await fetch(row.replyTo, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: reply.text }),
      }).catch((e: unknown) => log.warn({ err: e, key: row.key }, 'slack: could not answer a replayed command'));
    }
    await core.store.forgetRequest(row.key);
    log.info({ key: row.key, ok: reply.ok, case: reply.caseId != null ? `C${reply.caseId}` : undefined }, 'slack: replayed a command acknowledged before a restart');
  }
  return rows.length;
}

// ------------------------------------------------------------------ listeners

interface Deps {
  core: AppCore;
  log: PinoLogger;
  poke: () => void;
  tuning: SlackTuning;
}

type ViewAck = { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: unknown };
type Ephemeral = { response_type: 'ephemeral'; text: string; blocks?: unknown[] };

function registerListeners(app: App, deps: Deps): void {
  const { core, log, poke, tuning } = deps;
  const desk = core.desk;
  // SQLite serialises writes: one use case at a time, in arrival order; PostgreSQL runs a few side by side.
  const queue = new WorkQueue(core.db.provider === 'sqlite' ? 1 : 8);

  /** The use case's reply if it is done within the ack budget, else null (it keeps running). */
  const inTime = async (work: Promise<Reply>): Promise<Reply | null> => {
    if ((tuning.deferAfterMs ?? DEFER_AFTER_MS) <= 0) return null;
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), tuning.deferAfterMs ?? DEFER_AFTER_MS);
    });
    try {
      return await Promise.race([work, budget]);
    } finally {
      clearTimeout(timer);
    }
  };
  const roster = core.roster;
  const r: SlackRenderCtx = { roster, locale: desk.ctx.locale };
  const L = r.locale;

  const notInRoster = (userId: string): string =>
    toSlackText(roster, desk.refuse(new UserError('err_not_in_roster', { who: '\u0000' })).text).replace('\u0000', `<@${userId}>`);
  const internalError = () => w(L, 'internal_error');

  /** Runs a use case once per Slack request: a retry of the same request gets the stored reply. */
  const once = async (key: string | undefined, fn: () => Promise<Reply>): Promise<Reply> => {
    try {
      return await queue.run(fn);
    } catch (e) {
      // A retry racing the original can lose the unique key; the original's reply is then stored.
      if (key) {
        const seen = await core.store.processedRequest(key).catch(() => null);
        if (seen) return JSON.parse(seen) as Reply;
      }
      throw e;
    }
  };

  const textSections = (s: string): unknown[] => {
    const out: unknown[] = [];
    let chunk = '';
    for (const line of s.split('\n')) {
      if (chunk && chunk.length + line.length + 1 > 2900) {
        out.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
        chunk = '';
      }
      chunk = chunk ? `${chunk}\n${clip(line, 2900)}` : clip(line, 2900);
    }
    if (chunk) out.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
    return out.slice(0, 45);
  };

  /** An ephemeral answer; a new case and `show` also carry the card (with its buttons). */
  const answer = (reply: Reply, sub: string): Ephemeral => {
    const text = clip(toSlackText(roster, reply.text), 39_000);
    if (!reply.ok || !reply.card || (sub !== 'new' && sub !== 'show')) return { response_type: 'ephemeral', text };
    const card = cardBlocks(r, reply.card, { buttons: true });
    if (sub === 'new') return { response_type: 'ephemeral', text, blocks: [...textSections(text), ...card] };
    const head = cardText(desk.ctx.r, reply.card);
    const rest = reply.text.startsWith(head) ? reply.text.slice(head.length).trim() : '';
    return { response_type: 'ephemeral', text, blocks: [...card, ...(rest ? textSections(toSlackText(roster, rest)) : [])].slice(0, 50) };
  };

  // ---------------------------------------------------------------- /complaint …
  app.command(/^\/.+/, async ({ command, ack, client, respond }) => {
    let acked = false;
    let deferred = false;
    const reply = async (m: Ephemeral | undefined) => {
      acked = true;
      await ack(m);
    };
    try {
      const member = roster.memberBySlack(command.user_id);
      if (!member) return await reply({ response_type: 'ephemeral', text: notInRoster(command.user_id) });
      const text = fromSlackText(roster, command.text ?? '').trim();
      const sub = (/^\S+/.exec(text)?.[0] ?? '').toLowerCase();
      if (sub === 'new' && text.length === 3) {
        // §9: `/complaint new` without text opens the modal (a trigger_id lives 3 s: ack, then open at once).
        await reply(undefined);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: newCaseModal(r, findCommand('new')!, member, { channel: command.channel_id ?? null }),
        });
        return;
      }
      const key = READ_ONLY.has(sub) ? undefined : `slack:cmd:${command.trigger_id || hashOf(command)}`;
      const work = once(key, () => desk.handleText(member.handle, `/complaint ${text}`, { requestKey: key }));
      const res = await inTime(work);
      if (res) {
        await reply(answer(res, sub));
        if (res.ok) poke();
        return;
      }
      // Slack gives up after 3 s: say it is in hand, and send the answer to the response_url when it is done.
      // Nothing acknowledged is lost: the request is journalled before the ack, and replayed after a crash.
      const journalKey = key ?? `slack:cmd:${command.trigger_id || hashOf(command)}`;
      await core.store.journalRequest({ key: journalKey, at: new Date(), platform: 'slack', actor: member.handle, text: `/complaint ${text}`, replyTo: command.response_url ?? null });
      await reply({ response_type: 'ephemeral', text: w(L, 'processing') });
      deferred = true;
      const late = await work;
      await core.store.forgetRequest(journalKey);
      if (late.ok) poke();
      await respond({ ...answer(late, sub), replace_original: false });
    } catch (e) {
      log.error({ err: e, text: command.text }, 'slack: slash command failed');
      if (!acked) await reply({ response_type: 'ephemeral', text: internalError() });
      else if (deferred) await respond({ response_type: 'ephemeral', replace_original: false, text: internalError() }).catch(() => {});
    }
  });

  // ---------------------------------------------------------------- card buttons
  app.action(CARD_ACTION, async ({ ack, body, action, respond, client }) => {
    let acked = false;
    const done = async () => {
      if (!acked) {
        acked = true;
        await ack();
      }
    };
    const b = body as {
      user: { id: string };
      trigger_id?: string;
      response_url?: string;
      channel?: { id?: string };
      container?: { channel_id?: string };
    };
    const a = action as { action_id: string; value?: string; action_ts?: string };
    const channel = b.channel?.id ?? b.container?.channel_id ?? null;
    const tell = async (text: string) => {
      const msg = { response_type: 'ephemeral' as const, replace_original: false, text };
      if (b.response_url) await respond(msg);
      else if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text });
    };
    try {
      const member = roster.memberBySlack(b.user.id);
      if (!member) {
        await done();
        return await tell(notInRoster(b.user.id));
      }
      const button = a.action_id.slice('case_'.length) as keyof typeof BUTTON_COMMAND;
      const caseId = String(a.value ?? '');
      if (button === 'resolve') {
        await done();
        const refusal = await mayActOn(deps, member, caseId);
        if (refusal) return await tell(toSlackText(roster, refusal));
        await client.views.open({ trigger_id: b.trigger_id!, view: resolveModal(r, findCommand('resolve')!, caseId.toUpperCase(), { channel }) });
        return;
      }
      const def = findCommand(BUTTON_COMMAND[button])!;
      const raw = cardButtonValues(button, caseId, member.handle);
      const key = `slack:btn:${b.user.id}:${a.action_ts ?? ''}:${a.action_id}:${caseId}`;
      const work = run(def, raw, member, key);
      await inTime(work);
      await done();
      const res = await work;
      if (res.ok) poke();
      await tell(toSlackText(roster, res.text));
    } catch (e) {
      log.error({ err: e, action: a.action_id }, 'slack: button failed');
      await done().catch(() => {});
      await tell(internalError()).catch(() => {});
    }
  });

  const run = async (def: CommandDef, raw: Record<string, string>, member: TMember, key: string): Promise<Reply> => {
    let parsed: ParsedCommand;
    try {
      parsed = validate(def, raw);
    } catch (e) {
      if (isRefusal(e)) return desk.refuse(e);
      throw e;
    }
    return once(key, () => desk.handle(member, parsed, { requestKey: key }));
  };

  // ---------------------------------------------------------------- modal submissions
  const submission = (callbackId: string, defName: string) =>
    app.view(callbackId, async ({ ack, body, view, client }) => {
      const def = findCommand(defName)!;
      let acked = false;
      const answerView = async (m: ViewAck) => {
        acked = true;
        await ack(m as never);
      };
      try {
        const member = roster.memberBySlack(body.user.id);
        if (!member) return await answerView({ response_action: 'errors', errors: { opt_text: notInRoster(body.user.id) } });
        const meta = safeJson(view.private_metadata);
        const provided: Record<string, string> = defName === 'resolve' ? { case: String(meta.case ?? '') } : {};
        const raw = readViewValues(def, view.state.values as never);
        const checked = validateModal(def, raw, L, provided);
        if (!checked.ok) return await answerView({ response_action: 'errors', errors: checked.errors });
        const key = `slack:view:${view.id}`;
        const work = once(key, () => desk.handle(member, checked.parsed, { requestKey: key }));
        const res = await inTime(work);
        if (res) {
          if (!res.ok) return await answerView({ response_action: 'errors', errors: { [blockOfReply(res)]: clip(res.text, 2000) } });
          await answerView({ response_action: 'update', view: doneView(r, res.text, res.card) });
          poke();
          return;
        }
        // Too slow for the 3 s ack: show "in hand", then the outcome (a refusal too) in the same modal.
        await answerView({ response_action: 'update', view: doneView(r, w(L, 'processing')) });
        const late = await work;
        if (late.ok) poke();
        await client.views.update({ view_id: view.id, view: doneView(r, late.text, late.ok ? late.card : undefined) });
      } catch (e) {
        log.error({ err: e, callbackId }, 'slack: modal submission failed');
        if (!acked) await answerView({ response_action: 'errors', errors: { opt_text: internalError() } });
      }
    });
  submission(NEW_CASE_CALLBACK, 'new');
  submission(RESOLVE_CALLBACK, 'resolve');
}

/** Null when the member may act on the case, else the refusal to show (before opening a modal). */
async function mayActOn(deps: Deps, member: TMember, caseLabelText: string): Promise<string | null> {
  const desk = deps.core.desk;
  const m = /^[cC](\d{1,9})$/.exec(caseLabelText);
  const c = m ? await deps.core.store.getCase(Number(m[1])) : null;
  if (!c) return desk.refuse(new UserError('err_unknown_case', { id: caseLabelText })).text;
  if (!mayAct(desk.ctx, member, c)) return desk.refuse(new UserError('err_forbidden', { id: caseLabelText.toUpperCase() })).text;
  return null;
}

/** Which modal field a refusal from the desk belongs under (the free-text field unless it names the unit). */
function blockOfReply(reply: Reply): string {
  return reply.code === 'err_unknown_unit' ? 'opt_unit' : 'opt_text';
}

function safeJson(s: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s ?? '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function hashOf(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32);
}
