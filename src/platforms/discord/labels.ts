/**
 * Discord-only interface words: button captions, modal titles and field labels (Discord caps a modal title and a
 * field label at 45 characters, a button caption at 80). Everything a person reads as a sentence (acks,
 * refusals, posts) still comes from src/core/i18n/messages.ts.
 */
import { label, UI_WORDS, type Locale } from '../../core/i18n/messages.ts';
import type { CaseCard } from '../../core/domain/case.ts';

type ButtonAction = CaseCard['buttons'][number];

const words = {
  command_description: {
    'zh-CN': '投诉处理小组：受理、跟进、办结客户投诉',
    en: 'Complaint desk: open, follow up and resolve customer complaints',
  },
  modal_new: UI_WORDS.modal_new,
  modal_resolve: UI_WORDS.modal_resolve,
  modal_escalate: UI_WORDS.modal_escalate,
  field_matter: UI_WORDS.field_matter,
  field_matter_hint: { 'zh-CN': '客户投诉的事由', en: 'What the customer complains about' },
  field_request: UI_WORDS.field_request,
  field_request_hint: { 'zh-CN': '客户提出的要求（可不填）', en: 'What the customer asks for (optional)' },
  field_customer: { 'zh-CN': '客户姓名', en: 'Customer name' },
  field_phone: { 'zh-CN': '客户手机号', en: 'Customer phone' },
  field_category: { 'zh-CN': '投诉类别', en: 'Category' },
  field_fault: UI_WORDS.field_fault,
  field_valid: UI_WORDS.field_valid,
  field_remarks: { 'zh-CN': '办结说明', en: 'Closing remarks' },
  field_reason: UI_WORDS.field_reason,
  internal_error: UI_WORDS.internal_error,
} satisfies Record<string, Record<Locale, string>>;

type DiscordWord = keyof typeof words;

export function w(locale: Locale, key: DiscordWord, params: Record<string, string> = {}): string {
  return words[key][locale].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

/** Button captions: one set of words for every front end (src/core/i18n/messages.ts). */
export const buttonLabel = (locale: Locale, action: ButtonAction): string => label(locale, 'button', action);
