/**
 * `complaint-desk discord:deploy`: registers the guild's `/complaint` command, generated from `commands/`.
 * Deploying is separate from running the bot (discord.js guide): run it once after each change to commands/.
 */
import { REST, Routes, type APIApplicationCommand, type RESTOptions } from 'discord.js';
import type { TConfig } from '../../cli/config.ts';
import { buildDiscordCommands } from './command-json.ts';
import { restBase } from './discord-app.ts';

export async function deployDiscordCommands(o: {
  token: string;
  applicationId: string;
  guildId: string;
  /** REST base, e.g. DISCORD_API_URL; default Discord's. */
  apiUrl?: string;
  rest?: Partial<RESTOptions>;
}): Promise<APIApplicationCommand[]> {
  const api = restBase(o.apiUrl);
  const rest = new REST({ ...o.rest, ...(api ? { api } : {}) }).setToken(o.token);
  // PUT replaces the guild's whole command set, so a removed subcommand disappears too.
  return (await rest.put(Routes.applicationGuildCommands(o.applicationId, o.guildId), {
    body: buildDiscordCommands(),
  })) as APIApplicationCommand[];
}

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
  });
  for (const c of stored) {
    const subs = (c.options ?? []).map((s) => s.name).join(', ');
    out.write(`registered /${c.name} (${c.id}) in guild ${config.DISCORD_GUILD_ID}: ${subs}\n`);
  }
  return 0;
}
