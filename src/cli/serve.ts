/**
 * `complaint-desk serve`: every configured front end in one process, sharing one core and one scheduler, and an
 * HTTP server on PORT that is always there (SPEC §11): Slack's `/slack/events` in HTTP mode, `GET /healthz`
 * and `GET /metrics`, so every replica can be probed the same way whichever front ends it runs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { extname } from 'node:path';
import type { Logger } from 'pino';
import { createCore, loadRoster, type AppCore } from './app.ts';
import type { Clock } from '../core/ports/clock.ts';
import { systemClock } from '../system-clock.ts';
import type { Notifier, Observer } from '../core/ports/store.ts';
import { Metrics } from '../observability/metrics.ts';
import { combineObservers, createLogger, loggingObserver } from '../observability/logger.ts';
import { discordConfigured, ROSTER_HINT, slackConfigProblem, slackConfigured, type TConfig } from './config.ts';
import { reasonOf, StartupError } from '../startup-error.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { createMailNotifier } from '../platforms/mail/mail-notifier.ts';
import { dailyMailComposer } from '../reports/mail-for-summary.ts';
import { createSlackApp, SlackStartupError, type SlackFrontEnd, type SlackTuning } from '../platforms/slack/slack-app.ts';
import { createBoard, type Board } from './web-board.ts';
import type { DiscordDeps } from '../platforms/discord/discord-app.ts';
import { discordDeps, slackDeps } from './front-ends.ts';
import { composeWorkOrderApi } from './work-order-api.ts';

/** What the Discord front end's module (src/platforms/discord/discord-app.ts) exports. */
export interface FrontEndHandle {
  notifier: Notifier;
  stop(): Promise<void>;
}
export type StartDiscord = (args: { config: TConfig; core: AppCore; scheduler: Scheduler }) => Promise<FrontEndHandle>;

/**
 * Loads the Discord front end when its module exists (it is built separately). Returns null, with a warning,
 * when the file is not there yet; any other import failure is a bug and is thrown.
 */
export async function loadDiscordFrontEnd(
  log?: Logger,
  path = `../platforms/discord/discord-app${extname(import.meta.url)}`,
): Promise<StartDiscord | null> {
  try {
    const mod = (await import(/* @vite-ignore */ path)) as { startDiscord?: (deps: DiscordDeps) => Promise<FrontEndHandle> };
    const start = mod.startDiscord;
    if (typeof start !== 'function') throw new Error(`${path} does not export startDiscord`);
    // the front end gets narrow dependencies, composed here
    return ({ config, core, scheduler }) => start(discordDeps(core, config, { clock: core.desk.deps.clock, poke: () => scheduler.poke() }));
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const missing =
      (err.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(err.message ?? '')) &&
      (err.message ?? '').includes(path.split('/').pop()!);
    if (!missing) throw e;
    log?.warn(`DISCORD_TOKEN is set but this build has no Discord front end (${path})`);
    return null;
  }
}

export interface ServerOptions {
  config: TConfig;
  /** Real time by default; tests pass a ManualClock. */
  clock?: Clock;
  /** A core built by the caller (tests); by default one is created from the config and closed on stop. */
  core?: AppCore;
  log?: Logger;
  /** Interface to listen on (default: all). */
  host?: string;
  slack?: SlackTuning;
  scheduler?: { maxSleepMs?: number };
  /** Replaces the Discord loader (tests). */
  startDiscord?: StartDiscord | null;
}

export interface RunningServer {
  port: number;
  url: string;
  core: AppCore;
  scheduler: Scheduler;
  slack: SlackFrontEnd | null;
  discord: FrontEndHandle | null;
  server: Server;
  /** §13 the war-room board served on PORT */
  board: Board;
  stop(): Promise<void>;
}

