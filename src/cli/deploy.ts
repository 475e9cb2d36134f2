/** `complaint-desk discord:deploy`: registers `/complaint` in DISCORD_GUILD_ID, from the environment. */
import { deployDiscordCommands } from '../platforms/discord/deploy.ts';
import type { TConfig } from './config.ts';
import { reasonOf, StartupError } from '../startup-error.ts';

/** The CLI command: 0 when deployed, 2 when the configuration is incomplete. */
export async function discordDeployCommand(
  config: Pick<TConfig, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'>,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const missing = (['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'] as const).filter((k) => !config[k]);
  if (missing.length) {
    err.write(`complaint-desk discord:deploy: set ${missing.join(', ')}\n`);
    return 2;
  }
  const stored = await deployDiscordCommands({
    token: config.DISCORD_TOKEN!,
    applicationId: config.DISCORD_APPLICATION_ID!,
    guildId: config.DISCORD_GUILD_ID!,
    apiUrl: config.DISCORD_API_URL,
  }).catch((e: unknown) => {
    // what failed, where, why and what to do, in one line (printed by main.ts, exit status 1)
    const status = (e as { status?: unknown }).status;
    throw new StartupError(
      {
        what: 'cannot register /complaint with Discord at',
        where: `${config.DISCORD_API_URL ?? 'https://discord.com/api'} (DISCORD_API_URL)`,
        why: reasonOf(e),
        hint:
          status === 401
            ? 'check DISCORD_TOKEN (the bot token of the application)'
            : status === 403 || status === 404
              ? 'check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID, and that the app was added to the server with the applications.commands scope'
              : 'check that this machine reaches Discord (proxy, firewall), or unset DISCORD_API_URL, then run it again',
      },
      { cause: e },
    );
  });
  for (const c of stored) {
    const subs = (c.options ?? []).map((s) => s.name).join(', ');
    out.write(`registered /${c.name} (${c.id}) in guild ${config.DISCORD_GUILD_ID}: ${subs}\n`);
  }
  return 0;
}
