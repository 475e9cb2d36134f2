/**
 * Every user-facing sentence, in both locales, keyed. Front ends and the core never build sentences elsewhere.
 * Placeholders are `{name}`.
 */
import type { Locale } from './locale.ts';
export type { Locale } from './locale.ts';

import { fill } from './fill.ts';
import { PAPERWORK_MESSAGES } from './paperwork-messages.ts';

import { DUTY_WORDS } from './duty-words.ts';
import { CONSOLE_WORDS } from './console-words.ts';
import { SUMMARY_WORDS } from './summary-words.ts';
import { CLOCK_WORDS } from './clock-words.ts';
import { CONTACTS_WORDS } from './contacts-words.ts';
import { PEOPLE_WORDS } from './people-words.ts';

const table = {
  ...PAPERWORK_MESSAGES,
  ...DUTY_WORDS,
  ...CONSOLE_WORDS,
  ...SUMMARY_WORDS,
  ...CLOCK_WORDS,
  ...CONTACTS_WORDS,
  ...PEOPLE_WORDS,
  // ---- refusals ----
  err_not_in_roster: {
    'zh-CN': '您不在投诉处理小组名单中（{who}），无法使用本机器人。如需加入，请联系本单位投诉联络人。',
    en: "You ({who}) are not on the complaint group roster, so the bot cannot act for you. Ask your unit's complaint liaison to add you.",
  },
  err_unknown_command: {
    'zh-CN': '未知子命令「{name}」。可用：{list}。输入 /complaint help 查看用法。',
    en: 'Unknown subcommand "{name}". Available: {list}. Type /complaint help for usage.',
  },
  err_empty: {
    'zh-CN': '请在 /complaint 后输入子命令，例如 /complaint help。',
    en: 'Type a subcommand after /complaint, e.g. /complaint help.',
  },
  err_missing_arg: { 'zh-CN': '缺少{what}。', en: 'Missing {what}.' },
  err_bad_value: {
    'zh-CN': '{field} 的值「{value}」无效：应为 {expected}。',
    en: '{field} value "{value}" is not valid: expected {expected}.',
  },
  err_unknown_option: {
    'zh-CN': '不认识的选项「{name}」。此命令可用的选项：{allowed}。',
    en: 'Unknown option "{name}". Options this command takes: {allowed}.',
  },
  err_duplicate_option: { 'zh-CN': '选项「{name}」重复。', en: 'Option "{name}" is given twice.' },
  err_unexpected_text: { 'zh-CN': '多余的内容「{text}」。', en: 'Unexpected text "{text}".' },
  err_text_too_long: {
    'zh-CN': '{thing}太长（{length} 字），最多 {max} 字。',
    en: '{field} is too long ({length} characters); at most {max}.',
  },
  err_unclosed_quote: {
    'zh-CN': '引号没有闭合：{text}。请在值的末尾补上 {close}，如 customer="张 三"；值中没有空格时可不加引号。',
    en: 'Unclosed quote in {text}: end the value with {close}, e.g. customer="John Smith"; a value without spaces needs no quotes.',
  },
  thing_command: { 'zh-CN': '命令', en: 'command' },
  thing_text: { 'zh-CN': '文字', en: 'text' },
  err_unknown_case: { 'zh-CN': '没有编号为 {id} 的投诉案件。', en: 'There is no case {id}.' },
  err_unknown_unit: { 'zh-CN': '没有代码为「{code}」的单位。', en: 'There is no unit with code "{code}".' },
  err_unknown_member: { 'zh-CN': '名单中没有「@{handle}」。', en: 'There is no roster member "@{handle}".' },
  err_forbidden: {
    'zh-CN': '您无权处理案件 {id}：只有受理人、首问负责人、承办人及其上级小组的组长/副组长可以操作。',
    en: 'You may not act on case {id}: only its opener, first-responsible owner, handler, and the leaders of the groups above it may.',
  },
  err_resolved: {
    'zh-CN': '案件 {id} 已办结，不能再{action}。如客户再次投诉，请使用 /complaint reopen {id}。',
    en: 'Case {id} is resolved; it cannot be {action} any more. If the customer comes back, use /complaint reopen {id}.',
  },
  err_already_status: {
    'zh-CN': '案件 {id} 已经是「{status}」状态，无需重复标记。',
    en: 'Case {id} is already "{status}"; nothing to mark again.',
  },
  err_step_passed: {
    'zh-CN': '案件 {id} 已进行到「{status}」，「{target}」这一步已经过去，无需再标记。',
    en: 'Case {id} is already "{status}", past the "{target}" step; nothing to mark.',
  },
  err_not_transferred: {
    'zh-CN':
      '案件 {id} 没有移交过：/complaint start 用于接收上级移交的案件后开始处理。本单位的案件请直接 /complaint arrive、reply 或 report。',
    en: 'Case {id} was never transferred: /complaint start is for a unit that received a transferred case. For your own case use /complaint arrive, reply or report.',
  },
  err_not_resolved: {
    'zh-CN': '案件 {id} 尚未办结（状态「{status}」），无需重开。',
    en: 'Case {id} is not resolved (status "{status}"), so it cannot be reopened.',
  },
  err_top_level: {
    'zh-CN': '案件 {id} 已在省行层级，无法再向上{action}。',
    en: 'Case {id} is already at province level; it cannot be {action} further up.',
  },
  err_pay_category: {
    'zh-CN': '紧急支付只适用于第4类「紧急取现」案件，案件 {id} 的类别是「{category}」。',
    en: 'Emergency payments are only for category 4 (urgent_cash); case {id} is "{category}".',
  },
  err_pay_no_customer: {
    'zh-CN': '案件 {id} 没有登记客户手机号或姓名，无法核对支付限额。请先补登客户信息。',
    en: 'Case {id} has no customer phone or name, so the payment limit cannot be checked.',
  },
  err_pay_limit: {
    'zh-CN': '超出紧急支付限额：该客户（{kind}）上限 {limit} 元，已支付 {paid} 元，本次最多还可支付 {left} 元。',
    en: 'Over the emergency payment limit: this {kind} customer may receive {limit} in total, {paid} already paid, so at most {left} more.',
  },
  err_already_assigned: { 'zh-CN': '@{handle} 已经是案件 {id} 的承办人。', en: '@{handle} already handles case {id}.' },
  err_already_started: { 'zh-CN': '案件 {id} 已开始处理。', en: 'Work on case {id} has already started.' },
  err_no_summary_unit: {
    'zh-CN': '单位「{code}」没有汇总：请选择分行或省行代码。',
    en: 'Unit "{code}" has no summary of its own: choose a branch or the province.',
  },
  err_bad_date: { 'zh-CN': '日期「{value}」无效：应为 YYYY-MM-DD。', en: 'Date "{value}" is not valid: expected YYYY-MM-DD.' },
  err_page_past_end: {
    'zh-CN': '没有第 {page} 页：共 {count} 件，只有 {pages} 页。最后一页：{command}',
    en: 'There is no page {page}: {count} cases make {pages} pages. The last page: {command}',
  },
  err_duplicate_request: { 'zh-CN': '该请求已处理。', en: 'This request was already processed.' },
  expected_form: { 'zh-CN': '用法：{usage}', en: 'Usage: {usage}' },
  arg_expected: { 'zh-CN': '{name}（{expected}）', en: '{name} ({expected})' },
  arg_expected_placeholder: { 'zh-CN': '{expected}', en: '{name} ({expected})' },
  arg_text_expected: { 'zh-CN': '文字内容', en: '{name} ({expected})' },

  // ---- what each kind of option accepts (refusals and help) ----
  expected_case: { 'zh-CN': '案件编号，如 C12', en: 'a case id such as C12' },
  expected_handle: { 'zh-CN': '名单中的成员，写作 @用户名', en: 'a roster member as @handle' },
  expected_unit: { 'zh-CN': '单位代码，如 OUT-12', en: 'a unit code such as OUT-12' },
  expected_category: {
    'zh-CN': '类别编号 1-15、代号或名称（{list}）',
    en: 'a category number 1-15, its slug or its name ({list})',
  },
  expected_intake: { 'zh-CN': '受理渠道代号或名称（{list}）', en: 'an intake channel, by slug or name ({list})' },
  expected_phone: { 'zh-CN': '5 到 20 位数字的电话号码，如 13800001111', en: 'a phone number of 5 to 20 digits, e.g. 13800001111' },
  expected_name: {
    'zh-CN': '不超过 50 个字的姓名；含空格时请加引号，如 customer="John Smith"',
    en: 'a name of at most 50 characters; quote a name with spaces, e.g. customer="John Smith"',
  },
  expected_yesno: { 'zh-CN': 'yes 或 no（是/否）', en: 'yes or no' },
  expected_fault: {
    'zh-CN': 'at_fault（有责）、not_at_fault（无责）或 shared（双方责任）',
    en: 'at_fault, not_at_fault or shared (one of them)',
  },
  expected_amount: {
    'zh-CN': '以元为单位的正数金额，最多两位小数，如 2000',
    en: 'a positive amount in yuan with at most 2 decimals, e.g. 2000',
  },
  expected_date: { 'zh-CN': 'YYYY-MM-DD 格式的日期', en: 'a date as YYYY-MM-DD' },
  expected_filter: { 'zh-CN': 'open（未办结）、mine（我的）或 overdue（超时）', en: 'open, mine or overdue' },
  expected_page: { 'zh-CN': '页码，如 2', en: 'a page number such as 2' },
  expected_command: { 'zh-CN': '子命令名', en: 'a subcommand name' },
  expected_text: { 'zh-CN': '文字', en: 'text' },
  help_quoting: {
    'zh-CN': '含空格的值请加引号：customer="John Smith"。全角符号（＝、／、全角数字）同样可用。',
    en: 'Quote a value that has spaces: customer="John Smith". Full-width forms (＝, ／, full-width digits) work too.',
  },

  // ---- acknowledgements ----
  ack_new: { 'zh-CN': '已受理，案件编号 {id}，您是首问负责人。', en: 'Case {id} opened; you are its first-responsible owner.' },
  ack_done: { 'zh-CN': '案件 {id}：{what}。', en: 'Case {id}: {what}.' },
  ack_pay: {
    'zh-CN': '案件 {id}：已登记紧急支付 {amount} 元，该客户累计 {paid} 元，剩余额度 {left} 元。',
    en: 'Case {id}: emergency payment of {amount} recorded; this customer has received {paid}, {left} left.',
  },
  list_empty: { 'zh-CN': '没有符合条件的案件。', en: 'No cases match.' },
  list_header: {
    'zh-CN': '案件列表（{filter}，共 {count} 件，最紧急的在前）：',
    en: 'Cases ({filter}, {count} in all, most urgent first):',
  },
  list_page: { 'zh-CN': '第 {page}/{pages} 页，显示第 {from}–{to} 件', en: 'page {page} of {pages}, cases {from}–{to}' },
  list_more: { 'zh-CN': '还有 {n} 件未显示：{command}', en: '{n} more not shown: {command}' },
  show_earlier: {
    'zh-CN': '更早的 {n} 条记录未显示，完整记录见处理单：{command}',
    en: '{n} earlier entries not shown; all of them are in the form: {command}',
  },

  // ---- actions (timeline words) ----
  act_opened: { 'zh-CN': '受理', en: 'opened' },
  act_assigned: { 'zh-CN': '指派承办人 @{handle}', en: 'handler set to @{handle}' },
  act_transferred: { 'zh-CN': '移交 {from} → {to}', en: 'transferred {from} → {to}' },
  act_started: { 'zh-CN': '开始处理', en: 'work started' },
  act_on_site: { 'zh-CN': '已到场', en: 'on site' },
  act_replied: { 'zh-CN': '已答复客户', en: 'customer replied to' },
  act_reported: { 'zh-CN': '已向同级小组报告结果', en: 'result reported to the group' },
  act_resolved: { 'zh-CN': '已办结', en: 'resolved' },
  act_reopened: { 'zh-CN': '客户再次投诉，案件重开', en: 'reopened: the customer came back' },
  act_noted: { 'zh-CN': '备注', en: 'note' },
  act_escalated: { 'zh-CN': '升级至{level}', en: 'escalated to {level}' },
  act_paid: { 'zh-CN': '紧急支付 {amount} 元', en: 'emergency payment of {amount}' },
  line_escalated: { 'zh-CN': '⚠ 已升级：{reasons}', en: '⚠ Escalated: {reasons}' },
  act_breached: { 'zh-CN': '「{deadline}」超时', en: '"{deadline}" overdue' },
  act_escalated_for: { 'zh-CN': '升级：{reasons}', en: 'escalated: {reasons}' },
  act_escalated_breach: { 'zh-CN': '「{deadline}」催办无果，升级', en: '"{deadline}" unanswered after the nags: escalated' },

  // ---- punctuation that differs by locale ----
  fmt_paren: { 'zh-CN': '（{x}）', en: ' ({x})' },
  fmt_title: { 'zh-CN': '【{x}】', en: '[{x}] ' },
  fmt_list_sep: { 'zh-CN': '；', en: '; ' },
  fmt_enum_sep: { 'zh-CN': '、', en: ', ' },

  // ---- posts ----
  post_update: { 'zh-CN': '【{id}】{what}（@{actor}）{extra}', en: '[{id}] {what} (@{actor}){extra}' },
  post_reminder: {
    'zh-CN': '【{id} 时限提醒】「{deadline}」将于 {due} 到期（剩余 {left}）。请 {who} 抓紧办理。{escalation}',
    en: '[{id} deadline reminder] "{deadline}" is due at {due} ({left} left). {who}, please act now.{escalation}',
  },
  post_breach: {
    'zh-CN': '【{id} 已超时】「{deadline}」已于 {due} 到期，仍未完成。首问负责人请督促承办人：{who}。{escalation}',
    en: '[{id} overdue] "{deadline}" was due at {due} and is not done. First-responsible owner, prompt the handler: {who}.{escalation}',
  },
  post_breach_repeat: {
    'zh-CN': '【{id} 持续超时·第{n}次催办】「{deadline}」已超时 {over}。{who}。{escalation}',
    en: '[{id} still overdue, nag {n}] "{deadline}" is {over} overdue. {who}.{escalation}',
  },
  post_loss_remind: {
    'zh-CN': '【{id} 口头挂失提醒】口头挂失将于 {due} 失效，请 {who} 通知客户尽快办理正式挂失。',
    en: '[{id} oral loss report] The oral loss report lapses at {due}: {who}, get the customer to file the formal report.',
  },
  post_loss_expired: {
    'zh-CN': '【{id} 口头挂失已失效】客户口头挂失已满 {days} 天失效（{due}）。{who}',
    en: '[{id} oral loss report lapsed] The oral loss report lapsed after {days} days ({due}). {who}',
  },
  post_escalation: {
    'zh-CN': '【{id} 升级·{reason}】{line}。请 {who} 关注。{unit}·{category}：{matter}',
    en: '[{id} escalated: {reason}] {line}. {who}, please take note. {unit} · {category}: {matter}',
  },
  post_late: { 'zh-CN': '（补发：机器人停机期间到期）', en: '(late: fell due while the bot was down)' },

  // ---- one-line escalation reasons ----
  esc_media_kw: { 'zh-CN': '提及「{kw}」，有媒体风险', en: 'mentions "{kw}": media threat' },
  esc_media_category: { 'zh-CN': '媒体介入类投诉', en: 'media-involvement category' },
  esc_media_channel: { 'zh-CN': '经媒体渠道受理', en: 'received through the media' },
  esc_repeat_customer: {
    'zh-CN': '同一客户 {days} 天内再次投诉（{others}）',
    en: 'same customer complained again within {days} days ({others})',
  },
  esc_repeat_reopen: { 'zh-CN': '客户再次投诉，案件重开', en: 'the customer came back and the case was reopened' },
  esc_repeat_category: { 'zh-CN': '登记为重复/越级/群体投诉类', en: 'filed under the repeat / skip-level / group category' },
  esc_skip: { 'zh-CN': '越级投诉：经「{channel}」受理', en: 'skip-level: received via {channel}' },
  esc_cluster: {
    'zh-CN': '群体投诉：{hours} 小时内同一分行 {count} 名客户投诉同类问题（{cases}）',
    en: 'group complaint: {count} customers, same category, same branch within {hours} h ({cases})',
  },
  and_more: { 'zh-CN': ' 等，另有 {n} 件', en: ' and {n} more' },
  esc_cross: { 'zh-CN': '跨省业务，须报上级指挥中心', en: 'cross-province business: the upper command centre must know' },
  esc_manual: { 'zh-CN': '人工升级至{level}：{reason}', en: 'escalated by hand to {level}: {reason}' },
  esc_breach: {
    'zh-CN': '「{deadline}」超时且 {n} 次催办无果，升级至{level}',
    en: '"{deadline}" overdue and {n} nags unanswered: up to {level}',
  },

  // ---- labels ----
  label_customer: { 'zh-CN': '客户', en: 'Customer' },
  label_unit: { 'zh-CN': '单位', en: 'Unit' },
  label_category: { 'zh-CN': '类别', en: 'Category' },
  label_channel: { 'zh-CN': '渠道', en: 'Channel' },
  label_matter: { 'zh-CN': '事由', en: 'Matter' },
  label_request: { 'zh-CN': '要求', en: 'Request' },
  label_owner: { 'zh-CN': '首问负责人', en: 'First-responsible' },
  label_handler: { 'zh-CN': '承办人', en: 'Handler' },
  label_status: { 'zh-CN': '状态', en: 'Status' },
  label_level: { 'zh-CN': '层级', en: 'Level' },
  label_received: { 'zh-CN': '受理时间', en: 'Received' },
  label_guide: { 'zh-CN': '处置指引', en: 'Guide' },
  label_unified: { 'zh-CN': '统一口径', en: 'Unified explanation' },
  label_deadlines: { 'zh-CN': '时限', en: 'Deadlines' },
  label_flags: { 'zh-CN': '标记', en: 'Flags' },
  label_class: { 'zh-CN': '统计口径', en: 'Statistic class' },
  label_escalated: { 'zh-CN': '升级原因', en: 'Escalated' },
  label_timeline: { 'zh-CN': '处理记录', en: 'Timeline' },
  label_resolution: { 'zh-CN': '办结', en: 'Resolution' },
  label_paid: { 'zh-CN': '紧急支付', en: 'Emergency paid' },
  label_vip: { 'zh-CN': 'VIP', en: 'VIP' },
  label_none: { 'zh-CN': '无', en: 'none' },
  label_new_case: { 'zh-CN': '新投诉', en: 'New complaint' },
  label_late_transfer: { 'zh-CN': '移交超时', en: 'late transfer' },
  label_ordinary: { 'zh-CN': '普通客户', en: 'ordinary' },
  label_vip_customer: { 'zh-CN': 'VIP客户', en: 'VIP' },
  label_left: { 'zh-CN': '剩余', en: 'left' },
  label_overdue_by: { 'zh-CN': '已超时', en: 'overdue by' },
  label_done: { 'zh-CN': '已完成', en: 'done' },
  label_late: { 'zh-CN': '超时完成', en: 'done late' },
  label_due: { 'zh-CN': '到期', en: 'due' },
  label_help_title: {
    'zh-CN': '/complaint 命令一览（输入 /complaint help 子命令 查看详情）',
    en: '/complaint commands (type /complaint help SUBCOMMAND for details)',
  },
  label_example: { 'zh-CN': '示例', en: 'Example' },
} satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof table;