/** Builds the core, the front ends and the scheduler, then listens on PORT. Throws when a front end can't start. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const ownCore = !opts.core;
  // Metrics and logs observe the core (commands by result, deadline stages and breaches; no customer data).
  let observe: Observer | null = null;
  const observer: Observer = {
    commandRun: (...a) => observe?.commandRun(...a),
    stageFired: (...a) => observe?.stageFired(...a),
  };
  const core =
    opts.core ??
    (await createCore({ databaseUrl: config.databaseUrl, roster: loadRoster(config.rosterPath, ROSTER_HINT), clock, observer, log }));
  if (opts.core) (core.desk.deps as { observer?: Observer }).observer ??= observer;
  let schedulerRef: Scheduler | undefined;
  const metrics = new Metrics({ store: core.store, scheduler: () => schedulerRef });
  observe = combineObservers(metrics, loggingObserver(log.child({ component: 'core' })));
  // §13: the board, on PORT; a command committed here wakes its change follower at once (other replicas' by polling)
  let boardPort = config.PORT;
  const board = await createBoard(core, { secret: config.BOARD_SECRET, publicUrl: config.PUBLIC_URL, port: () => boardPort, clock, log });
  observe = combineObservers(observe, { commandRun: () => board.server.poke(), stageFired: () => {} });

  // One scheduler delivers the outbox through every front end's notifier (each platform marked once).
  const notifiers: Notifier[] = [];
  const scheduler = new Scheduler(core.desk.ctx, core.store, clock, notifiers, {
    owner: config.REPLICA_ID ?? `${hostname()}-${process.pid}`,
    maxSleepMs: opts.scheduler?.maxSleepMs,
    commandsIdle: () => core.desk.desk.whenIdle(),
    onError: (e) => log.error({ err: e }, 'scheduler pass failed'),
  });
  schedulerRef = scheduler;

  let slack: SlackFrontEnd | null = null;
  let discord: FrontEndHandle | null = null;
  let server: Server | null = null;
  const cleanup = async () => {
    await scheduler.stop().catch(() => {});
    await board.server.close().catch(() => {});
    if (server) await closeServer(server);
    await slack?.stop().catch((e) => log.warn({ err: e }, 'slack stop failed'));
    await discord?.stop().catch((e) => log.warn({ err: e }, 'discord stop failed'));
    if (ownCore) await core.close();
  };

  try {
    if (slackConfigured(config)) {
      slack = await createSlackApp(
        slackDeps(core, config, { clock, log: log.child({ frontEnd: 'slack' }), poke: () => scheduler.poke(), tuning: opts.slack }),
      );
      notifiers.push(metrics.counting(slack.notifier));
    }
    // §14 the daily report by mail: a replica with SMTP_URL mails (also without a chat front end: a mail-only
    // replica); one without it leaves the mails pending for a replica that has it. Each replica reads and claims only
    // the kinds its notifiers deliver (src/scheduler/deliver-outbox.ts), so chat and mail never wait on each other.
    const addMail = () => {
      if (config.SMTP_URL)
        notifiers.push(
          metrics.counting(
            createMailNotifier({
              smtpUrl: config.SMTP_URL,
              compose: dailyMailComposer(core.store, core.roster),
              log: log.child({ frontEnd: 'mail' }),
            }),
          ),
        );
      else log.info({ frontEnd: 'mail' }, 'SMTP_URL is not set: daily report mails are left for a replica that has it');
    };
    if (discordConfigured(config)) {
      const start = opts.startDiscord !== undefined ? opts.startDiscord : await loadDiscordFrontEnd(log);
      if (start) {
        try {
          discord = await start({ config, core, scheduler });
        } catch (e) {
          throw new StartupError(
            {
              what: 'the Discord front end could not start: Discord at',
              where: `${config.DISCORD_API_URL ?? 'https://discord.com/api'} (DISCORD_API_URL)`,
              why: reasonOf(e),
              hint: 'check DISCORD_TOKEN, and that this server reaches Discord (or unset DISCORD_API_URL)',
            },
            { cause: e },
          );
        }
        notifiers.push(metrics.counting(discord.notifier));
      }
    }

    addMail();
    // §17 the work-order API on the same PORT (404 without API_TOKENS)
    const api = composeWorkOrderApi(core, config, {
      clock,
      poke: () => scheduler.poke(),
      count: (route, status) => metrics.apiRequests.inc({ route, status: String(status) }),
      log: log.child({ component: 'api' }),
    });
    const handleEvents = slack?.handleEvents ?? null;
    server = createServer((req, res) => {
      route(req, res).catch((e: unknown) => {
        log.error({ err: e, url: req.url }, 'http handler failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const route = async (req: IncomingMessage, res: ServerResponse) => {
      if (await board.server.handle(req, res)) return;
      if (await api.handle(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/slack/events' && handleEvents) {
        if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
        return handleEvents(req, res);
      }
      if (req.method === 'GET' && path === '/healthz') return health(req, res, { core, scheduler, slack, clock });
      if (req.method === 'GET' && path === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    };
    await new Promise<void>((resolve, reject) => {
      server!.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new StartupError(
            {
              what: 'cannot listen on port',
              where: `${config.PORT}${opts.host ? ` of ${opts.host}` : ''} (PORT)`,
              why: e.code === 'EADDRINUSE' ? 'another program is using it' : reasonOf(e),
              hint:
                e.code === 'EACCES'
                  ? 'ports below 1024 need privileges: set PORT to 1024 or above'
                  : 'stop that program or set PORT to a free port',
            },
            { cause: e },
          ),
        ),
      );
      server!.listen(config.PORT, opts.host, () => {
        server!.off('error', reject);
        resolve();
      });
    });
    await slack?.start();
    await scheduler.tick();
    scheduler.start();
  } catch (e) {
    await cleanup();
    throw e;
  }

  const port = (server.address() as AddressInfo).port;
  boardPort = port;
  log.info({ port, slack: slack?.mode ?? 'off', discord: discord ? 'on' : 'off', database: core.provider }, 'complaint-desk serving');
  let stopping: Promise<void> | null = null;
  return {
    port,
    url: `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`,
    core,
    scheduler,
    slack,
    discord,
    server,
    board,
    stop: () => (stopping ??= cleanup()),
  };
}

/** A message given up this recently (a permanent delivery error) keeps /healthz `degraded`. */
const DEAD_WINDOW_MS = 24 * 3_600_000;

