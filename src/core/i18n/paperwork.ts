/**
 * Words of the plan's paperwork (§14): the handling form (客户投诉处理单, part 2's annex) and the daily report mail
 * (§六.7), in both locales. Kept apart from the chat messages: these are printed or mailed, not posted.
 */
import { fill } from './fill.ts';
import type { Locale } from './locale.ts';

const form = {
  title: { 'zh-CN': '客户投诉处理单', en: 'Customer complaint handling form' },
  subtitle: { 'zh-CN': '首问负责人形成书面记录，存档备查', en: 'Written record kept by the first-responsible owner for the archive' },
  masked_note: { 'zh-CN': '客户信息已脱敏（聊天版）', en: 'Customer data masked (chat copy)' },
  archive_note: {
    'zh-CN': '含客户完整信息，仅供存档，注意保密',
    en: 'Contains full customer data: for the archive only, keep confidential',
  },
  printed: { 'zh-CN': '制单时间', en: 'Printed' },
  case_id: { 'zh-CN': '案件编号', en: 'Case' },
  unit: { 'zh-CN': '受理单位', en: 'Unit' },
  branch: { 'zh-CN': '所属分行', en: 'Branch' },
  received: { 'zh-CN': '受理时间', en: 'Received at' },
  intake: { 'zh-CN': '受理形式', en: 'Intake channel' },
  customer: { 'zh-CN': '客户姓名', en: 'Customer' },
  contact: { 'zh-CN': '联系电话', en: 'Contact phone' },
  vip: { 'zh-CN': 'VIP客户', en: 'VIP' },
  matter: { 'zh-CN': '投诉事由', en: 'Matter' },
  request: { 'zh-CN': '客户要求', en: 'Request' },
  category: { 'zh-CN': '投诉类别', en: 'Category' },
  cutover: { 'zh-CN': '切换相关', en: 'Cutover-related' },
  guide: { 'zh-CN': '处理指引', en: 'Guide' },
  owner: { 'zh-CN': '首问负责人', en: 'First-responsible owner' },
  handler: { 'zh-CN': '承办人', en: 'Handler' },
  status: { 'zh-CN': '当前状态', en: 'Status' },
  level: { 'zh-CN': '处理层级', en: 'Level' },
  steps: { 'zh-CN': '办理环节与时限', en: 'Steps and deadlines' },
  step: { 'zh-CN': '环节', en: 'Step' },
  due: { 'zh-CN': '时限', en: 'Due' },
  done_at: { 'zh-CN': '完成时间', en: 'Done at' },
  met: { 'zh-CN': '是否按时', en: 'On time?' },
  escalations: { 'zh-CN': '升级情况', en: 'Escalations' },
  escalated_at: { 'zh-CN': '升级时间', en: 'Escalated at' },
  reasons: { 'zh-CN': '升级原因', en: 'Reasons' },
  flags: { 'zh-CN': '标记', en: 'Flags' },
  payments: { 'zh-CN': '紧急支付合计', en: 'Emergency payments' },
  result: { 'zh-CN': '处理结果', en: 'Result' },
  resolved_at: { 'zh-CN': '办结时间', en: 'Resolved at' },
  responsibility: { 'zh-CN': '责任认定', en: 'Responsibility' },
  validity: { 'zh-CN': '投诉性质', en: 'Validity' },
  stat_class: { 'zh-CN': '统计口径', en: 'Statistic class' },
  timeline: { 'zh-CN': '处理过程记录', en: 'Timeline' },
  tl_time: { 'zh-CN': '时间', en: 'Time' },
  tl_who: { 'zh-CN': '经办人', en: 'By' },
  tl_what: { 'zh-CN': '处理情况', en: 'What happened' },
  signature: { 'zh-CN': '首问负责人签字：', en: 'First-responsible owner (signature):' },
  leader_signature: { 'zh-CN': '负责人审核签字：', en: 'Reviewed by (signature):' },
  date: { 'zh-CN': '日期：', en: 'Date:' },
  page: { 'zh-CN': '第 {n} 页', en: 'page {n}' },
  none: { 'zh-CN': '无', en: 'none' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  on_time: { 'zh-CN': '按时', en: 'on time' },
  late: { 'zh-CN': '超时完成', en: 'done late' },
  overdue: { 'zh-CN': '已超时', en: 'overdue' },
  open: { 'zh-CN': '未到期', en: 'not yet due' },
  void: { 'zh-CN': '已取消', en: 'cancelled' },
  not_transferred: { 'zh-CN': '未移交', en: 'not transferred' },
  in_force: { 'zh-CN': '有效期内', en: 'in force' },
  lapsed: { 'zh-CN': '已失效', en: 'lapsed' },
  pending_result: { 'zh-CN': '尚未办结', en: 'not resolved yet' },
  round: { 'zh-CN': '第{n}轮', en: 'round {n}' },
  /** between the items of a list (escalation reasons, flags) */
  list_sep: { 'zh-CN': '、', en: ', ' },
  /** a timeline entry's text after its action */
  with_text: { 'zh-CN': '：{text}', en: ': {text}' },
} as const satisfies Record<string, Record<Locale, string>>;

/** The daily register's (CSV, JSON) column headers, by the column's stable key. */
export const REGISTER_HEADERS = {
  id: { 'zh-CN': '案件编号', en: 'Case' },
  receivedAt: { 'zh-CN': '受理时间', en: 'Received at' },
  weekday: { 'zh-CN': '星期', en: 'Weekday' },
  intake: { 'zh-CN': '受理渠道', en: 'Intake channel' },
  customerName: { 'zh-CN': '客户姓名', en: 'Customer name' },
  customerPhone: { 'zh-CN': '客户电话', en: 'Customer phone' },
  vip: { 'zh-CN': 'VIP客户', en: 'VIP' },
  unit: { 'zh-CN': '受理单位', en: 'Unit' },
  branch: { 'zh-CN': '所属分行', en: 'Branch' },
  category: { 'zh-CN': '投诉类别', en: 'Category' },
  matter: { 'zh-CN': '投诉事由', en: 'Matter' },
  request: { 'zh-CN': '客户诉求', en: 'Request' },
  cutover: { 'zh-CN': '切换相关', en: 'Cutover-related' },
  opener: { 'zh-CN': '受理人', en: 'Opened by' },
  owner: { 'zh-CN': '首问负责人', en: 'First-responsible' },
  handler: { 'zh-CN': '承办人', en: 'Handler' },
  status: { 'zh-CN': '状态', en: 'Status' },
  level: { 'zh-CN': '当前层级', en: 'Level' },
  flags: { 'zh-CN': '标记', en: 'Flags' },
  escalated: { 'zh-CN': '是否升级', en: 'Escalated' },
  escalatedAt: { 'zh-CN': '升级时间', en: 'Escalated at' },
  escalationReasons: { 'zh-CN': '升级原因', en: 'Escalation reasons' },
  transferred: { 'zh-CN': '是否移交', en: 'Transferred' },
  lateTransfer: { 'zh-CN': '移交超时', en: 'Late transfer' },
  responsibility: { 'zh-CN': '责任认定', en: 'Responsibility' },
  validity: { 'zh-CN': '投诉性质', en: 'Validity' },
  statClass: { 'zh-CN': '统计口径', en: 'Statistic class' },
  resolvedAt: { 'zh-CN': '办结时间', en: 'Resolved at' },
  paymentsTotal: { 'zh-CN': '紧急支付合计（元）', en: 'Emergency payments total' },
  /** one column per deadline kind */
  deadline: { 'zh-CN': '时限：{deadline}', en: 'Deadline: {deadline}' },
  timeline: { 'zh-CN': '处理记录', en: 'Timeline' },
} as const satisfies Record<string, Record<Locale, string>>;

/** The register's own cell words. */
const register = {
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  on_time: { 'zh-CN': '按时完成', en: 'done on time' },
  late: { 'zh-CN': '超时完成', en: 'done late' },
  open: { 'zh-CN': '未到期', en: 'not yet due' },
  overdue: { 'zh-CN': '已超时未完成', en: 'overdue, not done' },
  void: { 'zh-CN': '已取消', en: 'cancelled' },
  not_transferred: { 'zh-CN': '未移交', en: 'not transferred' },
  in_force: { 'zh-CN': '有效期内', en: 'in force' },
  lapsed: { 'zh-CN': '已失效', en: 'lapsed' },
  due: { 'zh-CN': '期限', en: 'due' },
  done: { 'zh-CN': '完成', en: 'done' },
  /** between a cell's deadlines, and between the items of a list */
  sep: { 'zh-CN': '；', en: '; ' },
  list: { 'zh-CN': '、', en: ', ' },
  /** a breach recorded with its deadline kind, and one without */
  nag_overdue: { 'zh-CN': '「{deadline}」超时', en: '"{deadline}" overdue' },
  breached: { 'zh-CN': '超时', en: 'overdue' },
  with_text: { 'zh-CN': '：{text}', en: ': {text}' },
  /** a deadline's cell: its round after a transfer, the verdict, and its due and done times */
  round: { 'zh-CN': '第{n}轮 ', en: 'round {n}: ' },
  deadline_cell: { 'zh-CN': '{round}{word}（{parts}）', en: '{round}{word} ({parts})' },
  part_sep: { 'zh-CN': '，', en: ', ' },
} as const satisfies Record<string, Record<Locale, string>>;

const mail = {
  subject: { 'zh-CN': '[{unit}] {date} 客户投诉日报', en: '[{unit}] {date} daily complaint report' },
  greeting: { 'zh-CN': '{unit} {date} 客户投诉分类统计如下。', en: 'The classified complaint statistics of {unit} for {date}.' },
  chart_alt: { 'zh-CN': '当日投诉图表', en: "The day's chart" },
  attachment: {
    'zh-CN': '附件：当日客户投诉登记簿（CSV，客户信息已脱敏）。',
    en: "Attached: the day's complaint register (CSV, customer data masked).",
  },
  register_name: { 'zh-CN': '客户投诉登记簿_{unit}_{date}.csv', en: 'complaint-register_{unit}_{date}.csv' },
  footer: { 'zh-CN': '本邮件由投诉处理值守机器人自动发送。', en: 'Sent automatically by the complaint desk.' },
  stats: { 'zh-CN': '统计', en: 'Statistics' },
  received: { 'zh-CN': '受理', en: 'received' },
  open: { 'zh-CN': '未办结', en: 'open' },
  resolved: { 'zh-CN': '已办结', en: 'resolved' },
  overdue: { 'zh-CN': '超时', en: 'overdue' },
  escalated: { 'zh-CN': '升级', en: 'escalated' },
  by_class: { 'zh-CN': '统计口径', en: 'Statistic class' },
  by_responsibility: { 'zh-CN': '责任认定', en: 'Responsibility' },
  by_unit_category: { 'zh-CN': '分单位分类别', en: 'By unit and category' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
  category: { 'zh-CN': '类别', en: 'Category' },
  count: { 'zh-CN': '件数', en: 'Cases' },
  compliance: { 'zh-CN': '时限执行', en: 'Deadlines' },
  deadline: { 'zh-CN': '环节', en: 'Step' },
  on_time: { 'zh-CN': '按时', en: 'on time' },
  late: { 'zh-CN': '超时完成', en: 'late' },
  not_due: { 'zh-CN': '未到期', en: 'not yet due' },
  overdue_open: { 'zh-CN': '已超时', en: 'overdue' },
  escalations: { 'zh-CN': '升级案件', en: 'Escalations' },
  case: { 'zh-CN': '案件', en: 'Case' },
  reasons: { 'zh-CN': '原因', en: 'Reasons' },
  open_cases: { 'zh-CN': '未办结案件', en: 'Open cases' },
  age: { 'zh-CN': '已受理', en: 'Age' },
  owner: { 'zh-CN': '首问负责人/承办人', en: 'Owner / handler' },
  is_overdue: { 'zh-CN': '是否超时', en: 'Overdue' },
  late_transfers: { 'zh-CN': '移交超时', en: 'Late transfers' },
  window: { 'zh-CN': '统计区间：{from} 至 {to}', en: 'Window: {from} to {to}' },
  carried_over: { 'zh-CN': '结转未办结', en: 'Carried over, still open' },
  carried_over_overdue: { 'zh-CN': '结转超时', en: 'Carried over, overdue' },
  hot_spots: { 'zh-CN': '热点', en: 'Hot spots' },
  none: { 'zh-CN': '无', en: 'none' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
} as const satisfies Record<string, Record<Locale, string>>;

export type FormWord = keyof typeof form;
export type MailWord = keyof typeof mail;
export type RegisterWord = keyof typeof register;

export const formWord = (locale: Locale, key: FormWord, params: Record<string, string | number> = {}): string =>
  fill(form[key][locale], params);
export const registerWord = (locale: Locale, key: RegisterWord, params: Record<string, string | number> = {}): string =>
  fill(register[key][locale], params);
export const registerHeader = (locale: Locale, key: keyof typeof REGISTER_HEADERS, params: Record<string, string | number> = {}): string =>
  fill(REGISTER_HEADERS[key][locale], params);

/**
 * The form's received time with its weekday (part 2's annex): "2026年12月01日 09时00分 星期二" / "2026-12-01 09:00 Tue".
 * `weekday` is the label's short form (周二 / Tue).
 */
export function formReceived(locale: Locale, p: { date: string; hh: string; mm: string; weekday: string }): string {
  if (locale === 'en') return `${p.date} ${p.hh}:${p.mm} ${p.weekday}`;
  const [y, mo, da] = p.date.split('-');
  return `${y}年${mo}月${da}日 ${p.hh}时${p.mm}分 ${p.weekday.replace('周', '星期')}`;
}

export const mailWord = (locale: Locale, key: MailWord, params: Record<string, string | number> = {}): string =>
  fill(mail[key][locale], params);
