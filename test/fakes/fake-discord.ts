/**
 * A fake Discord (REST + gateway) on loopback for end-to-end tests of the real discord.js client.
 *
 *   const fake = await startFakeDiscord({ applicationId, guildId, channels: [{ id, name }] });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds],
 *                               rest: { api: fake.restUrl, globalRequestsPerSecond: 10_000 } });
 *   await client.login('fake-token');               // any token that is not empty
 *   const cb = await fake.sendInteraction(fake.chatInputInteraction({ user, channelId, name: 'complaint',
 *                                                                      subcommand: 'open', options: { ref: 'X' } }));
 *   // cb is the first body POSTed to /interactions/:id/:token/callback
 *   await client.destroy(); await fake.close();
 *
 * Only 127.0.0.1. Paths in `calls` are relative to /api/v10 and URI-decoded ('@original', never '%40original').
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationFlags,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type ChannelFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type UserFlags,
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIAttachment,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIDMChannel,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIInteractionResponse,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIMessageComponentGuildInteraction,
  type APIModalSubmitGuildInteraction,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
  type InteractionContextType as _ICT,
  type RESTGetAPIGatewayBotResult,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

export interface FakeDiscordOptions {
  applicationId: string;
  guildId: string;
  channels: Array<{ id: string; name: string }>;
  members?: Array<{ id: string; username: string }>;
  /** The bot user (READY.user, message author). Defaults to id = applicationId, username 'complaint-desk'. */
  botUser?: { id: string; username: string };
  guildName?: string;
  /** HELLO heartbeat_interval. Default 41 250 ms (Discord's value). */
  heartbeatIntervalMs?: number;
  /**
   * An interaction callback later than this after dispatch gets 404 10062 "Unknown interaction", like Discord.
   * Default 3000. Use Infinity to switch off.
   */
  interactionTtlMs?: number;
  /** Permissions (bitfield) of the bot's managed role. Default: view, send, embed, attach, history, threads. */
  botPermissions?: bigint;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedCall {
  method: string;
  /** Relative to /api/v10, URI-decoded, without query string. e.g. '/channels/1/messages' */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart the parsed `payload_json` (files are in `files`). null when empty. */
  body: any;
  files: RecordedFile[];
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
}

/** Payload fields Discord always sends for a guild interaction, made required so fixtures can't omit them. */
type GuildComplete<T extends { guild?: unknown; channel?: unknown; channel_id?: unknown; guild_locale?: unknown; context?: unknown }> = T &
  Required<Pick<T, 'guild' | 'channel' | 'channel_id' | 'guild_locale' | 'context'>>;

export type FakeChatInputInteraction = GuildComplete<APIChatInputApplicationCommandGuildInteraction>;
export type FakeButtonInteraction = GuildComplete<APIMessageComponentGuildInteraction & Pick<APIMessageComponentButtonInteraction, 'data'>>;
export type FakeModalSubmitInteraction = GuildComplete<APIModalSubmitGuildInteraction>;
export type FakeAutocompleteInteraction = GuildComplete<APIApplicationCommandAutocompleteGuildInteraction>;
export type FakeInteraction = FakeChatInputInteraction | FakeButtonInteraction | FakeModalSubmitInteraction | FakeAutocompleteInteraction;

/**
 * Option value for chat-input fixtures. A plain value is typed from the registered command (PUT .../commands)
 * when known, otherwise inferred: string → String, boolean → Boolean, integral number → Integer, else Number.
 * Force a type with { type, value }.
 */
export type FakeOptionValue =
  | string
  | number
  | boolean
  | { type: 'string'; value: string }
  | { type: 'integer' | 'number'; value: number }
  | { type: 'boolean'; value: boolean };

export interface ChatInputArgs {
  user: FakeUser;
  channelId: string;
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, FakeOptionValue>;
  locale?: Locale;
}

export interface AutocompleteArgs extends ChatInputArgs {
  /** Name of the option being typed into; its value is sent as the partial text (string). */
  focused: string;
}

export interface ButtonArgs {
  user: FakeUser;
  channelId: string;
  customId: string;
  /** The message carrying the button: a message object, or the id of a message the bot sent to this fake. */
  message?: APIMessage | string;
  locale?: Locale;
}

export interface ModalSubmitArgs {
  user: FakeUser;
  channelId: string;
  customId: string;
  fields: Record<string, string>;
  /** 'actionRow' (classic TextInput in ActionRow, default) or 'label' (Label-wrapped TextInput). */
  layout?: 'actionRow' | 'label';
  message?: APIMessage | string;
  locale?: Locale;
}

export interface SendInteractionOptions {
  /** Reject if no callback arrives within this time. Default 5000 ms. */
  timeoutMs?: number;
}

export interface FakeDiscord {
  readonly restUrl: string;
  readonly gatewayUrl: string;
  readonly port: number;
  readonly botUser: APIUser;
  readonly calls: RecordedCall[];
  readonly gatewayIdentifies: number;
  readonly gatewayResumes: number;
  /** True while a client socket is identified/resumed and receiving dispatches. */
  readonly gatewayConnected: boolean;
  /** Messages created through REST (channel sends, interaction responses, follow-ups), by id. */
  readonly messages: Map<string, APIMessage>;
  /** Commands stored by PUT /applications/:app/guilds/:guild/commands, per guild id. */
  readonly guildCommands: Map<string, APIApplicationCommand[]>;
  readonly globalCommands: APIApplicationCommand[];

  /** Dispatch INTERACTION_CREATE; resolves with the first callback body for it. */
  sendInteraction(interaction: FakeInteraction, opts?: SendInteractionOptions): Promise<APIInteractionResponse>;
  /** Dispatch any gateway event (rising `s`, buffered for RESUME while the socket is down). */
  dispatch(t: GatewayDispatchEvents | string, d: unknown): number;
  /** Close the client's socket (default code 4000, resumable). Resolves when the socket has closed. */
  dropGateway(opts?: { code?: number; abrupt?: boolean }): Promise<void>;

