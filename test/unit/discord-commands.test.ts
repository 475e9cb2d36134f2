/**
 * The generated `/complaint` application command against Discord's limits and against commands/.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, type APIApplicationCommandSubcommandOption } from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { CATEGORY_SLUGS, INTAKE_CHANNELS } from '../../src/core/domain/categories.ts';
import {
  DISCORD_COMMAND,
  DISCORD_LIMITS,
  DISCORD_OVERFLOW,
  MORE_SUBCOMMAND,
  buildDiscordCommands,
  textOptionName,
} from '../../src/platforms/discord/command-json.ts';
import {
  newCaseModal,
  parseCustomId,
  resolveModal,
  withDiscordMentions,
  buttonId,
  newModalId,
} from '../../src/platforms/discord/render.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { readFileSync } from 'node:fs';
import { DEMO_ROSTER } from '../../src/cli/config.ts';

const [command] = buildDiscordCommands();
const subs = command.options as APIApplicationCommandSubcommandOption[];
const leaves = (s: APIApplicationCommandSubcommandOption) => s.options ?? [];

function checkName(name: string) {
  expect(name, name).toMatch(DISCORD_LIMITS.name);
  expect(name, `${name} must be lowercase`).toBe(name.toLowerCase());
}

function checkDescription(d: string | undefined, loc: Record<string, string | null> | null | undefined, where: string) {
  expect(d?.length, where).toBeGreaterThanOrEqual(1);
  expect(d!.length, where).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  for (const [k, v] of Object.entries(loc ?? {})) {
    expect(v?.length, `${where} ${k}`).toBeGreaterThanOrEqual(1);
    expect(v!.length, `${where} ${k}`).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  }
}

describe('Discord /complaint command JSON', () => {
  it('is one chat-input command with a valid name and description', () => {
    expect(buildDiscordCommands()).toHaveLength(1);
    expect(command.name).toBe(DISCORD_COMMAND);
    checkName(command.name);
    checkDescription(command.description, command.description_localizations, 'command');
  });

  it('has one subcommand per entry in COMMANDS, in order, within the subcommand limit (the rest through `more`)', () => {
    const direct = COMMANDS.filter((c) => !DISCORD_OVERFLOW.includes(c.name));
    expect(subs.map((s) => s.name)).toEqual([...direct.map((c) => c.name), MORE_SUBCOMMAND]);
    expect(subs.length).toBeLessThanOrEqual(DISCORD_LIMITS.subcommands);
    // every command is reachable: a subcommand of its own, or a choice of `more`
    const more = subs.find((s) => s.name === MORE_SUBCOMMAND)!;
    const choices = (leaves(more).find((o) => o.name === 'command') as { choices: { value: string }[] }).choices.map((c) => c.value);
    expect([...direct.map((c) => c.name), ...choices].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const s of subs) expect(s.type).toBe(ApplicationCommandOptionType.Subcommand);
  });

  it('respects names, descriptions, option and choice limits, and puts required options first', () => {
    for (const s of subs) {
      checkName(s.name);
      checkDescription(s.description, s.description_localizations, s.name);
      const opts = leaves(s);
      expect(opts.length, s.name).toBeLessThanOrEqual(DISCORD_LIMITS.options);
      expect(new Set(opts.map((o) => o.name)).size, `${s.name}: duplicate option names`).toBe(opts.length);
      const firstOptional = opts.findIndex((o) => !o.required);
      if (firstOptional >= 0)
        expect(
          opts.slice(firstOptional).every((o) => !o.required),
          `${s.name}: required after optional`,
        ).toBe(true);
      for (const o of opts) {
        checkName(o.name);
        checkDescription(o.description, o.description_localizations, `${s.name}.${o.name}`);
        if ('choices' in o && o.choices) {
          expect(o.choices.length, `${s.name}.${o.name}`).toBeLessThanOrEqual(DISCORD_LIMITS.choices);
          expect('autocomplete' in o && o.autocomplete, 'choices and autocomplete exclude each other').toBeFalsy();
          for (const c of o.choices) {
            expect(c.name.length).toBeGreaterThanOrEqual(1);
            expect(c.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
            expect(String(c.value).length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceValue);
            for (const v of Object.values(c.name_localizations ?? {})) expect(v!.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
          }
        }
        if ('max_length' in o && o.max_length !== undefined) expect(o.max_length).toBeLessThanOrEqual(DISCORD_LIMITS.stringMaxLength);
      }
    }
  });

  it('stays under the 8000-character total per locale', () => {
    const total = (loc: 'en' | 'zh-CN') => {
      const d = (x: { description: string; description_localizations?: Record<string, string | null> | null }) =>
        loc === 'en' ? x.description : (x.description_localizations?.['zh-CN'] ?? x.description);
      let n = command.name.length + d(command).length;
      for (const s of subs) {
        n += s.name.length + d(s).length;
        for (const o of leaves(s)) {
          n += o.name.length + d(o).length;
          for (const c of ('choices' in o && o.choices) || []) {
            n += (loc === 'en' ? c.name : (c.name_localizations?.['zh-CN'] ?? c.name)).length + String(c.value).length;
          }
        }
      }
      return n;
    };
    expect(total('en')).toBeLessThanOrEqual(DISCORD_LIMITS.totalChars);
    expect(total('zh-CN')).toBeLessThanOrEqual(DISCORD_LIMITS.totalChars);
  });

  it('types every option from its definition', () => {
    for (const def of COMMANDS.filter((c) => !DISCORD_OVERFLOW.includes(c.name))) {
      const s = subs.find((x) => x.name === def.name)!;
      for (const o of def.options) {
        const j = leaves(s).find((x) => x.name === o.name);
        expect(j, `${def.name}.${o.name}`).toBeDefined();
        expect(!!j!.required, `${def.name}.${o.name} required`).toBe(!!o.required);
        const expected = {
          case: ApplicationCommandOptionType.String,
          unit: ApplicationCommandOptionType.String,
          handle: ApplicationCommandOptionType.User,
          yesno: ApplicationCommandOptionType.Boolean,
          amount: ApplicationCommandOptionType.Number,
        }[o.type as string];
        if (expected) expect(j!.type, `${def.name}.${o.name}`).toBe(expected);
        if (o.type === 'case' || o.type === 'unit') expect(j).toMatchObject({ autocomplete: true });
        if (o.type === 'category') expect((j as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual([...CATEGORY_SLUGS]);
        if (o.type === 'intake') expect((j as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual([...INTAKE_CHANNELS]);
      }
      const textName = textOptionName(def);
      if (textName) {
        const t = leaves(s).find((x) => x.name === textName)!;
        expect(t).toMatchObject({ type: ApplicationCommandOptionType.String, max_length: def.text.max });
        // `new` without its matter opens a modal, so on Discord its text is optional.
        expect(!!t.required).toBe(def.text.mode === 'required' && def.name !== 'new');
      } else {
        expect(leaves(s).length).toBe(def.options.length);
      }
    }
  });
});

describe('Discord rendering helpers', () => {
  const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'), DEMO_ROSTER);

  it('round-trips custom ids within 100 characters', () => {
    expect(parseCustomId(buttonId('take', 12))).toEqual({ kind: 'button', action: 'take', caseId: 12 });
    const id = newModalId({ unit: 'X'.repeat(64), channel: 'consumer_association', vip: true });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(id)).toEqual({ kind: 'modal-new', preset: { unit: 'X'.repeat(64), channel: 'consumer_association', vip: true } });
    expect(parseCustomId(newModalId({}))).toEqual({ kind: 'modal-new', preset: {} });
    expect(parseCustomId('cd:m:resolve:7')).toEqual({ kind: 'modal-case', command: 'resolve', caseId: 7 });
    expect(parseCustomId('cd:b:nope:7')).toBeNull();
    expect(parseCustomId('other')).toBeNull();
  });

  it('builds modals within Discord limits (≤ 5 components, title ≤ 45)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const m of [newCaseModal(locale, { category: 'atm' }), resolveModal(locale, 123456789)]) {
        expect(m.title.length).toBeLessThanOrEqual(45);
        expect(m.components.length).toBeLessThanOrEqual(5);
        expect(m.custom_id.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('turns roster @handles into Discord mentions', () => {
    expect(withDiscordMentions('@zhang please call @li.', roster)).toBe('<@1001> please call <@100000000000000031>.');
    expect(withDiscordMentions('@nobody stays', roster)).toBe('@nobody stays');
  });
});
