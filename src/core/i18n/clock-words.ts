/**
 * §16 words (停业期间、口头挂失、承诺办结、一个工作日、回访满意率、绩效表), both locales; spread into the message table
 * (messages.ts), so they are keys like any other. Placeholders are `{name}`.
 */
export const CLOCK_WORDS = {
  // §16.1 the outage window
  phase_before: { 'zh-CN': '停业前（停业 {from} 至 {to}）', en: 'before the outage ({from} to {to})' },
  phase_during: { 'zh-CN': '停业中（至 {to}，剩余 {left}）', en: 'outage in progress (until {to}, {left} left)' },
  phase_after: { 'zh-CN': '投产后（停业 {from} 至 {to} 已结束）', en: 'after go-live (the outage {from} to {to} is over)' },
  label_phase: { 'zh-CN': '切换阶段', en: 'Cutover phase' },
  err_pay_outside_outage: {
    'zh-CN': '应急支付仅限停业期间（{from} 至 {to}）；现在是{phase}，请按正常流程办理。',
    en: 'Emergency payments are only for the outage ({from} to {to}); it is now {phase}, so follow the normal process.',
  },
  // §16.2 the oral loss report
  ack_loss_lapse: {
    'zh-CN': '口头挂失将于 {due} 失效，请提醒客户{days}日内办理正式挂失。',
    en: 'The oral loss report lapses at {due}: remind the customer to file the formal report within {days} days.',
  },
  ack_loss_counter: {
    'zh-CN': '现在不在停业期间（{from} 至 {to}），正式挂失可在柜面办理，不计口头挂失时限。',
    en: 'This is outside the outage ({from} to {to}): the formal loss report is available at the counter, so no oral-report clock runs.',
  },
  err_formal_category: {
    'zh-CN': '/complaint formal 只用于第3类「口头挂失」案件，案件 {id} 的类别是「{category}」。',
    en: '/complaint formal is only for category 3 (loss_report) cases; case {id} is "{category}".',
  },
  err_formal_none: {
    'zh-CN': '案件 {id} 没有在计时的口头挂失（正式挂失已办理、已失效或不在停业期间受理）。',
    en: 'Case {id} has no oral loss report running (the formal report is filed, it lapsed, or it was taken outside the outage).',
  },
  act_formal: { 'zh-CN': '正式挂失已办理', en: 'formal loss report filed' },
  post_loss_dm: {
    'zh-CN': '{text}（案件 {id} 状态：{status}）',
    en: '{text} (case {id} is {status})',
  },
  // §16.3 promises
  act_promised: { 'zh-CN': '承诺办结时间 {by}', en: 'completion promised by {by}' },
  ack_promised: {
    'zh-CN': '案件 {id}：已承诺客户 {by} 前办结，将在 {remind} 提醒。',
    en: 'Case {id}: completion promised by {by}; a reminder comes at {remind}.',
  },
  label_promise: { 'zh-CN': '承诺办结', en: 'Promised by' },
  card_promise_prompt: {
    'zh-CN': '请向客户承诺办结时间：/complaint promise {id} by=…',
    en: 'Promise the customer a completion time: /complaint promise {id} by=…',
  },
  err_promise_past: {
    'zh-CN': '承诺时间 {by} 不晚于现在（{now}）：请给出将来的时间，如 by=18:00 或 by="2026-12-02 18:00"。',
    en: 'The promised time {by} is not later than now ({now}): give a future time, e.g. by=18:00 or by="2026-12-02 18:00".',
  },
  expected_moment: {
    'zh-CN': 'HH:MM（今天）或 "YYYY-MM-DD HH:MM" 格式的时间，如 by=18:00',
    en: 'a time as HH:MM (today) or "YYYY-MM-DD HH:MM", e.g. by=18:00',
  },
  // §16.5 satisfaction
  expected_result: {
    'zh-CN': 'satisfied（满意）、basically（基本满意）或 unsatisfied（不满意）',
    en: 'satisfied, basically or unsatisfied',
  },
  act_callback: { 'zh-CN': '回访：{result}', en: 'callback: {result}' },
  err_callback_status: {
    'zh-CN': '案件 {id} 尚未答复客户或办结（状态「{status}」），不能登记回访：请先 /complaint reply {id}。',
    en: 'Case {id} has not been replied to or resolved (status "{status}"), so no callback can be recorded: /complaint reply {id} first.',
  },
  post_unsatisfied: {
    'zh-CN': '【{id} 回访不满意】客户对答复不满意{extra}。请 {who} 关注处理。',
    en: '[{id} unsatisfied] The customer is not satisfied with the reply{extra}. {who}, please follow up.',
  },
  summary_callbacks: {
    'zh-CN': '回访 {n} 件：满意 {satisfied}，基本满意 {basically}，不满意 {unsatisfied}；满意率 {rate}',
    en: 'Callbacks: {n} (satisfied {satisfied}, basically {basically}, unsatisfied {unsatisfied}); satisfaction rate {rate}',
  },
  rate_none: { 'zh-CN': '—', en: '—' },
  // §16.5 scorecard
  scorecard_title: { 'zh-CN': '绩效表 {from} 至 {to}（{unit}）', en: 'Scorecard {from} to {to} ({unit})' },
  scorecard_units: { 'zh-CN': '按单位', en: 'By unit' },
  scorecard_people: { 'zh-CN': '按人员（首问负责人 / 承办人）', en: 'By person (as owner / as handler)' },
  scorecard_head: {
    'zh-CN': '受理 | 办结 | 超时 | 有责 | 纳入投诉 | 回访 | 满意率',
    en: 'cases | resolved | overdue | at fault | complaint | callbacks | satisfaction',
  },
  scorecard_as_owner: { 'zh-CN': '首问', en: 'owner' },
  scorecard_as_handler: { 'zh-CN': '承办', en: 'handler' },
  scorecard_col_scope: { 'zh-CN': '范围', en: 'scope' },
  scorecard_col_name: { 'zh-CN': '单位/人员', en: 'unit / person' },
  scorecard_col_code: { 'zh-CN': '代码', en: 'code' },
  scorecard_scope_unit: { 'zh-CN': '单位', en: 'unit' },
  scorecard_notice: {
    'zh-CN': '已导出绩效表（{n} 行）至 {where}。',
    en: 'Wrote the scorecard ({n} rows) to {where}.',
  },
  scorecard_total: { 'zh-CN': '合计', en: 'total' },
  scorecard_empty: { 'zh-CN': '该期间没有案件。', en: 'No cases in this period.' },
  err_scorecard_range: {
    'zh-CN': '起始日期 {from} 晚于结束日期 {to}。',
    en: 'The start date {from} is after the end date {to}.',
  },
} as const;
