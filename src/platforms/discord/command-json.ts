/**
 * The `/complaint` application command, generated from `commands/` (one subcommand per CommandDef). Deploying
 * it is a separate step (deploy.ts); the running bot only reads interactions back through the same mapping.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS, type CommandDef, type Localized, type OptionDef } from '../../../commands/index.ts';
import { CATEGORY_SLUGS, FAULTS, INTAKE_CHANNELS, categoryNumber } from '../../core/domain/categories.ts';
import { label } from '../../core/i18n/messages.ts';
import { w } from './labels.ts';

export const DISCORD_COMMAND = 'complaint';

/** Discord's limits for application commands (developer docs, "Application Commands"). */
export const DISCORD_LIMITS = {
  name: /^[-_\p{L}\p{N}]{1,32}$/u,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  subcommands: 25,
  stringMaxLength: 6000,
  /** name + description + choice names/values of the whole command, per locale */
  totalChars: 8000,
} as const;

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function describe(d: Localized): Pick<APIApplicationCommandBasicOption, 'description' | 'description_localizations'> {
  return {
    description: clip(d.en || d['zh-CN'] || '-', DISCORD_LIMITS.description),
    description_localizations: { 'zh-CN': clip(d['zh-CN'] || d.en || '-', DISCORD_LIMITS.description) },
  };
}

function choice(value: string, en: string, zh: string): APIApplicationCommandOptionChoice<string> {
  return {
    name: clip(en, DISCORD_LIMITS.choiceName),
    name_localizations: { 'zh-CN': clip(zh, DISCORD_LIMITS.choiceName) },
    value,
  };
}

/** The name of the free-text option of a subcommand (`text`, `reason`), or null when it takes none. */
export function textOptionName(def: CommandDef): string | null {
  return def.text.mode === 'none' ? null : def.text.name.toLowerCase();
}

/**
 * Whether the text is required on Discord. `new` without its matter opens a modal instead (§9), so its text
 * option is optional there even though the grammar requires it.
 */
const textRequiredOnDiscord = (def: CommandDef): boolean => def.text.mode === 'required' && def.name !== 'new';

function option(o: OptionDef): APIApplicationCommandBasicOption {
  const base = { name: o.name, ...describe(o.description), required: !!o.required };
  switch (o.type) {
    case 'case':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true, max_length: 12 };
    case 'unit':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true, max_length: 64 };
    case 'handle':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'category':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: CATEGORY_SLUGS.map((s) =>
          choice(s, `${categoryNumber(s)} ${label('en', 'category', s)}`, `${categoryNumber(s)} ${label('zh-CN', 'category', s)}`),
        ),
      };
    case 'intake':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: INTAKE_CHANNELS.map((s) => choice(s, label('en', 'intake', s), label('zh-CN', 'intake', s))),
      };
    case 'fault':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: FAULTS.map((s) => choice(s, label('en', 'fault', s), label('zh-CN', 'fault', s))),
      };
    case 'filter':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: [
          choice('open', 'open', '未办结'),
          choice('mine', 'mine', '我的'),
          choice('overdue', 'overdue', '超时'),
        ],
      };
    case 'command':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: COMMANDS.map((c) => choice(c.name, c.name, c.name)),
      };
    case 'yesno':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'amount':
      return { ...base, type: ApplicationCommandOptionType.Number, min_value: 0.01, max_value: 999_999_999.99 };
    case 'phone':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 5, max_length: 32 };
    case 'name':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 1, max_length: 50 };
    case 'page':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 100_000 };
    case 'date':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 10, max_length: 10 };
    case 'time':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 4, max_length: 5 };
    case 'take':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
  }
}

function subcommandJson(def: CommandDef): APIApplicationCommandSubcommandOption {
  const options: APIApplicationCommandBasicOption[] = def.options.map(option);
  const textName = textOptionName(def);
  if (textName) {
    options.push({
      type: ApplicationCommandOptionType.String,
      name: textName,
      ...describe(def.text.description),
      required: textRequiredOnDiscord(def),
      max_length: Math.min(def.text.max, DISCORD_LIMITS.stringMaxLength),
    });
  }
  // Discord rejects a required option after an optional one; keep the grammar's order otherwise.
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: def.name,
    ...describe(def.summary),
    options: ordered,
  };
}

/** The body of `PUT /applications/:app/guilds/:guild/commands`. */
export function buildDiscordCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: DISCORD_COMMAND,
      description: w('en', 'command_description'),
      description_localizations: { 'zh-CN': w('zh-CN', 'command_description') },
      contexts: [InteractionContextType.Guild],
      options: COMMANDS.map(subcommandJson),
    },
  ];
}
