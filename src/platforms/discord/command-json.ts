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
import { COMMANDS, UP_LEVELS, type CommandDef, type Localized, type OptionDef } from '../../../commands/index.ts';
import { CATEGORY_SLUGS, FAULTS, INTAKE_CHANNELS, LINES, categoryNumber } from '../../core/domain/categories.ts';
import { label } from '../../core/i18n/messages.ts';
import { w } from './labels.ts';

export const DISCORD_COMMAND = 'complaint';

/** Discord's limits for application commands: one place for every Discord limit. */
export { DISCORD_LIMITS } from './limits.ts';
import { DISCORD_LIMITS } from './limits.ts';

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
        choices: [choice('open', 'open', '未办结'), choice('mine', 'mine', '我的'), choice('overdue', 'overdue', '超时')],
      };
    case 'command':
      // more commands than a choice list holds (25): picked by autocomplete instead
      return COMMANDS.length <= DISCORD_LIMITS.choices
        ? { ...base, type: ApplicationCommandOptionType.String, choices: COMMANDS.map((c) => choice(c.name, c.name, c.name)) }
        : { ...base, type: ApplicationCommandOptionType.String, autocomplete: true, max_length: 20 };
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
    case 'moment':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 4, max_length: 16 };
    case 'result':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: (['satisfied', 'basically', 'unsatisfied'] as const).map((s) =>
          choice(s, label('en', 'callback', s), label('zh-CN', 'callback', s)),
        ),
      };
    case 'line':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: LINES.map((s) => choice(s, label('en', 'line', s), label('zh-CN', 'line', s))),
      };
    case 'level':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: UP_LEVELS.map((l) => choice(l, label('en', 'level', l), label('zh-CN', 'level', l))),
      };
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

/**
 * Discord holds at most 25 subcommands under one command; the grammar has more. The ones used least in a shift go
 * through one subcommand, `more`, whose `command` picks the command and whose `args` carries the rest of the line as
 * typed in Slack or the console (§9: one grammar), e.g. `/complaint more command:line args:C3 operations`.
 */
export const DISCORD_OVERFLOW: readonly string[] = ['formal', 'scorecard', 'worklog', 'contacts', 'notice', 'line'];
export const MORE_SUBCOMMAND = 'more';
/** The commands that are subcommands of their own on Discord, in the grammar's order. */
export const directCommands = (): readonly CommandDef[] =>
  COMMANDS.length <= DISCORD_LIMITS.subcommands ? COMMANDS : COMMANDS.filter((c) => !DISCORD_OVERFLOW.includes(c.name));
/** The commands reached through `more`. */
export const overflowCommands = (): readonly CommandDef[] => COMMANDS.filter((c) => !directCommands().includes(c));

function moreSubcommand(): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: MORE_SUBCOMMAND,
    ...describe({
      'zh-CN': `${w('zh-CN', 'more_description')}：${overflowCommands()
        .map((c) => c.name)
        .join('、')}`,
      en: `${w('en', 'more_description')}: ${overflowCommands()
        .map((c) => c.name)
        .join(', ')}`,
    }),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'command',
        ...describe({ 'zh-CN': w('zh-CN', 'more_command'), en: w('en', 'more_command') }),
        required: true,
        choices: overflowCommands().map((c) =>
          choice(c.name, `${c.name}: ${clip(c.summary.en, 80)}`, `${c.name}：${clip(c.summary['zh-CN'], 80)}`),
        ),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'args',
        ...describe({ 'zh-CN': w('zh-CN', 'more_args'), en: w('en', 'more_args') }),
        required: false,
        max_length: DISCORD_LIMITS.stringMaxLength,
      },
    ],
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
      options: [...directCommands().map(subcommandJson), ...(overflowCommands().length ? [moreSubcommand()] : [])],
    },
  ];
}
