/**
 * The Discord front end: a discord.js gateway client (Guilds intent only: slash commands, buttons and modals
 * arrive as interactions, no message content is read) plus the notifier that delivers the outbox there.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { CaseReads, CaseRepository } from '../../core/ports/cases.ts';
import { currentCard } from '../shared/cards.ts';
import type { DailySummary } from '../../core/domain/daily-summary.ts';
import type { ChatDeps } from '../shared/deps.ts';
import { DiscordInteractions } from './interactions.ts';
import { DiscordNotifier, storeCardRefs, stderrLog, type DiscordLog } from './notifier.ts';

/** Discord's settings, as the environment gives them (DISCORD_TOKEN, DISCORD_API_URL). */
interface DiscordSettings {
  token?: string;
  apiUrl?: string;
}

export interface DiscordDeps extends ChatDeps {
  /** the case picker's choices (autocomplete), and the case as it is now for the cards the notifier posts */
  cases: Pick<CaseReads, 'caseChoices'> & Pick<CaseRepository, 'getCase' | 'deadlines'>;
  settings: DiscordSettings;
  clientOptions?: Partial<ClientOptions>;
  log?: DiscordLog;
  /** Defer the reply when a command takes longer than this (default 1500 ms; Discord's limit is 3 s). */
  deferAfterMs?: number;
  /** How long to wait for the gateway's READY (default 30 s). */
  readyTimeoutMs?: number;
}

export interface DiscordApp {
  notifier: DiscordNotifier;
  client: Client<true>;
  interactions: DiscordInteractions;
  stop(): Promise<void>;
}

/** discord.js wants the REST base without the version ("…/api"); accept "…/api/v10" and a trailing slash too. */
export function restBase(url: string | undefined): string | undefined {
  return url ? url.replace(/\/+$/, '').replace(/\/v\d+$/, '') : undefined;
}

export async function startDiscord(deps: DiscordDeps): Promise<DiscordApp> {
  const { settings, desk } = deps;
  if (!settings.token) throw new Error('DISCORD_TOKEN is not set');
  const log = deps.log ?? stderrLog;
  const api = restBase(settings.apiUrl);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...deps.clientOptions,
    rest: { ...deps.clientOptions?.rest, ...(api ? { api } : {}) },
  });
  const interactions = new DiscordInteractions({
    desk,
    clock: deps.clock,
    journal: deps.journal,
    cases: deps.cases,
    poke: deps.poke,
    log,
    deferAfterMs: deps.deferAfterMs,
  });
  client.on(Events.InteractionCreate, (i) => void interactions.handle(i));
  client.on(Events.Error, (e) => log.error({ err: e }, 'discord client error'));
  client.on(Events.ShardError, (e, shard) => log.warn({ err: e, shard }, 'gateway error (discord.js reconnects)'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));

  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), deps.readyTimeoutMs ?? 30_000);
  try {
    const ready = once(client, Events.ClientReady, { signal: ac.signal });
    await client.login(settings.token);
    await ready;
  } catch (e) {
    await client.destroy();
    throw ac.signal.aborted ? new Error('Discord gateway did not become ready in time') : e;
  } finally {
    clearTimeout(timer);
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord ready');
  const replayed = await interactions.replayPending(client.rest);
  if (replayed) log.info({ replayed }, 'discord: replayed commands deferred before a restart');

  const notifier = new DiscordNotifier({
    rest: client.rest,
    roster: desk.roster,
    locale: desk.ctx.locale,
    cards: storeCardRefs(deps.cards),
    log,
    // §8: each summary goes with its chart
    chart: (m) => deps.chart(m.payload.summary as DailySummary, m.at),
    cardOf: currentCard({ cases: deps.cases, desk, clock: deps.clock }),
  });
  return {
    notifier,
    client: client as Client<true>,
    interactions,
    stop: async () => {
      client.removeAllListeners(Events.InteractionCreate);
      await client.destroy();
    },
  };
}