/**
 * Words of the forms every rich front end shows (modal titles, field labels, the generic failure), shared so
 * Slack and Discord say the same thing. `{id}` is a case id.
 */
export const UI_WORDS = {
  modal_new: { 'zh-CN': '受理新投诉', en: 'New complaint' },
  modal_resolve: { 'zh-CN': '办结案件 {id}', en: 'Resolve case {id}' },
  modal_escalate: { 'zh-CN': '升级案件 {id}', en: 'Escalate case {id}' },
  field_matter: { 'zh-CN': '事由', en: 'Matter' },
  field_request: { 'zh-CN': '客户要求', en: 'Customer request' },
  field_fault: { 'zh-CN': '责任认定', en: 'Responsibility' },
  field_valid: { 'zh-CN': '是否有效投诉', en: 'Valid complaint?' },
  field_reason: { 'zh-CN': '升级原因', en: 'Reason' },
  internal_error: {
    'zh-CN': '处理请求时出错，已记录。请稍后重试；如仍失败请联系管理员。',
    en: 'Something went wrong while handling this; it has been logged. Please try again, and tell an administrator if it persists.',
  },
} satisfies Record<string, Record<Locale, string>>;

/** A sentence to be rendered later, in the reader's locale (a refusal built where the locale is unknown). */
export interface MessageRef {
  key: MessageKey;
  params?: MessageParams;
}
export type MessageParams = Record<string, string | number | MessageRef>;

export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = table[key][locale] ?? table[key].en;
  return fill(template, params, (v) => (typeof v === 'object' ? t(locale, v.key, v.params) : String(v)));
}

/** Words in both locales, for definitions (commands, options) that carry their own. */
export type Localized = Record<Locale, string>;

export { label, valueOfLabel } from './labels.ts';
