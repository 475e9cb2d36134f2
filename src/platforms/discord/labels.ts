/**
 * Discord-only interface words: button captions, modal titles and field labels (Discord caps a modal title and a
 * field label at 45 characters, a button caption at 80). Everything a person reads as a sentence (acks,
 * refusals, posts) still comes from src/core/messages.ts.
 */
import { label, type Locale } from '../../core/messages.ts';
import type { CaseCard } from '../../core/model.ts';

type ButtonAction = CaseCard['buttons'][number];

const words = {
  command_description: {
    'zh-CN': '投诉处理小组：受理、跟进、办结客户投诉',
    en: 'Complaint desk: open, follow up and resolve customer complaints',
  },
  modal_new: { 'zh-CN': '受理新投诉', en: 'New complaint' },
  modal_resolve: { 'zh-CN': '办结案件 {id}', en: 'Resolve case {id}' },
  modal_escalate: { 'zh-CN': '升级案件 {id}', en: 'Escalate case {id}' },
  field_matter: { 'zh-CN': '事由', en: 'Matter' },
  field_matter_hint: { 'zh-CN': '客户投诉的事由', en: 'What the customer complains about' },
  field_request: { 'zh-CN': '客户要求', en: 'Customer request' },
  field_request_hint: { 'zh-CN': '客户提出的要求（可不填）', en: 'What the customer asks for (optional)' },
  field_customer: { 'zh-CN': '客户姓名', en: 'Customer name' },
  field_phone: { 'zh-CN': '客户手机号', en: 'Customer phone' },
  field_category: { 'zh-CN': '投诉类别', en: 'Category' },
  field_fault: { 'zh-CN': '责任认定', en: 'Responsibility' },
  field_valid: { 'zh-CN': '是否有效投诉', en: 'Valid complaint?' },
  field_remarks: { 'zh-CN': '办结说明', en: 'Closing remarks' },
  field_reason: { 'zh-CN': '升级原因', en: 'Reason' },
  internal_error: {
    'zh-CN': '处理时出错，已记录。请稍后重试；如仍失败，请改用控制台或联系管理员。',
    en: 'Something went wrong; it has been logged. Please try again, or ask the administrator.',
  },
} satisfies Record<string, Record<Locale, string>>;

export type DiscordWord = keyof typeof words;

export function w(locale: Locale, key: DiscordWord, params: Record<string, string> = {}): string {
  return words[key][locale].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

/** Button captions: one set of words for every front end (src/core/messages.ts). */
export const buttonLabel = (locale: Locale, action: ButtonAction): string => label(locale, 'button', action);
