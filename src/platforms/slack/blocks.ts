/**
 * Block Kit rendering: case cards with buttons, and modals built from the `commands/` definitions (the same
 * option list and zod schema the text grammar uses), plus reading and validating a modal's submitted state.
 */
import type { types } from '@slack/bolt';
import { EXPECTED, schemaFor, validate, type CommandDef, type OptionDef, type ParsedCommand } from '../../../commands/index.ts';
import { CATEGORY_SLUGS, FAULTS, INTAKE_CHANNELS, LINES, categoryNumber } from '../../core/domain/categories.ts';
import type { Refusal } from '../../core/domain/errors.ts';
import { isRefusal } from '../shared/front-desk.ts';
import { label, t, type Locale } from '../../core/i18n/messages.ts';
import type { CaseCard } from '../../core/domain/case.ts';
import type { Roster, TMember } from '../../core/domain/roster.ts';
import { clip, escapeMrkdwn, toSlackText } from './slack-text.ts';
import { BUTTON_COMMAND, w } from './slack-labels.ts';
import { SLACK_LIMITS } from './limits.ts';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;
type PlainTextOption = types.PlainTextOption;

export interface SlackRenderCtx {
  roster: Roster;
  locale: Locale;
}

const plain = (text: string, max: number = SLACK_LIMITS.sectionText) => ({
  type: 'plain_text' as const,
  text: clip(text, max),
  emoji: true,
});
const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText) => ({ type: 'mrkdwn' as const, text: clip(text, max) });

/** Action ids of the card buttons: `case_take`, `case_on_site`, … (the value is the case id, `C12`). */
export const CARD_ACTION = /^case_(take|on_site|replied|reported|resolve|escalate|contacted)$/;
export const NEW_CASE_CALLBACK = 'complaint_new';
export const RESOLVE_CALLBACK = 'complaint_resolve';

