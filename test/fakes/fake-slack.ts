/**
 * A fake Slack (Web API + Socket Mode) on loopback for end-to-end tests of the real Bolt app.
 *
 *   const slack = await startFakeSlack();
 *   new App({ ..., clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 } } })
 *
 * Everything listens on 127.0.0.1 only. Stop the Bolt app BEFORE calling `slack.close()`: if the fake goes
 * away first, a Socket Mode client schedules a reconnect (5 s timer) and then fails against a closed port.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { parse as parseYaml } from 'yaml';

/**
 * The bot-token scopes each Web API method needs, as Slack documents them (api.slack.com/methods/<method>):
 * what the fake enforces, and what test/unit/slack-scopes.test.ts holds the manifest's scopes against. For the
 * conversation readers, each kind of conversation needs its own scope (public channel, private channel, DM), so
 * an app that reads all three needs every one listed. `[]`: no scope (Bolt's own calls, modals, app-level token
 * calls such as apps.connections.open).
 */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  'apps.connections.open': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'conversations.info': ['channels:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
};

/** The scope one call needs: the conversation readers by the conversation's kind (D… DM, G… private, C… channel). */
export function neededScope(method: string, body: Record<string, unknown>): string | null {
  const scopes = METHOD_SCOPES[method];
  if (!scopes?.length) return null;
  if (method === 'conversations.history' || method === 'conversations.replies') {
    const channel = String(body.channel ?? '');
    return channel.startsWith('D') ? 'im:history' : channel.startsWith('G') ? 'groups:history' : 'channels:history';
  }
  return scopes[0];
}

/** The bot scopes manifest.yml asks for: what an app installed from it is granted. */
export function manifestScopes(): string[] {
  const manifest = parseYaml(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
    oauth_config: { scopes: { bot: string[] } };
  };
  return [...manifest.oauth_config.scopes.bot];
}

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `upload` (files.uploadV2 byte upload) / `response_url`. */
  method: string;
  body: Record<string, unknown>;
  /** Date.now() when the request was received. */
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** Bearer token from the Authorization header (or `token` form field), if any. */
  token?: string;
}

export interface FailOptions {
  /** Seconds for the `Retry-After` header of a 429 (default 1). */
  retryAfter?: number;
  /** Response body to send instead of the default `{ok:false,error:...}`. With status 200 this injects a Slack platform error. */
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type MethodHandler = (
  body: Record<string, unknown>,
  call: RecordedCall,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Extra users returned by users.info (merged over a generated default user). */
  users?: Record<string, Record<string, unknown>>;
  /** Per-method response overrides (answered with HTTP 200). */
  handlers?: Record<string, MethodHandler>;
  /** Log every request to stderr. */
  verbose?: boolean;
  /**
   * The bot scopes the app was granted (default: manifest.yml's). A call that needs another one is answered as Slack
   * does: HTTP 200 `{ok:false, error:'missing_scope', needed, provided}`.
   */
  scopes?: string[];
}

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SendEnvelopeOptions {
  /** Wait this long for a connection and for the ack (default 5000 ms). */
  timeoutMs?: number;
  envelopeId?: string;
  retryAttempt?: number;
  retryReason?: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`: pass as Bolt `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Every request, in arrival order (including failed/injected ones). */
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first recorded call matching (method name or predicate); rejects with a dump on timeout. */
  waitFor(predicate: string | ((call: RecordedCall) => boolean), timeoutMs?: number): Promise<RecordedCall>;
  /** Resolves once at least `count` calls match. */
  waitForCount(predicate: string | ((call: RecordedCall) => boolean), count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Forget recorded calls (and socket messages). */
  reset(): void;
  /** Human-readable list of recorded calls (for assertion messages). */
  dump(): string;

  setAuthValid(valid: boolean): void;
  /** Change the granted bot scopes (see FakeSlackOptions.scopes). */
  setScopes(scopes: string[]): void;
  readonly scopes: readonly string[];
  /** Answer the next `count` calls to `method` ('*' = any) with `status`. 429 carries `Retry-After`. */
  failNext(method: string, count: number, status: number, extra?: FailOptions): void;
  /** Answer every call with `status` until `setOutage(null)`. */
  setOutage(status: number | null, extra?: FailOptions): void;
  /** Override the response of one method (null restores the built-in one). */
  setHandler(method: string, handler: MethodHandler | null): void;
  /** A response_url on this fake; POSTs to it are recorded as method `response_url` with `body._id`. */
  responseUrl(id?: string): string;

  // ---- Socket Mode ----
  /** Total WebSocket connections accepted so far. */
  readonly socketConnections: number;
  /** True while a client is connected. */
  readonly socketOpen: boolean;
  /** Messages received from socket clients (acks), newest last. */
  readonly socketMessages: Array<Record<string, unknown>>;
  /** Wait until `socketConnections >= count` and a connection is open. */
  waitForSocket(count?: number, timeoutMs?: number): Promise<void>;
  sendSocketEnvelope(type: SocketEnvelopeType, payload: Record<string, unknown>, opts?: SendEnvelopeOptions): Promise<SocketAck>;
  /**
   * Terminate the current connection (abruptly by default; `graceful` sends a close frame) and wait
   * `settleMs` (default 100) so the client has noticed. The client reconnects after its clientPingTimeout (5 s).
   */
  dropSocket(opts?: { graceful?: boolean; settleMs?: number }): Promise<void>;
  /** Send Slack's `{type:'disconnect'}` message (the client closes and reconnects). */
  requestReconnect(reason?: string): void;

  close(): Promise<void>;
}

/** Fields Slack clients send as JSON strings inside form bodies. */
const JSON_FORM_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'options',
  'option_groups',
  'channels',
  'users',
  'trigger',
  'inputs',
  'outputs',
  'chunks',
]);

