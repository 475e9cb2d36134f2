/**
 * The chat platforms' own interface words: what only a Block Kit surface (Slack) or a Discord modal needs (button
 * captions, modal titles, field labels). Sentences the desk says are in messages.ts; the platforms read these
 * through their `w()` and keep nothing but layout.
 */
import { fill } from './fill.ts';
import { UI_WORDS, type Locale } from './messages.ts';

/** Slack-only words (Block Kit: modal titles ≤ 24 characters, button captions ≤ 75). */
export const SLACK_WORDS = {
  confirm_escalate_title: { 'zh-CN': '升级案件', en: 'Escalate the case' },
  confirm_escalate_text: { 'zh-CN': '将案件 {id} 上报上一级小组？', en: 'Escalate case {id} one level up?' },
  confirm_yes: { 'zh-CN': '确定', en: 'Yes' },
  modal_new_title: UI_WORDS.modal_new,
  modal_resolve_title: UI_WORDS.modal_resolve,
  modal_submit: { 'zh-CN': '提交', en: 'Submit' },
  modal_cancel: { 'zh-CN': '取消', en: 'Cancel' },
  modal_close: { 'zh-CN': '关闭', en: 'Close' },
  modal_done_title: { 'zh-CN': '已提交', en: 'Done' },
  field_matter: UI_WORDS.field_matter,
  field_request: UI_WORDS.field_request,
  field_vip_option: { 'zh-CN': 'VIP 客户', en: 'VIP customer' },
  field_status: { 'zh-CN': '状态', en: 'Status' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  valid_yes: { 'zh-CN': '有效投诉', en: 'Valid complaint' },
  valid_no: { 'zh-CN': '特殊投诉', en: 'Special complaint' },
  processing: { 'zh-CN': '已收到，正在处理，结果稍后发给您。', en: 'Got it; working on it. The answer follows shortly.' },
  internal_error: UI_WORDS.internal_error,
} satisfies Record<string, Record<Locale, string>>;

/** Discord-only words (a modal title and a field label ≤ 45 characters, a button caption ≤ 80). */
export const DISCORD_WORDS = {
  command_description: {
    'zh-CN': '投诉处理小组：受理、跟进、办结客户投诉',
    en: 'Complaint desk: open, follow up and resolve customer complaints',
  },
  more_description: { 'zh-CN': '其他命令', en: 'More commands' },
  more_command: { 'zh-CN': '命令', en: 'The command' },
  more_args: {
    'zh-CN': '命令其余部分，与 Slack 中相同，如 C3 operations',
    en: 'The rest of the command, as typed in Slack, e.g. C3 operations',
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

export type SlackWord = keyof typeof SLACK_WORDS;
export type DiscordWord = keyof typeof DISCORD_WORDS;

export const slackWord = (locale: Locale, key: SlackWord, params: Record<string, string> = {}): string =>
  fill(SLACK_WORDS[key][locale], params);
export const discordWord = (locale: Locale, key: DiscordWord, params: Record<string, string> = {}): string =>
  fill(DISCORD_WORDS[key][locale], params);
