import { UI_WORDS, type Locale } from '../../core/i18n/messages.ts';

/**
 * Slack-only interface words (button captions, modal titles). Sentences the desk says live in
 * src/core/i18n/messages.ts; these are the few words only a Block Kit surface needs.
 */
const words = {
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

type SlackWord = keyof typeof words;

export function w(locale: Locale, key: SlackWord, params: Record<string, string> = {}): string {
  return words[key][locale].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

/** Card buttons → the subcommand each one runs: defined once in the core. */
export { CARD_BUTTON_COMMAND as BUTTON_COMMAND } from '../../core/domain/case.ts';
