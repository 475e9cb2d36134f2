/**
 * Discord rendering: case cards as embeds with buttons, modals, mentions, and the custom ids that carry a
 * click or a modal back to the right use case. Pure functions over the core's CaseCard and Reply.
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
} from 'discord.js';
import { newCommand } from '../../../commands/new.ts';
import { resolveCommand } from '../../../commands/resolve.ts';
import { escalateCommand } from '../../../commands/escalate.ts';
import { CATEGORY_SLUGS, FAULTS, INTAKE_CHANNELS, categoryNumber, type CategorySlug } from '../../core/domain/categories.ts';
import { label, t, type Locale } from '../../core/i18n/messages.ts';
import type { CaseCard } from '../../core/domain/case.ts';
import type { Roster } from '../../core/domain/roster.ts';
import { clip, keepEnds, splitText } from '../shared/text.ts';
import { buttonLabel, w } from './labels.ts';

/** Discord's message limits: one place for every Discord limit. */
export { LIMITS } from './limits.ts';
import { DISCORD_FOLLOW_UPS, DISCORD_REPLY_CHARS, LIMITS } from './limits.ts';

/** One definition for every front end. */
export { clip } from '../shared/text.ts';

// ---------------------------------------------------------------------------------------------------------
// custom ids (≤ 100 characters): "cd:b:<action>:<case>", "cd:m:new:<unit>:<channel>:<vip>", "cd:m:<cmd>:<case>"
// ---------------------------------------------------------------------------------------------------------

export type CardAction = CaseCard['buttons'][number];
const ACTIONS: readonly CardAction[] = ['take', 'on_site', 'replied', 'reported', 'resolve', 'escalate', 'contacted'];

/** What each card button runs; resolve and escalate ask for details in a modal first. */
export { CARD_BUTTON_COMMAND as BUTTON_COMMAND } from '../../core/domain/case.ts';

export const buttonId = (action: CardAction, caseId: number): string => `cd:b:${action}:${caseId}`;

export type NewModalPreset = { unit?: string; channel?: string; vip?: boolean };

type ParsedCustomId =
  | { kind: 'button'; action: CardAction; caseId: number }
  | { kind: 'modal-new'; preset: NewModalPreset }
  | { kind: 'modal-case'; command: 'resolve' | 'escalate'; caseId: number };

export function newModalId(p: NewModalPreset): string {
  const vip = p.vip === undefined ? '' : p.vip ? 'y' : 'n';
  return `cd:m:new:${p.unit ?? ''}:${p.channel ?? ''}:${vip}`;
}

const caseModalId = (command: 'resolve' | 'escalate', caseId: number): string => `cd:m:${command}:${caseId}`;

