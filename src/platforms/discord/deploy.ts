/**
 * Registers the guild's `/complaint` command, generated from `commands/`.
 * Deploying is separate from running the bot (discord.js guide): run it once after each change to commands/ (`complaint-desk discord:deploy`, src/cli/deploy.ts).
 */
import { REST, Routes, type APIApplicationCommand, type RESTOptions } from 'discord.js';
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