/** The case card: title, status and escalation line, fields, the category's guide, deadlines, buttons. */
export function cardBlocks(r: SlackRenderCtx, card: CaseCard, opts: { buttons: boolean }): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(card.title, SLACK_LIMITS.headerText) }];
  const status = `*${escapeMrkdwn(t(r.locale, 'label_status'))}:* ${escapeMrkdwn(card.statusLabel)}`;
  blocks.push({ type: 'section', text: mrkdwn(card.escalation ? `${status}\n${escapeMrkdwn(card.escalation)}` : status) });
  for (let i = 0; i < card.fields.length; i += SLACK_LIMITS.sectionFields) {
    blocks.push({
      type: 'section',
      fields: card.fields
        .slice(i, i + SLACK_LIMITS.sectionFields)
        .map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${toSlackText(r.roster, f.value)}`, SLACK_LIMITS.fieldText)),
    });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(`${escapeMrkdwn(t(r.locale, 'label_guide'))}: ${escapeMrkdwn(card.guide)}`)] });
  if (card.deadlines.length) {
    const lines = card.deadlines.map(
      (d) => `• ${escapeMrkdwn(d.label)} ${escapeMrkdwn(d.dueAt)}${escapeMrkdwn(t(r.locale, 'fmt_paren', { x: d.state }))}`,
    );
    blocks.push({ type: 'section', text: mrkdwn(`*${escapeMrkdwn(t(r.locale, 'label_deadlines'))}*\n${lines.join('\n')}`) });
  }
  if (opts.buttons && card.buttons.length) {
    blocks.push({
      type: 'actions',
      block_id: `case_actions:${card.id}`,
      elements: card.buttons.map((b) => ({
        type: 'button' as const,
        action_id: `case_${b}`,
        value: card.id,
        text: plain(label(r.locale, 'button', b), 75),
        ...(b === 'resolve' ? { style: 'primary' as const } : {}),
        ...(b === 'escalate'
          ? {
              style: 'danger' as const,
              confirm: {
                title: plain(w(r.locale, 'confirm_escalate_title'), 100),
                text: plain(w(r.locale, 'confirm_escalate_text', { id: card.id }), 300),
                confirm: plain(w(r.locale, 'confirm_yes'), 30),
                deny: plain(w(r.locale, 'modal_cancel'), 30),
              },
            }
          : {}),
      })),
    });
  }
  return blocks;
}

export { BUTTON_COMMAND };

// ------------------------------------------------------------------ modals from command definitions

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

/** Choices for an option type that has a closed set of values (a select in the modal). */
function choices(r: SlackRenderCtx, o: OptionDef): PlainTextOption[] | null {
  switch (o.type) {
    case 'unit':
      return r.roster.units.length <= 100 ? r.roster.units.map((u) => option(`${u.name} (${u.code})`, u.code)) : null;
    case 'category':
      return CATEGORY_SLUGS.map((c) => option(`${categoryNumber(c)} ${label(r.locale, 'category', c)}`, c));
    case 'intake':
      return INTAKE_CHANNELS.map((c) => option(label(r.locale, 'intake', c), c));
    case 'fault':
      return FAULTS.map((f) => option(label(r.locale, 'fault', f), f));
    case 'line':
      return LINES.map((l) => option(label(r.locale, 'line', l), l));
    case 'filter':
      return ['open', 'mine', 'overdue'].map((f) => option(f, f));
    default:
      return null;
  }
}

/** Input element for one option, by its type: a select, radio buttons, a checkbox, or a text input. */
function optionInput(r: SlackRenderCtx, def: CommandDef, o: OptionDef, initial?: string): KnownBlock {
  const actionId = o.name;
  const base = { type: 'input' as const, block_id: `opt_${o.name}`, optional: !o.required, label: plain(o.description[r.locale], 2000) };
  const list = choices(r, o);
  if (list) {
    const init = initial ? list.find((c) => c.value === initial) : undefined;
    return { ...base, element: { type: 'static_select', action_id: actionId, options: list, ...(init ? { initial_option: init } : {}) } };
  }
  if (o.type === 'yesno') {
    const yes = option(def.name === 'resolve' && o.name === 'valid' ? w(r.locale, 'valid_yes') : w(r.locale, 'yes'), 'yes');
    const no = option(def.name === 'resolve' && o.name === 'valid' ? w(r.locale, 'valid_no') : w(r.locale, 'no'), 'no');
    if (o.required) return { ...base, element: { type: 'radio_buttons', action_id: actionId, options: [yes, no] } };
    const box = option(o.name === 'vip' ? w(r.locale, 'field_vip_option') : o.description[r.locale], 'yes');
    return {
      ...base,
      element: { type: 'checkboxes', action_id: actionId, options: [box], ...(initial === 'yes' ? { initial_options: [box] } : {}) },
    };
  }
  const hint = t(r.locale, EXPECTED[o.type].key, EXPECTED[o.type].params);
  return {
    ...base,
    hint: plain(hint, 2000),
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      ...(initial ? { initial_value: initial } : {}),
      max_length: o.type === 'name' ? 50 : 200,
    },
  };
}

/** The modal for one subcommand: an input per option (minus `skip`), then its free text. */
function commandModal(
  r: SlackRenderCtx,
  def: CommandDef,
  o: {
    callbackId: string;
    title: string;
    privateMetadata: string;
    skip?: string[];
    initial?: Record<string, string>;
    textLabel?: string;
    request?: boolean;
  },
): ModalView {
  const blocks: KnownBlock[] = def.options
    .filter((x) => !(o.skip ?? []).includes(x.name))
    .map((x) => optionInput(r, def, x, o.initial?.[x.name]));
  if (def.text.mode !== 'none') {
    blocks.push({
      type: 'input',
      block_id: 'opt_text',
      optional: def.text.mode !== 'required',
      label: plain(o.textLabel ?? def.text.description[r.locale], 2000),
      element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: Math.min(3000, def.text.max) },
    });
  }
  if (o.request) {
    blocks.push({
      type: 'input',
      block_id: 'opt_request',
      optional: true,
      label: plain(w(r.locale, 'field_request'), 2000),
      element: { type: 'plain_text_input', action_id: 'request', multiline: true, max_length: 1000 },
    });
  }
  return {
    type: 'modal',
    callback_id: o.callbackId,
    private_metadata: clip(o.privateMetadata, 3000),
    title: plain(o.title, 24),
    submit: plain(w(r.locale, 'modal_submit'), 24),
    close: plain(w(r.locale, 'modal_cancel'), 24),
    blocks,
  };
}

/** `/complaint new` with no text: unit, category and intake selects, customer, VIP, matter and request. */
export function newCaseModal(r: SlackRenderCtx, def: CommandDef, actor: TMember, meta: { channel: string | null }): ModalView {
  return commandModal(r, def, {
    callbackId: NEW_CASE_CALLBACK,
    title: w(r.locale, 'modal_new_title'),
    privateMetadata: JSON.stringify(meta),
    initial: { unit: actor.unit, category: 'general', channel: 'walk_in' },
    textLabel: w(r.locale, 'field_matter'),
    request: true,
  });
}

/** The resolve button's small modal: responsibility and validity (and closing remarks). */
export function resolveModal(r: SlackRenderCtx, def: CommandDef, caseId: string, meta: { channel: string | null }): ModalView {
  return commandModal(r, def, {
    callbackId: RESOLVE_CALLBACK,
    title: w(r.locale, 'modal_resolve_title', { id: caseId }),
    privateMetadata: JSON.stringify({ ...meta, case: caseId }),
    skip: ['case'],
  });
}

/** After a successful submission the modal turns into this confirmation (no extra API call needed). */
export function doneView(r: SlackRenderCtx, text: string, card?: CaseCard): ModalView {
  return {
    type: 'modal',
    title: plain(w(r.locale, 'modal_done_title'), 24),
    close: plain(w(r.locale, 'modal_close'), 24),
    blocks: [{ type: 'section', text: mrkdwn(toSlackText(r.roster, text)) }, ...(card ? cardBlocks(r, card, { buttons: false }) : [])],
  };
}

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
};

/** Raw string values of a submitted modal, keyed by option name (as a text command would give them). */
export function readViewValues(def: CommandDef, state: Record<string, Record<string, StateValue>>): Record<string, string> {
  const raw: Record<string, string> = {};
  const get = (name: string): string | undefined => {
    const v = state[`opt_${name}`]?.[name];
    if (!v) return undefined;
    if (v.type === 'checkboxes') return v.selected_options?.length ? 'yes' : 'no';
    const s = v.selected_option?.value ?? v.value ?? undefined;
    return s === null || s === undefined ? undefined : String(s).trim();
  };
  for (const o of def.options) {
    const v = get(o.name);
    if (v) raw[o.name] = v;
  }
  const text = get('text');
  const request = get('request');
  // §9: the request follows the matter after " / ".
  const full = [text, request].filter(Boolean).join(' / ');
  if (full) raw.text = full;
  return raw;
}

/** The modal block a refusal is about, so Slack shows it under that field. */
function blockOfError(def: CommandDef, e: Refusal): string {
  const p = e.params;
  let field = '';
  // the parser names the field of a bad or missing value (never read back from the sentence)
  if (e.code === 'err_bad_value' || e.code === 'err_missing_arg') field = typeof p.field === 'string' ? p.field : '';
  else if (e.code === 'err_text_too_long') field = 'text';
  else if (e.code === 'err_unknown_unit') field = 'unit';
  else if (e.code === 'err_unknown_member') field = 'handle';
  field = field.toLowerCase();
  if (def.options.some((o) => o.name === field)) return `opt_${field}`;
  return 'opt_text';
}

/**
 * Validates a modal submission field by field with the command's own zod definitions (`validate`), so every
 * bad field gets its message at once; then the whole submission. Returns the parsed command or the errors
 * keyed by block id (`response_action: errors`).
 */
export function validateModal(
  def: CommandDef,
  raw: Record<string, string>,
  locale: Locale,
  provided: Record<string, string> = {},
): { ok: true; parsed: ParsedCommand } | { ok: false; errors: Record<string, string> } {
  const all = { ...provided, ...raw };
  const errors: Record<string, string> = {};
  const message = (e: Refusal) => t(locale, e.code, e.params);
  for (const o of def.options) {
    if (o.name in provided) continue;
    const one = { ...o, positional: false };
    const text: CommandDef['text'] = { ...def.text, mode: 'none' };
    const sub: CommandDef = { ...def, options: [one], text, schema: schemaFor([one], text) };
    try {
      validate(sub, o.name in all ? { [o.name]: all[o.name] } : {});
    } catch (e) {
      if (!isRefusal(e)) throw e;
      errors[`opt_${o.name}`] = message(e);
    }
  }
  if (def.text.mode !== 'none') {
    const sub: CommandDef = { ...def, options: [], schema: schemaFor([], def.text) };
    try {
      validate(sub, all.text !== undefined ? { text: all.text } : {});
    } catch (e) {
      if (!isRefusal(e)) throw e;
      errors.opt_text = message(e);
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  try {
    return { ok: true, parsed: validate(def, all) };
  } catch (e) {
    if (!isRefusal(e)) throw e;
    return { ok: false, errors: { [blockOfError(def, e)]: message(e) } };
  }
}
