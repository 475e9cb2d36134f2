/**
 * §17 the work-order API's own words (its refusals, read by the people who connect the hotline's ticket system), in
 * both locales. A field's expected form is the same sentence `/complaint new` uses (messages.ts `expected_*`).
 */
import { fill } from './fill.ts';
import type { Locale } from './messages.ts';

const API_WORDS = {
  disabled: { 'zh-CN': '工单接口未启用（未设置 API_TOKENS）。', en: 'The work-order API is not enabled (API_TOKENS is not set).' },
  no_route: { 'zh-CN': '没有这个接口：见 /api/v1/openapi.json。', en: 'No such endpoint: see /api/v1/openapi.json.' },
  unauthorized: {
    'zh-CN': '缺少或错误的令牌：请发送 Authorization: Bearer 令牌。',
    en: 'Missing or wrong token: send Authorization: Bearer TOKEN.',
  },
  rate: {
    'zh-CN': '请求过多：每个令牌每分钟最多 {rate} 次，请 {seconds} 秒后重试。',
    en: 'Too many requests: at most {rate} a minute per token; retry in {seconds} s.',
  },
  not_json: {
    'zh-CN': '请求体须为 JSON（Content-Type: application/json）。',
    en: 'The body must be JSON (Content-Type: application/json).',
  },
  bad_json: { 'zh-CN': '请求体不是有效的 JSON。', en: 'The body is not valid JSON.' },
  too_large: { 'zh-CN': '请求体超过 {max} KB。', en: 'The body is over {max} KB.' },
  idem_too_long: { 'zh-CN': 'Idempotency-Key 最长 128 个字符。', en: 'Idempotency-Key is at most 128 characters.' },
  no_case: { 'zh-CN': '本令牌没有案件 {id}。', en: 'This token has no case {id}.' },
  method: { 'zh-CN': '此接口只接受 {allow}。', en: 'This endpoint takes {allow} only.' },
  required: { 'zh-CN': '必填：{expected}', en: 'required: {expected}' },
  expected: { 'zh-CN': '应为{expected}', en: 'expected {expected}' },
  unknown_field: { 'zh-CN': '未知字段：{fields}（可用字段：{known}）', en: 'unknown field: {fields} (fields: {known})' },
  expected_boolean: { 'zh-CN': 'true 或 false', en: 'true or false' },
  expected_matter: { 'zh-CN': '1 到 {max} 个字的事由', en: 'the matter, 1 to {max} characters' },
  expected_request: { 'zh-CN': '不超过 {max} 个字的客户要求', en: "the customer's request, at most {max} characters" },
  expected_external_id: { 'zh-CN': '1 到 128 个可见 ASCII 字符的工单号', en: 'a ticket id of 1 to 128 visible ASCII characters' },
} satisfies Record<string, Record<Locale, string>>;

export type ApiWord = keyof typeof API_WORDS;

export function apiWord(locale: Locale, word: ApiWord, params: Record<string, string | number> = {}): string {
  return fill(API_WORDS[word][locale], params);
}
