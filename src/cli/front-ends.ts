/**
 * The composition of the chat front ends: each gets narrow dependencies built here from the core's store and the
 * configuration (src/platforms never sees the store, the configuration or a database client).
 */
import type { Logger } from 'pino';
import type { AppCore } from './app.ts';
import type { TConfig } from './config.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { DiscordDeps } from '../platforms/discord/discord-app.ts';
import type { DiscordLog } from '../platforms/discord/notifier.ts';
import type { ConsoleDeps } from '../platforms/console/console-app.ts';
import type { ChatDeps } from '../platforms/shared/deps.ts';
import type { SlackDeps, SlackTuning } from '../platforms/slack/slack-app.ts';
import { chartForSummary } from '../reports/chart-for-summary.ts';
import { dailyMailComposer } from '../reports/mail-for-summary.ts';
import { createMailNotifier } from '../platforms/mail/mail-notifier.ts';

/** What every chat front end gets: the desk, the clock, the journal, card refs, and the §8 chart renderer. */
export function chatDeps(core: AppCore, clock: Clock, poke?: () => void): ChatDeps {
  return {
    desk: core.desk,
    clock,
    journal: core.store,
    cards: core.store,
    chart: (summary) => chartForSummary(core.store, core.roster, summary),
    poke,
  };
}

export function slackDeps(
  core: AppCore,
  config: Pick<TConfig, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL'>,
  o: { clock: Clock; log: Logger; poke?: () => void; tuning?: SlackTuning },
): SlackDeps {
  return {
    ...chatDeps(core, o.clock, o.poke),
    cases: core.store,
    settings: {
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
    },
    log: o.log,
    tuning: o.tuning,
  };
}

export function discordDeps(
  core: AppCore,
  config: Pick<TConfig, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>,
  o: { clock: Clock; poke?: () => void; log?: DiscordLog } & Pick<DiscordDeps, 'clientOptions' | 'deferAfterMs' | 'readyTimeoutMs'>,
): DiscordDeps {
  return {
    ...chatDeps(core, o.clock, o.poke),
    cases: core.store,
    settings: { token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL },
    log: o.log,
    clientOptions: o.clientOptions,
    deferAfterMs: o.deferAfterMs,
    readyTimeoutMs: o.readyTimeoutMs,
  };
}

/** The console: the desk, the clock, what a scheduler pass needs, and the chart it writes to a file. */
export function consoleDeps(core: AppCore, clock: Clock, o: { smtpUrl?: string; log?: Logger } = {}): ConsoleDeps {
  // §14: the console mails the daily report through SMTP_URL when it is set, else writes .eml files under data/mail/
  const mail = createMailNotifier({
    smtpUrl: o.smtpUrl,
    compose: dailyMailComposer(core.store, core.roster),
    log: o.log?.child({ frontEnd: 'mail' }),
  });
  return { desk: core.desk, clock, passes: core.store, chart: chatDeps(core, clock).chart, mail };
}