export function parseCustomId(id: string): ParsedCustomId | null {
  const parts = id.split(':');
  if (parts[0] !== 'cd') return null;
  if (parts[1] === 'b' && parts.length === 4 && (ACTIONS as readonly string[]).includes(parts[2]) && /^\d{1,9}$/.test(parts[3])) {
    return { kind: 'button', action: parts[2] as CardAction, caseId: Number(parts[3]) };
  }
  if (parts[1] === 'm' && parts[2] === 'new' && parts.length === 6) {
    const [, , , unit, channel, vip] = parts;
    return {
      kind: 'modal-new',
      preset: {
        ...(unit ? { unit } : {}),
        ...(channel ? { channel } : {}),
        ...(vip ? { vip: vip === 'y' } : {}),
      },
    };
  }
  if (parts[1] === 'm' && (parts[2] === 'resolve' || parts[2] === 'escalate') && parts.length === 4 && /^\d{1,9}$/.test(parts[3])) {
    return { kind: 'modal-case', command: parts[2], caseId: Number(parts[3]) };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// mentions
// ---------------------------------------------------------------------------------------------------------

/** Turns "@handle" of roster members with a Discord id into "<@id>" (trailing "." or "-" is punctuation). */
export function withDiscordMentions(text: string, roster: Roster): string {
  return text.replace(/@([A-Za-z0-9_.-]+)/g, (whole, raw: string) => {
    for (let h = raw; h; h = h.replace(/[.-]$/, '')) {
      const id = roster.member(h)?.discord;
      if (id) return `<@${id}>${raw.slice(h.length)}`;
      if (!/[.-]$/.test(h)) break;
    }
    return whole;
  });
}

/** Discord ids of the handles a message must ping. */
export function mentionIds(handles: string[], roster: Roster): string[] {
  return [...new Set(handles.map((h) => roster.member(h)?.discord).filter((x): x is string => !!x))];
}

// ---------------------------------------------------------------------------------------------------------
// cards
// ---------------------------------------------------------------------------------------------------------

const COLOR = { open: 0x3498db, escalated: 0xe74c3c, resolved: 0x2ecc71 };

export function cardEmbed(card: CaseCard, locale: Locale, roster: Roster): APIEmbed {
  const fields = card.fields.map((f) => ({
    name: clip(f.label, LIMITS.fieldName),
    value: clip(withDiscordMentions(f.value, roster) || '-', LIMITS.fieldValue),
    inline: f.value.length <= 40,
  }));
  if (card.deadlines.length) {
    fields.push({
      name: t(locale, 'label_deadlines'),
      value: clip(
        card.deadlines.map((d) => `${d.label} ${d.dueAt}${t(locale, 'fmt_paren', { x: d.state })}`).join('\n'),
        LIMITS.fieldValue,
      ),
      inline: false,
    });
  }
  const description = [card.escalation, `${t(locale, 'label_guide')}: ${card.guide}`].filter(Boolean).join('\n');
  const embed: APIEmbed = {
    title: clip(card.title, LIMITS.embedTitle),
    description: clip(description, LIMITS.embedDescription),
    color: card.status === 'resolved' ? COLOR.resolved : card.escalation ? COLOR.escalated : COLOR.open,
    fields: fields.slice(0, 25),
    footer: { text: card.statusLabel },
  };
  // Long matters and requests could push the embed over Discord's 6000-character total: shorten the longest.
  while (embedSize(embed) > LIMITS.embedTotal && embed.fields?.length) {
    const longest = embed.fields.reduce((a, b) => (b.value.length > a.value.length ? b : a));
    longest.value = clip(longest.value, Math.max(20, Math.floor(longest.value.length / 2)));
  }
  return embed;
}

/** What Discord counts against a message's 6,000 characters of embeds. */
export function embedsChars(embeds: APIEmbed[]): number {
  return embeds.reduce((n, e) => n + embedSize(e), 0);
}

export function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

const BUTTON_STYLE: Record<CardAction, ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger> = {
  take: ButtonStyle.Primary,
  on_site: ButtonStyle.Secondary,
  replied: ButtonStyle.Secondary,
  reported: ButtonStyle.Secondary,
  resolve: ButtonStyle.Success,
  escalate: ButtonStyle.Danger,
  contacted: ButtonStyle.Primary,
};

/** The card's buttons, five to a row; none once the case is resolved. */
export function cardButtons(card: CaseCard, caseId: number, locale: Locale): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const buttons: APIButtonComponentWithCustomId[] = card.buttons.map((a) => ({
    type: ComponentType.Button,
    style: BUTTON_STYLE[a],
    label: buttonLabel(locale, a),
    custom_id: buttonId(a, caseId),
  }));
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (let i = 0; i < buttons.length; i += 5) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5) });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// modals (at most five components; a Label wraps a text input or a select)
// ---------------------------------------------------------------------------------------------------------

const desc = (locale: Locale, d: { 'zh-CN': string; en: string }): string => clip(d[locale] || d.en, 100);

function textField(
  id: string,
  labelText: string,
  o: { style: TextInputStyle; required: boolean; max: number; value?: string; description?: string; min?: number },
): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: clip(labelText, 45),
    ...(o.description ? { description: o.description } : {}),
    component: {
      type: ComponentType.TextInput,
      custom_id: id,
      style: o.style,
      required: o.required,
      max_length: o.max,
      ...(o.min ? { min_length: o.min } : {}),
      ...(o.value ? { value: clip(o.value, o.max) } : {}),
    },
  };
}

function selectField(
  id: string,
  labelText: string,
  options: APISelectMenuOption[],
  o: { required: boolean; description?: string },
): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: clip(labelText, 45),
    ...(o.description ? { description: o.description } : {}),
    component: {
      type: ComponentType.StringSelect,
      custom_id: id,
      options: options.slice(0, 25),
      min_values: o.required ? 1 : 0,
      max_values: 1,
      required: o.required,
    },
  };
}

const opt = (value: string, text: string, isDefault = false, description?: string): APISelectMenuOption => ({
  label: clip(text, 100),
  value,
  ...(description ? { description: clip(description, 100) } : {}),
  ...(isDefault ? { default: true } : {}),
});

