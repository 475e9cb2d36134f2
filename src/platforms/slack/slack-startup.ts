/**
 * What Slack start-up needs besides the listeners: Bolt's logger over pino, the bot token's check, the replay guard
 * in front of HTTP mode, and Socket Mode's reconnects after the first connection.
 */
import type { IncomingMessage } from 'node:http';
import { LogLevel, type SocketModeReceiver, type webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';

type WebClient = webApi.WebClient;

/** Start-up refused: bad token, Slack unreachable. The message says what to fix. */
export class SlackStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartupError';
  }
}

/** Replay guard: Bolt rejects requests older than 5 min itself but accepts any future timestamp. */
export const MAX_FUTURE_SKEW_S = 60;
export const MAX_AGE_S = 300;

/** Bolt's logger interface over pino. */
export function boltLogger(log: PinoLogger): BoltLogger {
  const fmt = (m: unknown[]) =>
    m.map((x) => (x instanceof Error ? (x.stack ?? x.message) : typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
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
      throw new SlackStartupError(
        'SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot id): use the xoxb-… "Bot User OAuth Token"',
      );
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

/**
 * socket-mode gives up for good (and leaves an unhandled rejection behind) when `apps.connections.open` answers
 * 5xx or the network fails *during an automatic reconnect*. After the first successful connection, a failed
 * (re)connect is caught here and tried again with a growing delay, for as long as the client is not stopped.
 */
export function keepReconnecting(client: SocketModeReceiver['client'], log: PinoLogger, baseMs: number): void {
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