/**
 * `GET /healthz`. `status`: `ok`; `degraded` when a message was given up in the last 24 h (a permanent delivery
 * error: a missing scope, a channel the bot is not in, a revoked token; `deadErrors` says which) though the replica
 * works; `down` when the database does not answer or the scheduler is behind. HTTP 503 only when down, so a load
 * balancer never takes every replica out over a Slack setting (restarting would not fix it); monitors that only
 * read the status code probe `/healthz?strict`, which answers 503 when degraded too.
 */
async function health(
  req: IncomingMessage,
  res: ServerResponse,
  { core, scheduler, slack, clock }: { core: AppCore; scheduler: Scheduler; slack: SlackFrontEnd | null; clock: Clock },
): Promise<void> {
  let db = false;
  try {
    await withTimeout(core.store.ping(), 2000);
    db = true;
  } catch {
    db = false;
  }
  const sched = scheduler.healthy();
  const backlog = db ? await withTimeout(core.store.outboxBacklog(), 2000).catch(() => null) : null;
  // §14: daily report mails not delivered yet (the SMTP server refusing them shows here, retried with backoff)
  const mailBacklog = db ? await withTimeout(core.store.outboxBacklog('mail'), 2000).catch(() => null) : null;
  const dead = db
    ? await withTimeout(core.store.outboxDead(new Date(clock.now().getTime() - DEAD_WINDOW_MS)), 2000).catch(() => null)
    : null;
  const down = !(db && sched);
  const degraded = !!dead?.count;
  const status = down ? 'down' : degraded ? 'degraded' : 'ok';
  const strict = new URL(req.url ?? '/', 'http://localhost').searchParams.has('strict');
  const body = {
    ok: status === 'ok',
    status,
    database: db ? 'ok' : 'unreachable',
    scheduler: sched ? 'ok' : 'behind',
    lagMs: scheduler.stats.lagMs,
    outboxBacklog: backlog,
    mailBacklog,
    lastTickAt: scheduler.stats.lastTickAt?.toISOString() ?? null,
    slack: slack?.mode ?? 'off',
    delivery: dead ? (degraded ? 'degraded' : 'ok') : 'unknown',
    /** messages given up in the last 24 h, and the errors (the five most frequent) */
    outboxDead: dead?.count ?? null,
    deadErrors: dead?.errors.slice(0, 5) ?? [],
  };
  const code = down || (strict && degraded) ? 503 : 200;
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body) + '\n');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Runs the configured front ends until SIGINT/SIGTERM. Exit status: 0 after a clean stop, 1 if start-up failed. */
export async function serve(config: TConfig): Promise<number> {
  const half = slackConfigProblem(config);
  if (half) throw half;
  let running: RunningServer;
  try {
    running = await startServer({ config });
  } catch (e) {
    if (e instanceof SlackStartupError) {
      process.stderr.write(`complaint-desk serve: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (!slackConfigured(config) && !discordConfigured(config)) {
    process.stderr.write(
      'complaint-desk serve: no chat front end is configured (set SLACK_BOT_TOKEN plus SLACK_SIGNING_SECRET or SLACK_APP_TOKEN, ' +
        'and/or DISCORD_TOKEN). Running the scheduler and the HTTP endpoints' +
        (config.SMTP_URL ? ' and mailing the daily reports (SMTP_URL)' : '') +
        '; chat messages stay queued for a replica that has a chat front end.\n',
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.stop();
  return 0;
}