/**
 * §9 `new` without a matter: matter, request, customer, phone and category in a modal. Unit, intake channel
 * and VIP (given as slash options, or the defaults) travel in the modal's custom id.
 */
export function newCaseModal(
  locale: Locale,
  preset: NewModalPreset & { category?: CategorySlug; customer?: string; phone?: string },
): APIModalInteractionResponseCallbackData {
  const opt_ = (name: string) => newCommand.options.find((o) => o.name === name)!.description;
  const category = preset.category ?? 'general';
  return {
    custom_id: newModalId(preset),
    title: w(locale, 'modal_new'),
    components: [
      textField('matter', w(locale, 'field_matter'), {
        style: TextInputStyle.Paragraph,
        required: true,
        max: newCommand.text.max,
        description: w(locale, 'field_matter_hint'),
      }),
      textField('request', w(locale, 'field_request'), {
        style: TextInputStyle.Paragraph,
        required: false,
        max: 1000,
        description: w(locale, 'field_request_hint'),
      }),
      textField('customer', w(locale, 'field_customer'), {
        style: TextInputStyle.Short,
        required: false,
        max: 50,
        value: preset.customer,
        description: desc(locale, opt_('customer')),
      }),
      textField('phone', w(locale, 'field_phone'), {
        style: TextInputStyle.Short,
        required: false,
        max: 32,
        value: preset.phone,
        description: desc(locale, opt_('phone')),
      }),
      selectField(
        'category',
        w(locale, 'field_category'),
        CATEGORY_SLUGS.map((s) =>
          opt(s, `${categoryNumber(s)} ${label(locale, 'category', s)}`, s === category, label(locale, 'guide', s)),
        ),
        { required: false },
      ),
    ],
  };
}

export function resolveModal(locale: Locale, caseId: number): APIModalInteractionResponseCallbackData {
  const o = (name: string) => resolveCommand.options.find((x) => x.name === name)!.description;
  return {
    custom_id: caseModalId('resolve', caseId),
    title: w(locale, 'modal_resolve', { id: `C${caseId}` }),
    components: [
      selectField(
        'fault',
        w(locale, 'field_fault'),
        FAULTS.map((f) => opt(f, label(locale, 'fault', f))),
        {
          required: true,
          description: desc(locale, o('fault')),
        },
      ),
      selectField(
        'valid',
        w(locale, 'field_valid'),
        [opt('yes', label(locale, 'validity', 'valid')), opt('no', label(locale, 'validity', 'special'))],
        { required: true, description: desc(locale, o('valid')) },
      ),
      textField('text', w(locale, 'field_remarks'), {
        style: TextInputStyle.Paragraph,
        required: false,
        max: resolveCommand.text.max,
        description: desc(locale, resolveCommand.text.description),
      }),
    ],
  };
}

export function escalateModal(locale: Locale, caseId: number): APIModalInteractionResponseCallbackData {
  return {
    custom_id: caseModalId('escalate', caseId),
    title: w(locale, 'modal_escalate', { id: `C${caseId}` }),
    components: [
      textField('text', w(locale, 'field_reason'), {
        style: TextInputStyle.Paragraph,
        required: false,
        max: escalateCommand.text.max,
        description: desc(locale, escalateCommand.text.description),
      }),
    ],
  };
}

/** Intake channels are few enough to validate a preset before it goes into a custom id. */
export const isIntake = (s: string): boolean => (INTAKE_CHANNELS as readonly string[]).includes(s);

// ---------------------------------------------------------------------------------------------------------
// text that may be longer than a message
// ---------------------------------------------------------------------------------------------------------

/** Content when it fits in a message; otherwise the text goes into an embed description (4096). */
export function textBody(text: string): { content?: string; embeds?: APIEmbed[] } {
  return textBodies(text)[0];
}

/**
 * Text as Discord messages, each within its limits: content when it fits (2,000), else one embed per message
 * (descriptions of at most DISCORD_REPLY_CHARS, cut at line ends or separators), at most 1 + DISCORD_FOLLOW_UPS
 * messages. Nothing is cut silently: the last part, which says how to see the rest, always goes out.
 */
export function textBodies(text: string): { content?: string; embeds?: APIEmbed[] }[] {
  if (text.length <= LIMITS.content) return [{ content: text }];
  return keepEnds(splitText(text, DISCORD_REPLY_CHARS), 1 + DISCORD_FOLLOW_UPS, DISCORD_REPLY_CHARS).map((part) => ({
    embeds: [{ description: part }],
  }));
}