  chatInputInteraction(args: ChatInputArgs): FakeChatInputInteraction;
  autocompleteInteraction(args: AutocompleteArgs): FakeAutocompleteInteraction;
  buttonInteraction(args: ButtonArgs): FakeButtonInteraction;
  modalSubmitInteraction(args: ModalSubmitArgs): FakeModalSubmitInteraction;

  callsTo(method: string, pathRegex: RegExp): RecordedCall[];
  waitFor<T>(predicate: () => T | Promise<T>, timeoutMs?: number): Promise<NonNullable<T>>;

  /** Answer the next `count` matching requests with 429 (Discord body + headers). */
  rateLimitNext(routeRegex: RegExp, count: number, retryAfterSeconds: number, opts?: { global?: boolean }): void;
  /** Answer the next `count` matching requests with `status` and a Discord error body. */
  failNext(routeRegex: RegExp, count: number, status: number, body?: { code: number; message: string }): void;
  /** Forget recorded calls (state such as messages and commands is kept). */
  clearCalls(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;
export function snowflake(at: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

function permsToString(...bits: bigint[]): string {
  return bits.reduce((a, b) => a | b, 0n).toString();
}

const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads;

const DEFAULT_BOT_PERMISSIONS =
  EVERYONE_PERMISSIONS |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.ManageThreads |
  PermissionFlagsBits.UseExternalEmojis;

function matches(re: RegExp, method: string, path: string): boolean {
  re.lastIndex = 0;
  if (re.test(path)) return true;
  re.lastIndex = 0;
  return re.test(`${method} ${path}`);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}

interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  channelId: string;
  dispatchedAt: number;
  acknowledged: boolean;
  callbackType?: InteractionResponseType;
  /** For components: the message the component is on. */
  sourceMessageId?: string;
  originalMessageId?: string;
  ephemeral: boolean;
  resolve: (body: APIInteractionResponse) => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
  settled: boolean;
}

interface Session {
  id: string;
  seq: number;
  log: GatewayDispatchPayload[];
  socket: WebSocket | null;
}

interface FaultRule {
  re: RegExp;
  remaining: number;
  kind: 'ratelimit' | 'fail';
  retryAfter: number;
  global: boolean;
  status: number;
  body?: { code: number; message: string };
}

const MAX_CONTENT = 2000;

// ---------------------------------------------------------------------------------------------------------
// startFakeDiscord
// ---------------------------------------------------------------------------------------------------------

export async function startFakeDiscord(opts: FakeDiscordOptions): Promise<FakeDiscord> {
  const appId = opts.applicationId;
  const guildId = opts.guildId;
  const heartbeatInterval = opts.heartbeatIntervalMs ?? 41_250;
  const ttl = opts.interactionTtlMs ?? 3_000;
  const botPermissions = opts.botPermissions ?? DEFAULT_BOT_PERMISSIONS;

  const botUser: APIUser = {
    id: opts.botUser?.id ?? appId,
    username: opts.botUser?.username ?? 'complaint-desk',
    discriminator: '0000',
    global_name: null,
    avatar: null,
    bot: true,
    system: false,
    mfa_enabled: true,
    verified: true,
    flags: 0 as UserFlags,
    public_flags: 0 as UserFlags,
  };

  const calls: RecordedCall[] = [];
  const messages = new Map<string, APIMessage>();
  const guildCommands = new Map<string, APIApplicationCommand[]>();
  const globalCommands: APIApplicationCommand[] = [];
  const interactionsByToken = new Map<string, InteractionRecord>();
  const dmChannels = new Map<string, APIDMChannel>();
  const commandIds = new Map<string, string>();
  const faults: FaultRule[] = [];
  const sockets = new Set<WebSocket>();
  let session: Session | null = null;
  let identifies = 0;
  let resumes = 0;
  let closed = false;

  const everyoneRole: APIRole = role(guildId, '@everyone', EVERYONE_PERMISSIONS, 0, false);
  const botRoleId = snowflake();
  const botRole: APIRole = {
    ...role(botRoleId, botUser.username, botPermissions, 1, true),
    tags: { bot_id: botUser.id },
  };
  const appPermissions = permsToString(EVERYONE_PERMISSIONS, botPermissions);
  const memberPermissions = permsToString(EVERYONE_PERMISSIONS);

  const knownUsers = new Map<string, APIUser>();
  knownUsers.set(botUser.id, botUser);
  for (const m of opts.members ?? []) knownUsers.set(m.id, toApiUser(m));

  const channels = new Map<string, APITextChannel>();
  opts.channels.forEach((c, i) => channels.set(c.id, textChannel(c.id, c.name, i)));

  function role(id: string, name: string, perms: bigint, position: number, managed: boolean): APIRole {
    return {
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: perms.toString(),
      managed,
      mentionable: false,
      flags: 0 as RoleFlags,
    };
  }

  function toApiUser(u: FakeUser): APIUser {
    const known = knownUsers.get(u.id);
    if (known && known.username === u.username) return known;
    return {
      id: u.id,
      username: u.username,
      discriminator: '0',
      global_name: u.global_name ?? u.username,
      avatar: null,
      bot: false,
      system: false,
      public_flags: 0 as UserFlags,
      flags: 0 as UserFlags,
    };
  }

  function textChannel(id: string, name: string, position: number): APITextChannel {
    return {
      id,
      type: ChannelType.GuildText,
      guild_id: guildId,
      name,
      position,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      parent_id: null,
      rate_limit_per_user: 0,
      last_pin_timestamp: null,
      default_auto_archive_duration: undefined,
      default_thread_rate_limit_per_user: 0,
      flags: 0 as ChannelFlags,
    };
  }

  function guildMember(user: APIUser, roles: string[]): APIGuildMember {
    return {
      user,
      nick: null,
      avatar: null,
      banner: null,
      roles,
      joined_at: new Date(Date.now() - 86_400_000).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  function interactionMember(u: FakeUser): APIInteractionGuildMember {
    const user = toApiUser(u);
    return { ...guildMember(user, []), user, permissions: memberPermissions };
  }

  function guildCreate(): GatewayGuildCreateDispatchData {
    const members = [guildMember(botUser, [botRoleId])];
    for (const m of opts.members ?? []) members.push(guildMember(toApiUser(m), []));
    return {
      id: guildId,
      name: opts.guildName ?? 'Complaint Desk Test Guild',
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: opts.members?.[0]?.id ?? snowflake(),
      region: 'rotterdam',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      roles: [everyoneRole, botRole],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.Elevated,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: Locale.EnglishUS,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      hub_type: null,
      incidents_data: null,
      joined_at: new Date(Date.now() - 3_600_000).toISOString(),
      large: false,
      unavailable: false,
      member_count: members.length,
      voice_states: [],
      members,
      channels: [...channels.values()],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Gateway
  // ---------------------------------------------------------------------------------------------------------

  function wsSend(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  function dispatch(t: string, d: unknown): number {
    if (!session) throw new Error('fake-discord: no gateway session yet (client not logged in)');
    const payload = { op: GatewayOpcodes.Dispatch, t, s: ++session.seq, d } as GatewayDispatchPayload;
    session.log.push(payload);
    if (session.socket) wsSend(session.socket, payload);
    return payload.s;
  }

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(err?.message ?? err), code: 0 }));
    });
  });
  server.keepAliveTimeout = 5_000;
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', (req, socket, head) => {
    if (closed) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    let authed = false;
    ws.on('close', () => {
      sockets.delete(ws);
      if (session?.socket === ws) session.socket = null;
    });
    ws.on('error', () => {});
    ws.on('message', (raw, isBinary) => {
      let p: { op: number; d: any };
      try {
        p = JSON.parse(isBinary ? Buffer.from(raw as Buffer).toString() : raw.toString());
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (p.op) {
        case GatewayOpcodes.Heartbeat:
          wsSend(ws, { op: GatewayOpcodes.HeartbeatAck });
          return;
        case GatewayOpcodes.Identify: {
          if (authed) return void ws.close(4005, 'Already authenticated.');
          if (!p.d?.token) return void ws.close(4004, 'Authentication failed.');
          authed = true;
          identifies++;
          if (session?.socket && session.socket !== ws) session.socket.close(4000, 'Superseded');
          session = { id: randomBytes(16).toString('hex'), seq: 0, log: [], socket: ws };
          const ready: GatewayReadyDispatchData = {
            v: 10,
            user: botUser,
            guilds: [{ id: guildId, unavailable: true }],
            session_id: session.id,
            resume_gateway_url: `ws://127.0.0.1:${port}/resume`,
            shard: [0, 1],
            application: {
              id: appId,
              flags: ApplicationFlags.GatewayMessageContentLimited,
              flags_new: String(ApplicationFlags.GatewayMessageContentLimited),
            },
          };
          dispatch(GatewayDispatchEvents.Ready, ready);
          dispatch(GatewayDispatchEvents.GuildCreate, guildCreate());
          return;
        }
        case GatewayOpcodes.Resume: {
          if (authed) return void ws.close(4005, 'Already authenticated.');
          if (!session || p.d?.session_id !== session.id) {
            wsSend(ws, { op: GatewayOpcodes.InvalidSession, d: false });
            return;
          }
          authed = true;
          resumes++;
          if (session.socket && session.socket !== ws) session.socket.close(4000, 'Superseded');
          session.socket = ws;
          const from = Number(p.d.seq ?? 0);
          for (const ev of session.log) if (ev.s > from) wsSend(ws, ev);
          // RESUMED carries a sequence number but is not replayed on a later resume.
          wsSend(ws, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: ++session.seq, d: {} });
          return;
        }
        default:
          // Presence updates, voice state, request guild members ... are accepted and ignored.
          if (!authed) ws.close(4003, 'Not authenticated.');
      }
    });
    wsSend(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatInterval } });
  });

  // ---------------------------------------------------------------------------------------------------------
  // REST
  // ---------------------------------------------------------------------------------------------------------

  async function readBody(req: http.IncomingMessage): Promise<{ body: any; files: RecordedFile[] }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const buf = Buffer.concat(chunks);
    const ct = String(req.headers['content-type'] ?? '');
    if (buf.length === 0) return { body: null, files: [] };
    if (ct.startsWith('multipart/form-data')) {
      const form = await new Response(buf, { headers: { 'content-type': ct } }).formData();
      let body: any = {};
      const files: RecordedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = { ...body, ...JSON.parse(value) };
          else body[field] = value;
        } else {
          const data = Buffer.from(await value.arrayBuffer());
          files.push({ field, filename: value.name, contentType: value.type, size: data.length, data });
        }
      }
      return { body, files };
    }
    const text = buf.toString('utf8');
    if (ct.includes('json')) {
      try {
        return { body: JSON.parse(text), files: [] };
      } catch {
        throw new HttpError(400, 50109, 'The request body contains invalid JSON.');
      }
    }
    return { body: text, files: [] };
  }

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (status === 204 || body === undefined) {
      res.writeHead(status === 200 ? 204 : status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const m = /^\/api(?:\/v\d+)?(\/.*)$/.exec(url.pathname);
    const path = m ? m[1].split('/').map(safeDecode).join('/') : url.pathname;
    const query = Object.fromEntries(url.searchParams.entries());
    let parsed: { body: any; files: RecordedFile[] };
    try {
      parsed = await readBody(req);
    } catch (err) {
      parsed = { body: null, files: [] };
      const e = err instanceof HttpError ? err : new HttpError(400, 50035, 'Invalid Form Body');
      record(400, parsed);
      return send(res, 400, { message: e.message, code: e.code });
    }
    function record(status: number, p = parsed): void {
      calls.push({ method, path, query, body: p.body, files: p.files, status, at });
    }

    // Fault injection comes first, like Discord's edge.
    const rule = faults.find((f) => f.remaining > 0 && matches(f.re, method, path));
    if (rule) {
      rule.remaining--;
      if (rule.remaining === 0) faults.splice(faults.indexOf(rule), 1);
      if (rule.kind === 'ratelimit') {
        record(429);
        const ra = rule.retryAfter;
        const headers: Record<string, string> = {
          'retry-after': String(ra),
          'x-ratelimit-scope': rule.global ? 'global' : 'user',
        };
        if (rule.global) {
          // discord.js treats the mere presence of this header as "global"; never send it with "false".
          headers['x-ratelimit-global'] = 'true';
        } else {
          headers['x-ratelimit-limit'] = '5';
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = ((Date.now() + ra * 1000) / 1000).toFixed(3);
          headers['x-ratelimit-reset-after'] = ra.toFixed(3);
          headers['x-ratelimit-bucket'] =
            'fake' +
            Buffer.from(path.replace(/\d{5,}/g, ':id'))
              .toString('hex')
              .slice(0, 24);
        }
        return send(res, 429, { message: 'You are being rate limited.', retry_after: ra, global: rule.global, code: 0 }, headers);
      }
      record(rule.status);
      const body = rule.body ?? { message: `${rule.status}: injected failure`, code: 0 };
      return send(res, rule.status, body);
    }

    try {
      const out = await route(method, path, query, parsed, req);
      record(out.status);
      send(res, out.status, out.body);
      out.after?.();
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      record(err.status);
      send(res, err.status, { message: err.message, code: err.code, ...(err.errors ? { errors: err.errors } : {}) });
    }
  }

  function safeDecode(s: string): string {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  }

  /** `after` runs once the call is recorded and answered (so awaiting tests see it in `calls`). */
  type Out = { status: number; body?: unknown; after?: () => void };

  async function route(
    method: string,
    path: string,
    query: Record<string, string>,
    { body, files }: { body: any; files: RecordedFile[] },
    req: http.IncomingMessage,
  ): Promise<Out> {
    const seg = path.split('/').filter(Boolean);
    const is = (meth: string, pattern: string): Record<string, string> | null => {
      if (meth !== method) return null;
      const ps = pattern.split('/').filter(Boolean);
      if (ps.length !== seg.length) return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < ps.length; i++) {
        if (ps[i].startsWith(':')) params[ps[i].slice(1)] = seg[i];
        else if (ps[i] !== seg[i]) return null;
      }
      return params;
    };
    const requireAuth = () => {
      const auth = String(req.headers.authorization ?? '');
      if (!/^Bot \S+/.test(auth)) throw new HttpError(401, 0, '401: Unauthorized');
    };
    let p: Record<string, string> | null;

    // --- interactions and webhooks (token in the path, no Authorization header) ---
    if ((p = is('POST', '/interactions/:id/:token/callback'))) {
      return interactionCallback(p.id, p.token, body, files, query.with_response === 'true');
    }
    if ((p = is('POST', '/webhooks/:app/:token'))) {
      const rec = webhookInteraction(p.app, p.token);
      if (!rec.acknowledged) throw new HttpError(404, 10015, 'Unknown Webhook');
      validateMessage(body, files, true);
      const msg = createMessage(rec.channelId, body, files, { webhook: true });
      return query.wait === 'false' ? { status: 204 } : { status: 200, body: msg };
    }
    if (
      (p = is('GET', '/webhooks/:app/:token/messages/:mid')) ||
      (p = is('PATCH', '/webhooks/:app/:token/messages/:mid')) ||
      (p = is('DELETE', '/webhooks/:app/:token/messages/:mid'))
    ) {
      const rec = webhookInteraction(p.app, p.token);
      let mid = p.mid;
      if (mid === '@original') {
        if (!rec.acknowledged) throw new HttpError(404, 10008, 'Unknown Message');
        if (!rec.originalMessageId) {
          if (method !== 'PATCH') throw new HttpError(404, 10008, 'Unknown Message');
          // Deferred reply (type 5): the first edit of @original creates the message.
          validateMessage(body, files, true);
          const msg = createMessage(rec.channelId, body, files, { webhook: true, ephemeral: rec.ephemeral });
          rec.originalMessageId = msg.id;
          return { status: 200, body: msg };
        }
        mid = rec.originalMessageId;
      }
      const existing = messages.get(mid);
      if (!existing) throw new HttpError(404, 10008, 'Unknown Message');
      if (method === 'GET') return { status: 200, body: existing };
      if (method === 'DELETE') {
        messages.delete(mid);
        return { status: 204 };
      }
      validateMessage(body, files, false);
      return { status: 200, body: editMessage(existing, body, files) };
    }

    requireAuth();

    if (is('GET', '/gateway/bot')) {
      const out: RESTGetAPIGatewayBotResult = {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000 - identifies, reset_after: 86_400_000, max_concurrency: 1 },
      };
      return { status: 200, body: out };
    }
    if (is('GET', '/gateway')) return { status: 200, body: { url: `ws://127.0.0.1:${port}/gateway` } };
    if (is('GET', '/users/@me')) return { status: 200, body: botUser };
    if (is('POST', '/users/@me/channels')) {
      const rid = String(body?.recipient_id ?? '');
      const recipient = knownUsers.get(rid) ?? (rid ? toApiUser({ id: rid, username: `user-${rid}` }) : null);
      if (!recipient)
        throw new HttpError(400, 50035, 'Invalid Form Body', {
          recipient_id: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
        });
      let dm = [...dmChannels.values()].find((c) => c.recipients?.[0]?.id === rid);
      if (!dm) {
        dm = {
          id: snowflake(),
          type: ChannelType.DM,
          last_message_id: null,
          recipients: [recipient],
          flags: 0 as ChannelFlags,
          name: null,
        };
        dmChannels.set(dm.id, dm);
      }
      return { status: 200, body: dm };
    }
    if ((p = is('GET', '/users/:uid'))) {
      const u = knownUsers.get(p.uid);
      if (!u) throw new HttpError(404, 10013, 'Unknown User');
      return { status: 200, body: u };
    }
    if ((p = is('GET', '/guilds/:gid/members/:uid'))) {
      const u = knownUsers.get(p.uid);
      if (p.gid !== guildId || !u) throw new HttpError(404, 10007, 'Unknown Member');
      return { status: 200, body: guildMember(u, u.id === botUser.id ? [botRoleId] : []) };
    }

    // --- application commands ---
    if ((p = is('PUT', '/applications/:app/guilds/:gid/commands'))) {
      checkApp(p.app);
      if (p.gid !== guildId) throw new HttpError(404, 10004, 'Unknown Guild');
      const stored = storeCommands(body, p.gid);
      guildCommands.set(p.gid, stored);
      return { status: 200, body: stored };
    }
    if ((p = is('GET', '/applications/:app/guilds/:gid/commands'))) {
      checkApp(p.app);
      return { status: 200, body: guildCommands.get(p.gid) ?? [] };
    }
    if ((p = is('PUT', '/applications/:app/commands'))) {
      checkApp(p.app);
      const stored = storeCommands(body, undefined);
      globalCommands.splice(0, globalCommands.length, ...stored);
      return { status: 200, body: stored };
    }
    if ((p = is('GET', '/applications/:app/commands'))) {
      checkApp(p.app);
      return { status: 200, body: globalCommands };
    }

    // --- channels and messages ---
    if ((p = is('GET', '/channels/:cid'))) {
      const ch = channels.get(p.cid) ?? dmChannels.get(p.cid);
      if (!ch) throw new HttpError(404, 10003, 'Unknown Channel');
      return { status: 200, body: ch };
    }
    if ((p = is('POST', '/channels/:cid/typing'))) {
      knownChannel(p.cid);
      return { status: 204 };
    }
    if ((p = is('POST', '/channels/:cid/messages'))) {
      knownChannel(p.cid);
      validateMessage(body, files, true);
      return { status: 200, body: createMessage(p.cid, body, files, {}) };
    }
    if (
      (p = is('GET', '/channels/:cid/messages/:mid')) ||
      (p = is('PATCH', '/channels/:cid/messages/:mid')) ||
      (p = is('DELETE', '/channels/:cid/messages/:mid'))
    ) {
      knownChannel(p.cid);
      const existing = messages.get(p.mid);
      if (!existing || existing.channel_id !== p.cid) throw new HttpError(404, 10008, 'Unknown Message');
      if (method === 'GET') return { status: 200, body: existing };
      if (method === 'DELETE') {
        messages.delete(p.mid);
        return { status: 204 };
      }
      if (existing.author.id !== botUser.id) throw new HttpError(403, 50005, 'Cannot edit a message authored by another user');
      validateMessage(body, files, false);
      return { status: 200, body: editMessage(existing, body, files) };
    }

    throw new HttpError(404, 0, '404: Not Found');
  }

  function checkApp(app: string): void {
    if (app !== appId) throw new HttpError(403, 50001, 'Missing Access');
  }

  function knownChannel(cid: string): void {
    if (!channels.has(cid) && !dmChannels.has(cid)) throw new HttpError(404, 10003, 'Unknown Channel');
  }

  function webhookInteraction(app: string, token: string): InteractionRecord {
    const rec = interactionsByToken.get(token);
    if (app !== appId || !rec || Date.now() - rec.dispatchedAt > 15 * 60_000) {
      throw new HttpError(404, 10015, 'Unknown Webhook');
    }
    return rec;
  }

  function storeCommands(body: any, gid: string | undefined): APIApplicationCommand[] {
    if (!Array.isArray(body)) throw new HttpError(400, 50035, 'Invalid Form Body');
    if (body.length > 100) throw new HttpError(400, 30032, 'Maximum number of application commands reached (100)');
    return body.map((c: any): APIApplicationCommand => {
      if (typeof c?.name !== 'string' || !/^[-_'\p{L}\p{N}]{1,32}$/u.test(c.name)) {
        throw new HttpError(400, 50035, 'Invalid Form Body', {
          name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid: ${c?.name}` }] },
        });
      }
      const type = (c.type ?? ApplicationCommandType.ChatInput) as ApplicationCommandType;
      const key = `${type}:${c.name}`;
      let id = commandIds.get(key);
      if (!id) commandIds.set(key, (id = snowflake()));
      return {
        id,
        application_id: appId,
        ...(gid ? { guild_id: gid } : {}),
        version: snowflake(),
        type,
        name: c.name,
        name_localizations: c.name_localizations ?? null,
        description: c.description ?? '',
        description_localizations: c.description_localizations ?? null,
        options: c.options ?? [],
        default_member_permissions: c.default_member_permissions ?? null,
        dm_permission: c.dm_permission ?? true,
        nsfw: c.nsfw ?? false,
        integration_types: c.integration_types ?? [ApplicationIntegrationType.GuildInstall],
        contexts: c.contexts ?? null,
      };
    });
  }

  function validateMessage(body: any, files: RecordedFile[], creating: boolean): void {
    const b = body ?? {};
    if (typeof b.content === 'string' && b.content.length > MAX_CONTENT) {
      throw new HttpError(400, 50035, 'Invalid Form Body', {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_CONTENT} or fewer in length.` }] },
      });
    }
    if (Array.isArray(b.embeds) && b.embeds.length > 10) {
      throw new HttpError(400, 50035, 'Invalid Form Body', {
        embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] },
      });
    }
    if (creating && !b.content && !b.embeds?.length && !b.components?.length && !b.sticker_ids?.length && !b.poll && files.length === 0) {
      throw new HttpError(400, 50006, 'Cannot send an empty message');
    }
  }

  function attachmentsFrom(files: RecordedFile[], cid: string): APIAttachment[] {
    return files.map((f) => {
      const id = snowflake();
      const url = `http://127.0.0.1:${port}/attachments/${cid}/${id}/${encodeURIComponent(f.filename)}`;
      return { id, filename: f.filename, size: f.size, url, proxy_url: url, content_type: f.contentType || undefined };
    });
  }

  function createMessage(
    cid: string,
    body: any,
    files: RecordedFile[],
    o: { webhook?: boolean; ephemeral?: boolean; interaction?: InteractionRecord },
  ): APIMessage {
    const b = body ?? {};
    let flags = Number(b.flags ?? 0);
    if (o.ephemeral) flags |= MessageFlags.Ephemeral;
    const id = snowflake();
    const msg: APIMessage = {
      id,
      type: b.message_reference ? MessageType.Reply : MessageType.Default,
      channel_id: cid,
      author: botUser,
      content: b.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: Boolean(b.tts),
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: attachmentsFrom(files, cid),
      embeds: b.embeds ?? [],
      components: b.components ?? [],
      pinned: false,
      flags,
      ...(o.webhook ? { webhook_id: appId, application_id: appId } : {}),
      ...(b.message_reference ? { message_reference: { ...b.message_reference, channel_id: cid } } : {}),
    };
    messages.set(id, msg);
    const ch = channels.get(cid);
    if (ch) ch.last_message_id = id;
    return msg;
  }

  function editMessage(existing: APIMessage, body: any, files: RecordedFile[]): APIMessage {
    const b = body ?? {};
    const updated: APIMessage = {
      ...existing,
      ...(b.content !== undefined ? { content: b.content ?? '' } : {}),
      ...(b.embeds !== undefined ? { embeds: b.embeds ?? [] } : {}),
      ...(b.components !== undefined ? { components: b.components ?? [] } : {}),
      ...(b.flags !== undefined
        ? { flags: (Number(b.flags) & ~MessageFlags.Ephemeral) | ((existing.flags ?? 0) & MessageFlags.Ephemeral) }
        : {}),
      attachments:
        b.attachments !== undefined || files.length
          ? [
              ...existing.attachments.filter((a) => (b.attachments ?? []).some((x: any) => String(x.id) === a.id)),
              ...attachmentsFrom(files, existing.channel_id),
            ]
          : existing.attachments,
      edited_timestamp: new Date().toISOString(),
    };
    messages.set(existing.id, updated);
    return updated;
  }

  function interactionCallback(id: string, token: string, body: any, files: RecordedFile[], withResponse: boolean): Out {
    const rec = interactionsByToken.get(token);
    if (!rec || rec.id !== id) throw new HttpError(404, 10062, 'Unknown interaction');
    const age = Date.now() - rec.dispatchedAt;
    if (age > ttl) {
      if (!rec.settled) {
        rec.settled = true;
        if (rec.timer) clearTimeout(rec.timer);
        const err = new Error(
          `fake-discord: interaction ${rec.id} answered after ${age} ms (> ${ttl} ms): Discord says 10062 Unknown interaction; defer first`,
        );
        setImmediate(() => rec.reject(err));
      }
      throw new HttpError(404, 10062, 'Unknown interaction');
    }
    if (rec.acknowledged) throw new HttpError(400, 40060, 'Interaction has already been acknowledged.');
    const type = Number(body?.type) as InteractionResponseType;
    const data = body?.data ?? {};
    let message: APIMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        validateMessage(data, files, true);
        rec.ephemeral = Boolean(Number(data.flags ?? 0) & MessageFlags.Ephemeral);
        message = createMessage(rec.channelId, data, files, { webhook: true, interaction: rec });
        rec.originalMessageId = message.id;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        rec.ephemeral = Boolean(Number(data.flags ?? 0) & MessageFlags.Ephemeral);
        break;
      case InteractionResponseType.UpdateMessage:
      case InteractionResponseType.DeferredMessageUpdate: {
        if (rec.type !== InteractionType.MessageComponent && rec.type !== InteractionType.ModalSubmit) {
          throw new HttpError(400, 40043, 'Interaction callback type is not valid for this interaction type');
        }
        const src = rec.sourceMessageId ? messages.get(rec.sourceMessageId) : undefined;
        if (src) {
          validateMessage(data, files, false);
          message = type === InteractionResponseType.UpdateMessage ? editMessage(src, data, files) : src;
          rec.originalMessageId = src.id;
        }
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        if (rec.type !== InteractionType.ApplicationCommandAutocomplete) {
          throw new HttpError(400, 40043, 'Interaction callback type is not valid for this interaction type');
        }
        if ((data.choices ?? []).length > 25) {
          throw new HttpError(400, 50035, 'Invalid Form Body', {
            data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } },
          });
        }
        break;
      case InteractionResponseType.Modal:
        if (rec.type === InteractionType.ModalSubmit || rec.type === InteractionType.ApplicationCommandAutocomplete) {
          throw new HttpError(400, 40043, 'Interaction callback type is not valid for this interaction type');
        }
        if (
          typeof data.title !== 'string' ||
          data.title.length > 45 ||
          !data.custom_id ||
          !(data.components?.length >= 1 && data.components.length <= 5)
        ) {
          throw new HttpError(400, 50035, 'Invalid Form Body');
        }
        break;
      default:
        throw new HttpError(400, 50035, 'Invalid Form Body', {
          type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of ... (got ${body?.type})` }] },
        });
    }
    rec.acknowledged = true;
    rec.callbackType = type;
    const after = () => {
      if (rec.settled) return;
      rec.settled = true;
      if (rec.timer) clearTimeout(rec.timer);
      rec.resolve(files.length ? ({ ...body, files } as APIInteractionResponse) : (body as APIInteractionResponse));
    };
    if (!withResponse) return { status: 204, after };
    const out: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: {
        id: rec.id,
        type: rec.type,
        activity_instance_id: undefined,
        response_message_id: message?.id,
        response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
        response_message_ephemeral: rec.ephemeral,
      },
      ...(message ? { resource: { type, message } } : { resource: { type } }),
    };
    return { status: 200, body: out, after };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Fixture builders
  // ---------------------------------------------------------------------------------------------------------

  function resolveMessage(message: APIMessage | string | undefined, channelId: string, customId: string): APIMessage {
    if (typeof message === 'string') {
      const m = messages.get(message);
      if (!m) throw new Error(`fake-discord: no message ${message} was sent through this fake`);
      return m;
    }
    if (message) return message;
    const id = snowflake();
    const m: APIMessage = {
      id,
      type: MessageType.Default,
      channel_id: channelId,
      author: botUser,
      content: 'fixture message',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: customId, label: customId.slice(0, 80) }],
        },
      ],
      pinned: false,
      flags: 0 as MessageFlags,
    };
    messages.set(id, m);
    return m;
  }

  function base(user: FakeUser, channelId: string, locale: Locale | undefined) {
    const ch = channels.get(channelId);
    if (!ch) throw new Error(`fake-discord: unknown channel ${channelId}; pass it in opts.channels`);
    const id = snowflake();
    return {
      id,
      application_id: appId,
      token: `fake-itk.${id}.${randomBytes(24).toString('base64url')}`,
      version: 1 as const,
      guild_id: guildId,
      guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
      channel: { ...ch, permissions: permsToString(EVERYONE_PERMISSIONS) } as FakeChatInputInteraction['channel'],
      channel_id: channelId,
      member: interactionMember(user),
      app_permissions: appPermissions,
      locale: locale ?? Locale.EnglishUS,
      guild_locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
      context: InteractionContextType.Guild as _ICT,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  function commandId(name: string): string {
    const registered = [...(guildCommands.get(guildId) ?? []), ...globalCommands].find(
      (c) => c.name === name && c.type === ApplicationCommandType.ChatInput,
    );
    if (registered) return registered.id;
    const key = `${ApplicationCommandType.ChatInput}:${name}`;
    let id = commandIds.get(key);
    if (!id) commandIds.set(key, (id = snowflake()));
    return id;
  }

  function declaredOptions(args: ChatInputArgs): APIApplicationCommandOption[] | undefined {
    const cmd = [...(guildCommands.get(guildId) ?? []), ...globalCommands].find((c) => c.name === args.name);
    let opts = cmd?.options;
    if (args.subcommandGroup) {
      const g = opts?.find((o) => o.name === args.subcommandGroup && o.type === ApplicationCommandOptionType.SubcommandGroup);
      opts = g && 'options' in g ? g.options : undefined;
    }
    if (args.subcommand) {
      const s = opts?.find((o) => o.name === args.subcommand && o.type === ApplicationCommandOptionType.Subcommand);
      opts = s && 'options' in s ? s.options : undefined;
    }
    return opts;
  }

  function leafOption(
    name: string,
    v: FakeOptionValue,
    declared: APIApplicationCommandOption[] | undefined,
    focused: boolean,
  ): APIApplicationCommandInteractionDataBasicOption {
    let kind: 'string' | 'integer' | 'number' | 'boolean';
    let value: string | number | boolean;
    if (typeof v === 'object') {
      kind = v.type;
      value = v.value;
    } else {
      value = v;
      const d = declared?.find((o) => o.name === name)?.type;
      if (d === ApplicationCommandOptionType.String) kind = 'string';
      else if (d === ApplicationCommandOptionType.Integer) kind = 'integer';
      else if (d === ApplicationCommandOptionType.Number) kind = 'number';
      else if (d === ApplicationCommandOptionType.Boolean) kind = 'boolean';
      else if (typeof v === 'string') kind = 'string';
      else if (typeof v === 'boolean') kind = 'boolean';
      else kind = Number.isInteger(v) ? 'integer' : 'number';
    }
    const f = focused ? { focused: true } : {};
    switch (kind) {
      case 'string':
        return { name, type: ApplicationCommandOptionType.String, value: String(value), ...f };
      case 'integer':
        return { name, type: ApplicationCommandOptionType.Integer, value: focused ? String(value) : Number(value), ...f };
      case 'number':
        return { name, type: ApplicationCommandOptionType.Number, value: focused ? String(value) : Number(value), ...f };
      case 'boolean':
        return { name, type: ApplicationCommandOptionType.Boolean, value: Boolean(value) };
    }
  }

  function buildOptions(args: ChatInputArgs, focused?: string): APIApplicationCommandInteractionDataOption[] {
    const declared = declaredOptions(args);
    const leaves = Object.entries(args.options ?? {}).map(([k, v]) => leafOption(k, v, declared, k === focused));
    if (focused && !(focused in (args.options ?? {}))) {
      leaves.push({ name: focused, type: ApplicationCommandOptionType.String, value: '', focused: true });
    }
    if (!args.subcommand) {
      if (args.subcommandGroup) throw new Error('fake-discord: subcommandGroup needs a subcommand');
      return leaves;
    }
    const sub: APIApplicationCommandInteractionDataOption = {
      name: args.subcommand,
      type: ApplicationCommandOptionType.Subcommand,
      options: leaves,
    };
    if (!args.subcommandGroup) return [sub];
    return [{ name: args.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: [sub] }];
  }

  function chatInputInteraction(args: ChatInputArgs): FakeChatInputInteraction {
    return {
      ...base(args.user, args.channelId, args.locale),
      type: InteractionType.ApplicationCommand,
      data: {
        id: commandId(args.name),
        name: args.name,
        type: ApplicationCommandType.ChatInput,
        guild_id: guildId,
        options: buildOptions(args),
      },
    };
  }

  function autocompleteInteraction(args: AutocompleteArgs): FakeAutocompleteInteraction {
    return {
      ...base(args.user, args.channelId, args.locale),
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: commandId(args.name),
        name: args.name,
        type: ApplicationCommandType.ChatInput,
        guild_id: guildId,
        options: buildOptions(args, args.focused),
      },
    };
  }

  function buttonInteraction(args: ButtonArgs): FakeButtonInteraction {
    const message = resolveMessage(args.message, args.channelId, args.customId);
    return {
      ...base(args.user, args.channelId, args.locale),
      type: InteractionType.MessageComponent,
      message,
      data: { custom_id: args.customId, component_type: ComponentType.Button },
    };
  }

  function modalSubmitInteraction(args: ModalSubmitArgs): FakeModalSubmitInteraction {
    let cid = 1;
    const components: FakeModalSubmitInteraction['data']['components'] = Object.entries(args.fields).map(([customId, value]) =>
      args.layout === 'label'
        ? { type: ComponentType.Label, id: cid++, component: { type: ComponentType.TextInput, id: cid++, custom_id: customId, value } }
        : {
            type: ComponentType.ActionRow,
            id: cid++,
            components: [{ type: ComponentType.TextInput, id: cid++, custom_id: customId, value }],
          },
    );
    const message = args.message !== undefined ? resolveMessage(args.message, args.channelId, args.customId) : undefined;
    return {
      ...base(args.user, args.channelId, args.locale),
      type: InteractionType.ModalSubmit,
      ...(message ? { message } : {}),
      data: { custom_id: args.customId, components },
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Control API
  // ---------------------------------------------------------------------------------------------------------

  function sendInteraction(interaction: FakeInteraction, o: SendInteractionOptions = {}): Promise<APIInteractionResponse> {
    if (closed) return Promise.reject(new Error('fake-discord: closed'));
    return new Promise<APIInteractionResponse>((resolve, reject) => {
      const rec: InteractionRecord = {
        id: interaction.id,
        token: interaction.token,
        type: interaction.type,
        channelId: interaction.channel_id,
        dispatchedAt: Date.now(),
        acknowledged: false,
        ephemeral: false,
        sourceMessageId: 'message' in interaction && interaction.message ? interaction.message.id : undefined,
        resolve,
        reject,
        settled: false,
      };
      if (rec.sourceMessageId && interaction.message && !messages.has(rec.sourceMessageId)) {
        messages.set(rec.sourceMessageId, interaction.message);
      }
      const timeoutMs = o.timeoutMs ?? 5_000;
      rec.timer = setTimeout(() => {
        if (rec.settled) return;
        rec.settled = true;
        reject(
          new Error(
            `fake-discord: no callback for interaction ${rec.id} within ${timeoutMs} ms (gateway connected: ${Boolean(session?.socket)})`,
          ),
        );
      }, timeoutMs);
      rec.timer.unref?.();
      interactionsByToken.set(rec.token, rec);
      try {
        dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
      } catch (err) {
        rec.settled = true;
        clearTimeout(rec.timer);
        reject(err);
      }
    });
  }

  function dropGateway(o: { code?: number; abrupt?: boolean } = {}): Promise<void> {
    const ws = session?.socket;
    if (!ws || !session) return Promise.resolve();
    session.socket = null;
    return new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      if (o.abrupt) ws.terminate();
      else ws.close(o.code ?? 4000, 'fake-discord: dropped');
      // If the peer never answers the close frame, cut it.
      setTimeout(() => ws.terminate(), 1_000).unref();
    });
  }

  function callsTo(method: string, pathRegex: RegExp): RecordedCall[] {
    const meth = method.toUpperCase();
    return calls.filter((c) => c.method === meth && ((pathRegex.lastIndex = 0), pathRegex.test(c.path)));
  }

  async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs = 2_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    let lastErr: unknown;
    for (;;) {
      try {
        const v = await predicate();
        if (v) return v;
      } catch (err) {
        lastErr = err;
      }
      if (Date.now() >= deadline) {
        throw new Error(`fake-discord: waitFor timed out after ${timeoutMs} ms${lastErr ? `: ${String(lastErr)}` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const rec of interactionsByToken.values()) {
      if (rec.timer) clearTimeout(rec.timer);
      if (!rec.settled) {
        rec.settled = true;
        rec.reject(new Error('fake-discord: closed'));
      }
    }
    const waits: Promise<void>[] = [];
    for (const ws of sockets) {
      waits.push(new Promise((r) => ws.once('close', () => r())));
      // 4004 is not resumable: a client still connected stops instead of looping on reconnects to a dead port.
      ws.close(4004, 'fake-discord closed');
      setTimeout(() => ws.terminate(), 200).unref();
    }
    await Promise.all(waits);
    await new Promise<void>((r) => wss.close(() => r()));
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    restUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: `ws://127.0.0.1:${port}/gateway`,
    port,
    botUser,
    calls,
    messages,
    guildCommands,
    globalCommands,
    get gatewayIdentifies() {
      return identifies;
    },
    get gatewayResumes() {
      return resumes;
    },
    get gatewayConnected() {
      return Boolean(session?.socket);
    },
    sendInteraction,
    dispatch,
    dropGateway,
    chatInputInteraction,
    autocompleteInteraction,
    buttonInteraction,
    modalSubmitInteraction,
    callsTo,
    waitFor,
    rateLimitNext(re, count, retryAfterSeconds, o = {}) {
      faults.push({ re, remaining: count, kind: 'ratelimit', retryAfter: retryAfterSeconds, global: Boolean(o.global), status: 429 });
    },
    failNext(re, count, status, body) {
      faults.push({ re, remaining: count, kind: 'fail', retryAfter: 0, global: false, status, body });
    },
    clearCalls() {
      calls.length = 0;
    },
    close,
  };
}
