/**
 * Helpers to send correctly (or deliberately incorrectly) signed requests to a Bolt HTTP receiver.
 * Signature: `v0=` + hex HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`).
 */
import { createHmac } from 'node:crypto';

export interface SlackSignedHeaders extends Record<string, string> {
  'Content-Type': string;
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function computeSlackSignature(secret: string, rawBody: string, timestampSeconds: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

/** Headers for a signed request. Content type is JSON when the body looks like JSON, else urlencoded. */
export function signSlackRequest(secret: string, rawBody: string, timestampSeconds: number = nowSeconds()): SlackSignedHeaders {
  const t = rawBody.trimStart();
  return {
    'Content-Type': t.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(timestampSeconds),
    'X-Slack-Signature': computeSlackSignature(secret, rawBody, timestampSeconds),
  };
}

export interface SlashCommandFields {
  text: string;
  user_id: string;
  channel_id: string;
  trigger_id?: string;
  /** Default '/complaint'. */
  command?: string;
  response_url?: string;
  team_id?: string;
  user_name?: string;
  channel_name?: string;
  api_app_id?: string;
}

let triggerCounter = 0;

/** A urlencoded slash-command body, as Slack sends it. */
export function slashCommandBody(f: SlashCommandFields): string {
  triggerCounter += 1;
  const teamId = f.team_id ?? 'T0FAKE';
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: teamId,
    team_domain: 'fake-team',
    channel_id: f.channel_id,
    channel_name: f.channel_name ?? 'complaints',
    user_id: f.user_id,
    user_name: f.user_name ?? f.user_id.toLowerCase(),
    command: f.command ?? '/complaint',
    text: f.text,
    api_app_id: f.api_app_id ?? 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: f.response_url ?? `https://hooks.slack.test/commands/${teamId}/${triggerCounter}/fake`,
    trigger_id: f.trigger_id ?? `${Date.now()}.${triggerCounter}.fake`,
  }).toString();
}

/** A urlencoded interactivity body: `payload=<json>`. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A JSON Events API `event_callback` envelope. */
export function eventCallbackBody(
  event: Record<string, unknown> & { type: string },
  opts: { team_id?: string; api_app_id?: string; event_id?: string } = {},
): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: opts.team_id ?? 'T0FAKE',
    api_app_id: opts.api_app_id ?? 'A0FAKE',
    type: 'event_callback',
    event_id: opts.event_id ?? `Ev${Date.now()}`,
    event_time: nowSeconds(),
    event,
  });
}

export interface PostSignedOptions {
  /** Seconds since epoch to sign with (default now). */
  timestamp?: number;
  /** Sends `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason`). */
  retryNum?: number;
  retryReason?: string;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  headers?: Record<string, string>;
  /** Abort after this many ms (default 10 000). */
  timeoutMs?: number;
}

export interface SignedResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** POST a signed body to a Bolt receiver URL (e.g. http://127.0.0.1:PORT/slack/events). */
export async function postSigned(url: string, secret: string, body: string, opts: PostSignedOptions = {}): Promise<SignedResponse> {
  const headers: Record<string, string> = {
    ...signSlackRequest(opts.badSignature ? `${secret}-wrong` : secret, body, opts.timestamp ?? nowSeconds()),
    ...(opts.retryNum !== undefined
      ? { 'X-Slack-Retry-Num': String(opts.retryNum), 'X-Slack-Retry-Reason': opts.retryReason ?? 'http_timeout' }
      : {}),
    ...(opts.headers ?? {}),
  };
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  return { status: res.status, text: await res.text(), headers: Object.fromEntries(res.headers.entries()) };
}
