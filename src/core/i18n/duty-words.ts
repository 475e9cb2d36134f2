/**
 * §12 words (值守、交接班、工作日志), both locales; spread into the message table (messages.ts), so they are keys
 * like any other. Placeholders are `{name}`.
 */
export const DUTY_WORDS = {
  // refusals
  err_duty_forbidden: {
    'zh-CN': '您不能在「{unit}」值守：只有该单位成员或其上级小组的组长/副组长可以接班。',
    en: 'You may not go on duty in {unit}: only its members and the leaders of the groups above it may.',
  },
  err_until_without_take: {
    'zh-CN': 'until= 只用于接班：/complaint duty take until=HH:MM。',
    en: 'until= goes with taking duty: /complaint duty take until=HH:MM.',
  },
  err_already_on_duty: {
    'zh-CN': '您已在「{unit}」值守，至 {until}。如需延长，请用 until= 指定更晚的时间。',
    en: 'You are already on duty in {unit} until {until}. To stay longer, give a later until=.',
  },
  expected_time: { 'zh-CN': 'HH:MM 格式的时刻，如 23:30', en: 'a time of day as HH:MM, e.g. 23:30' },
  expected_take: { 'zh-CN': 'take（接班）', en: 'take' },

  // duty
  duty_now: { 'zh-CN': '{unit} 当前值守：{who}。', en: 'On duty in {unit} now: {who}.' },
  duty_until: { 'zh-CN': '{who} 至 {until}', en: '{who} until {until}' },
  duty_nobody: { 'zh-CN': '{unit} 当前无人值守。', en: 'Nobody is on duty in {unit} now.' },
  duty_next: { 'zh-CN': '下一班：{who}，{at} 起。', en: 'Next: {who} from {at}.' },
  duty_no_next: { 'zh-CN': '暂无已排定的下一班。', en: 'No next shift is scheduled.' },
  ack_duty_take: {
    'zh-CN': '您已在 {unit} 接班值守，至 {until}。交接班通知将发到本单位小组频道。',
    en: "You are on duty in {unit} until {until}. The handover goes to the unit's group channel.",
  },

  // the work log
  ack_log: { 'zh-CN': '已记入 {unit} 工作日志：{text}', en: 'Added to the work log of {unit}: {text}' },
  worklog_header: { 'zh-CN': '【{unit} {date} 工作日志】共 {count} 条', en: '[{unit} work log {date}] {count} in all' },
  worklog_empty: { 'zh-CN': '{unit} {date} 没有工作日志。', en: 'No work log for {unit} on {date}.' },
  worklog_entry: { 'zh-CN': '日志', en: 'log' },
  worklog_handover: { 'zh-CN': '交接班', en: 'handover' },

  // the handover post
  ho_title: { 'zh-CN': '{unit} 交接班 {at}', en: '{unit} handover {at}' },
  ho_incoming: { 'zh-CN': '接班：{who}', en: 'Incoming: {who}' },
  ho_outgoing: { 'zh-CN': '交班：{who}', en: 'Outgoing: {who}' },
  ho_until: { 'zh-CN': '本班至 {until}', en: 'This shift ends {until}' },
  ho_gap: {
    'zh-CN': '此后无人值守{next}。请组长关注：{who}',
    en: 'Nobody is on duty from now{next}. Leaders, please take note: {who}',
  },
  ho_gap_next: { 'zh-CN': '（下一班 {at} 起）', en: ' (next shift from {at})' },
  ho_open: { 'zh-CN': '未办结案件 {n} 件（下一时限）', en: 'Open cases: {n} (next deadline)' },
  ho_due: { 'zh-CN': '本班内到期的时限 {n} 个', en: 'Deadlines falling due this shift: {n}' },
  ho_escalations: { 'zh-CN': '上次交接以来的升级 {n} 件', en: 'Escalations since the last handover: {n}' },
  ho_log: { 'zh-CN': '上次交接以来的工作日志 {n} 条', en: 'Work-log entries since the last handover: {n}' },
  ho_section: { 'zh-CN': '{title}：{items}', en: '{title}: {items}' },
  ho_more: { 'zh-CN': '……另有 {n} 项', en: '… and {n} more' },
  ho_overdue: { 'zh-CN': '已超时', en: 'overdue' },

  // the work-log export (export --worklog)
  wl_col_at: { 'zh-CN': '时间', en: 'Time' },
  wl_col_unit: { 'zh-CN': '单位', en: 'Unit' },
  wl_col_actor: { 'zh-CN': '记录人', en: 'By' },
  wl_col_kind: { 'zh-CN': '类型', en: 'Kind' },
  wl_col_case: { 'zh-CN': '案件', en: 'Case' },
  wl_col_text: { 'zh-CN': '内容', en: 'Text' },
  wl_kind_entry: { 'zh-CN': '日志', en: 'entry' },
  wl_kind_handover: { 'zh-CN': '交接班', en: 'handover' },
  wl_kind_event: { 'zh-CN': '案件事件', en: 'case event' },
  wl_notice: {
    'zh-CN':
      '已导出工作日志 {n} 条至 {where}。\n注意：工作日志含未脱敏的内容（可能有客户姓名、手机号），仅用于按预案要求归档，须妥善保管，不得在工作群或其他渠道传播。',
    en: 'Wrote the work log, {n} lines, to {where}.\nNote: this file is not masked (it may hold customer names and phone numbers). Archive it as the plan requires; do not share it in chat or elsewhere.',
  },

  // the end-of-day summary
  sum_duty: { 'zh-CN': '值守：{list}', en: 'On duty: {list}' },
  sum_log: { 'zh-CN': '工作日志 {n} 条', en: 'Work-log entries: {n}' },
} satisfies Record<string, Record<'zh-CN' | 'en', string>>;