function maybeJson(key: string, value: string): unknown {
  if (!JSON_FORM_FIELDS.has(key) && !key.endsWith('_blocks')) return value;
  const t = value.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const ct = contentType.toLowerCase();
  if (raw.length === 0) return {};
  if (ct.includes('application/json')) {
    try {
      const v: unknown = JSON.parse(raw.toString('utf8'));
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { _json: v };
    } catch {
      return { _raw: raw.toString('utf8') };
    }
  }
  if (ct.includes('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const out: Record<string, unknown> = {};
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') out[k] = maybeJson(k, v);
      else {
        const buf = Buffer.from(await v.arrayBuffer());
        out[k] = { filename: v.name, bytes: buf.length, text: buf.subarray(0, 65536).toString('utf8') };
      }
    }
    return out;
  }
  // Default: application/x-www-form-urlencoded (what @slack/web-api sends).
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) out[k] = maybeJson(k, v);
  return out;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function statusError(status: number): string {
  if (status === 429) return 'ratelimited';
  if (status >= 500) return 'fatal_error';
  return `http_${status}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = opts.teamId ?? 'T0FAKE';
  const botUserId = opts.botUserId ?? 'U0BOT';
  const botId = opts.botId ?? 'B0BOT';
  const appId = opts.appId ?? 'A0FAKE';
  const verbose = opts.verbose ?? false;

  const calls: RecordedCall[] = [];
  const socketMessages: Array<Record<string, unknown>> = [];
  const handlers = new Map<string, MethodHandler>(Object.entries(opts.handlers ?? {}));
  const failQueue: Array<{ method: string; remaining: number; status: number; extra: FailOptions }> = [];
  let outage: { status: number; extra: FailOptions } | null = null;
  let authValid = true;
  let granted = [...(opts.scopes ?? manifestScopes())];
  let tsCounter = 0;
  let idCounter = 0;
  const uploads = new Map<string, { filename: string; length?: number }>();

  let port = 0;
  const base = () => `http://127.0.0.1:${port}`;

  const nextTs = () => {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };
  const nextId = (prefix: string) => {
    idCounter += 1;
    return `${prefix}${String(idCounter).padStart(8, '0')}`;
  };

  const userFor = (id: string): Record<string, unknown> => ({
    id,
    team_id: teamId,
    name: id.toLowerCase(),
    real_name: `User ${id}`,
    deleted: false,
    is_bot: id === botUserId,
    is_admin: false,
    tz: 'Europe/Berlin',
    tz_offset: 3600,
    profile: { real_name: `User ${id}`, display_name: id.toLowerCase(), email: `${id.toLowerCase()}@example.test` },
    ...(opts.users?.[id] ?? {}),
  });

  /** Every message the bot has posted, per channel, as Slack would keep it (for conversations.history/replies). */
  const posted: { channel: string; ts: string; thread_ts?: string; reply_broadcast?: boolean; text: string; metadata?: unknown }[] = [];
  const asObject = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  };

  function builtIn(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'conversations.history': {
        const channel = str(body.channel) ?? '';
        const oldest = Number(body.oldest ?? 0);
        const messages = posted
          .filter((m) => m.channel === channel && (!m.thread_ts || m.reply_broadcast) && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            ...(String(body.include_all_metadata) === 'true' && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.replies': {
        const channel = str(body.channel) ?? '';
        const ts = str(body.ts) ?? '';
        const messages = posted
          .filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts))
          .map((m) => ({
            type: 'message',
            ts: m.ts,
            thread_ts: m.thread_ts ?? m.ts,
            text: m.text,
            ...(String(body.include_all_metadata) === 'true' && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case 'auth.test':
        if (!authValid) return { ok: false, error: 'invalid_auth' };
        return {
          ok: true,
          url: 'https://fake-team.slack.test/',
          team: 'Fake Team',
          user: 'complaint-desk',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        const channel = str(body.channel) ?? 'C0UNKNOWN';
        posted.push({
          channel,
          ts,
          thread_ts: str(body.thread_ts),
          reply_broadcast: String(body.reply_broadcast) === 'true',
          text: String(body.text ?? ''),
          metadata: asObject(body.metadata),
        });
        return {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            user: botUserId,
            bot_id: botId,
            text: body.text ?? '',
            ts,
            ...(body.blocks !== undefined ? { blocks: body.blocks } : {}),
            ...(body.thread_ts !== undefined ? { thread_ts: body.thread_ts } : {}),
          },
        };
      }
      case 'chat.update':
        return {
          ok: true,
          channel: body.channel,
          ts: body.ts,
          text: body.text ?? '',
          message: { text: body.text ?? '', blocks: body.blocks },
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.delete':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'conversations.open': {
        const users = str(body.users) ?? str(body.user) ?? '';
        const first = users.split(',')[0]?.trim() || 'UNKNOWN';
        return { ok: true, channel: { id: `D${first}` } };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const view = (body.view && typeof body.view === 'object' ? body.view : {}) as Record<string, unknown>;
        const id = str(body.view_id) ?? nextId('V');
        return {
          ok: true,
          view: { id, team_id: teamId, app_id: appId, bot_id: botId, hash: `${Date.now()}.${idCounter}`, state: { values: {} }, ...view },
        };
      }
      case 'users.info': {
        const id = str(body.user) ?? 'UNKNOWN';
        return { ok: true, user: userFor(id) };
      }
      case 'files.getUploadURLExternal': {
        const fileId = nextId('F');
        uploads.set(fileId, { filename: str(body.filename) ?? 'file', length: Number(body.length) || undefined });
        return { ok: true, upload_url: `${base()}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? (body.files as Array<Record<string, unknown>>) : [];
        return {
          ok: true,
          files: files.map((f) => ({
            id: f.id,
            title: f.title ?? uploads.get(String(f.id))?.filename,
            name: uploads.get(String(f.id))?.filename,
          })),
        };
      }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/socket` };
      default:
        return { ok: true };
    }
  }

  /** Returns an injected failure for this method, consuming one from the queue. */
  function takeFault(method: string): { status: number; extra: FailOptions } | null {
    if (outage) return outage;
    const idx = failQueue.findIndex((f) => f.remaining > 0 && (f.method === '*' || f.method === method));
    if (idx < 0) return null;
    const f = failQueue[idx];
    f.remaining -= 1;
    if (f.remaining <= 0) failQueue.splice(idx, 1);
    return { status: f.status, extra: f.extra };
  }

  function answerFault(res: ServerResponse, fault: { status: number; extra: FailOptions }): void {
    const headers: Record<string, string> = { ...(fault.extra.headers ?? {}) };
    if (fault.status === 429) headers['retry-after'] = String(fault.extra.retryAfter ?? 1);
    send(res, fault.status, fault.extra.body ?? { ok: false, error: statusError(fault.status) }, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const auth = String(req.headers.authorization ?? '');
    let method: string;
    let body: Record<string, unknown>;
    if (url.pathname.startsWith('/api/')) {
      method = decodeURIComponent(url.pathname.slice('/api/'.length));
      body = await parseBody(raw, contentType);
      for (const [k, v] of url.searchParams) if (!(k in body)) body[k] = maybeJson(k, v);
    } else if (url.pathname.startsWith('/upload/')) {
      method = 'upload';
      const fileId = url.pathname.slice('/upload/'.length);
      const parsed = await parseBody(raw, contentType);
      const file = Object.values(parsed).find((v) => v && typeof v === 'object' && 'bytes' in v) as
        { filename: string; bytes: number; text: string } | undefined;
      body = { file_id: fileId, known: uploads.has(fileId), ...(file ?? { bytes: raw.length, text: raw.toString('utf8') }) };
    } else if (url.pathname.startsWith('/response/')) {
      method = 'response_url';
      body = { ...(await parseBody(raw, contentType)), _id: decodeURIComponent(url.pathname.slice('/response/'.length)) };
    } else {
      send(res, 404, { ok: false, error: 'unknown_path' });
      return;
    }
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : str(body.token);
    const call: RecordedCall = { method, body, at: Date.now(), status: 0, ...(token ? { token } : {}) };
    calls.push(call);

    const fault = takeFault(method);
    if (fault) {
      call.status = fault.status;
      if (verbose) process.stderr.write(`[fake-slack] ${method} -> ${fault.status} (injected)\n`);
      answerFault(res, fault);
      return;
    }
    if (method === 'upload') {
      call.status = body.known ? 200 : 404;
      res.writeHead(call.status, { 'content-type': 'text/plain' });
      res.end(body.known ? `OK - ${String(body.bytes)}` : 'unknown upload');
      return;
    }
    const needed = method === 'response_url' ? null : neededScope(method, body);
    if (needed && !granted.includes(needed)) {
      call.status = 200;
      if (verbose) process.stderr.write(`[fake-slack] ${method} -> missing_scope ${needed}\n`);
      send(res, 200, { ok: false, error: 'missing_scope', needed, provided: granted.join(',') });
      return;
    }
    let response: Record<string, unknown>;
    try {
      const h = handlers.get(method);
      response = h ? await h(body, call) : method === 'response_url' ? { ok: true } : builtIn(method, body);
    } catch (err) {
      call.status = 500;
      send(res, 500, { ok: false, error: 'fake_handler_threw', detail: String(err) });
      return;
    }
    call.status = 200;
    if (verbose) process.stderr.write(`[fake-slack] ${method} -> 200 ${JSON.stringify(response).slice(0, 200)}\n`);
    send(res, 200, response);
  }

  // ---------------- HTTP server ----------------
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_internal_error', detail: String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  // ---------------- Socket Mode ----------------
  const wss = new WebSocketServer({ noServer: true });
  let current: WebSocket | null = null;
  const liveSockets = new Set<WebSocket>();
  let socketConnections = 0;
  const pendingAcks = new Map<string, { resolve: (ack: SocketAck) => void; reject: (err: Error) => void }>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/socket') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    socketConnections += 1;
    liveSockets.add(ws);
    current = ws;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      socketMessages.push(msg);
      const id = str(msg.envelope_id);
      if (id && pendingAcks.has(id)) {
        const { resolve } = pendingAcks.get(id)!;
        pendingAcks.delete(id);
        resolve({ envelope_id: id, ...(msg.payload !== undefined ? { payload: msg.payload as Record<string, unknown> } : {}) });
      }
    });
    ws.on('close', () => {
      liveSockets.delete(ws);
      if (current === ws) current = null;
    });
    ws.on('error', () => {
      /* client went away; nothing to do */
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: appId },
      }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const matcher = (p: string | ((c: RecordedCall) => boolean)) => (typeof p === 'string' ? (c: RecordedCall) => c.method === p : p);

  const dump = () =>
    calls.length === 0
      ? '  (no calls recorded)'
      : calls
          .map((c, i) => `  #${i} +${c.at - (calls[0]?.at ?? c.at)}ms ${c.status} ${c.method} ${JSON.stringify(c.body).slice(0, 300)}`)
          .join('\n');

  async function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() >= deadline) throw new Error(`fake-slack: timed out after ${timeoutMs} ms waiting for ${what()}`);
      await sleep(10);
    }
  }

  async function waitForOpenSocket(timeoutMs: number): Promise<WebSocket> {
    return waitUntil(
      () => (current && current.readyState === WebSocket.OPEN ? current : undefined),
      timeoutMs,
      () => `an open Socket Mode connection (connections so far: ${socketConnections})\nrecorded calls:\n${dump()}`,
    );
  }

  let closed = false;

  const fake: FakeSlack = {
    apiUrl: `${base()}/api/`,
    port,
    baseUrl: base(),
    teamId,
    botUserId,
    botId,
    appId,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor: (predicate, timeoutMs = 5000) => {
      const m = matcher(predicate);
      return waitUntil(
        () => calls.find(m),
        timeoutMs,
        () => `a call matching ${typeof predicate === 'string' ? predicate : predicate.toString()}\nrecorded calls:\n${dump()}`,
      );
    },
    waitForCount: (predicate, count, timeoutMs = 5000) => {
      const m = matcher(predicate);
      return waitUntil(
        () => {
          const found = calls.filter(m);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        () =>
          `${count} calls matching ${typeof predicate === 'string' ? predicate : predicate.toString()} (have ${calls.filter(m).length})\nrecorded calls:\n${dump()}`,
      );
    },
    reset: () => {
      calls.length = 0;
      socketMessages.length = 0;
    },
    dump,
    setAuthValid: (valid) => {
      authValid = valid;
    },
    setScopes: (scopes) => {
      granted = [...scopes];
    },
    get scopes() {
      return granted;
    },
    failNext: (method, count, status, extra = {}) => {
      if (count > 0) failQueue.push({ method, remaining: count, status, extra });
    },
    setOutage: (status, extra = {}) => {
      outage = status === null ? null : { status, extra };
    },
    setHandler: (method, handler) => {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    responseUrl: (id = nextId('R')) => `${base()}/response/${encodeURIComponent(id)}`,

    get socketConnections() {
      return socketConnections;
    },
    get socketOpen() {
      return current !== null && current.readyState === WebSocket.OPEN;
    },
    socketMessages,
    waitForSocket: async (count = 1, timeoutMs = 10_000) => {
      await waitUntil(
        () => (socketConnections >= count && current?.readyState === WebSocket.OPEN ? true : undefined),
        timeoutMs,
        () => `Socket Mode connection #${count} (have ${socketConnections})\nrecorded calls:\n${dump()}`,
      );
    },
    sendSocketEnvelope: async (type, payload, o = {}) => {
      const timeoutMs = o.timeoutMs ?? 5000;
      if (type === 'events_api') {
        const ev = payload.event as { type?: unknown } | undefined;
        if (!ev || typeof ev.type !== 'string') {
          throw new Error('fake-slack: events_api payload needs payload.event.type (socket-mode emits by it)');
        }
      }
      const started = Date.now();
      const ws = await waitForOpenSocket(timeoutMs);
      const envelope_id = o.envelopeId ?? `${randomBytes(4).toString('hex')}-${nextId('env')}`;
      const ackPromise = new Promise<SocketAck>((resolve, reject) => {
        const left = Math.max(1, timeoutMs - (Date.now() - started));
        const timer = setTimeout(() => {
          pendingAcks.delete(envelope_id);
          reject(
            new Error(
              `fake-slack: no ack for ${type} envelope ${envelope_id} within ${timeoutMs} ms\n` +
                `socket messages: ${JSON.stringify(socketMessages.slice(-5))}\nrecorded calls:\n${dump()}`,
            ),
          );
        }, left);
        pendingAcks.set(envelope_id, {
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        });
      });
      // Like Slack, an envelope whose connection closes before it is acked goes out again on the next connection, as
      // a retry (a client that reconnects, e.g. after a late pong on a busy machine, loses no command).
      const deliver = (on: WebSocket, retry: number | undefined) => {
        on.once('close', () => {
          if (!pendingAcks.has(envelope_id) || closed) return;
          void waitForOpenSocket(Math.max(1, timeoutMs - (Date.now() - started)))
            .then((next) => pendingAcks.has(envelope_id) && deliver(next, (retry ?? 0) + 1))
            .catch(() => {}); // the ack timer reports it
        });
        on.send(
          JSON.stringify({
            envelope_id,
            type,
            payload,
            accepts_response_payload: true,
            ...(retry !== undefined
              ? { retry_attempt: retry, retry_reason: retry === o.retryAttempt ? (o.retryReason ?? 'timeout') : 'timeout' }
              : {}),
          }),
        );
      };
      deliver(ws, o.retryAttempt);
      return ackPromise;
    },
    dropSocket: async ({ graceful = false, settleMs = 100 } = {}) => {
      const ws = current;
      if (!ws) return;
      current = null;
      await new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        const t = setTimeout(() => {
          ws.terminate();
        }, 1000);
        ws.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        if (graceful) ws.close(1001, 'fake-slack drop');
        else ws.terminate();
      });
      // Give an in-process client time to notice the drop before the caller stops it: socket-mode 3.1
      // leaks a 30 s close-handshake timer if disconnect() runs before it has seen the failed socket.
      if (settleMs > 0) await sleep(settleMs);
    },
    requestReconnect: (reason = 'refresh_requested') => {
      current?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    },

    close: async () => {
      if (closed) return;
      closed = true;
      for (const [id, p] of pendingAcks) p.reject(new Error(`fake-slack: closed before envelope ${id} was acked`));
      pendingAcks.clear();
      // Close live sockets with a proper close frame and wait for the client's close reply, so the
      // client's own close-handshake timer (30 s in socket-mode 3.1) is cleared instead of left running.
      await Promise.all(
        [...liveSockets].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              const t = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 1000);
              ws.once('close', () => {
                clearTimeout(t);
                resolve();
              });
              ws.close(1001, 'fake-slack closing');
            }),
        ),
      );
      current = null;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
  return fake;
}
