/**
 * §8 words of the daily summary (日报), both locales; spread into the message table (messages.ts). The headline's
 * title (`sum_title`) is the one wording of the report's name: the chat summary, the chart and the mail all use it.
 */
export const SUMMARY_WORDS = {
  sum_title: { 'zh-CN': '{unit} {date} 投诉日报', en: '{unit} daily complaint summary {date}' },
  sum_headline: { 'zh-CN': '【{title}】', en: '[{title}]' },
  sum_unit: { 'zh-CN': '{name}({code})', en: '{name} ({code})' },
  sum_window: { 'zh-CN': '统计区间：{from} 至 {to}', en: 'Window: {from} to {to}' },
  sum_counts: {
    'zh-CN': '受理 {received} 件，办结 {resolved} 件，未办结 {open} 件，超时 {overdue} 件，升级 {escalated} 件。',
    en: 'Received {received}, resolved {resolved}, open {open}, overdue {overdue}, escalated {escalated}.',
  },
  sum_classes: { 'zh-CN': '统计口径：{list}', en: 'Statistic class: {list}' },
  sum_responsibility: { 'zh-CN': '责任认定：{list}', en: 'Responsibility: {list}' },
  sum_by_unit_category: { 'zh-CN': '分单位分类别：{list}', en: 'By unit and category: {list}' },
  sum_compliance_item: {
    'zh-CN': '{deadline} 按时{on_time}/超时完成{late}/未到期{open}/已超时{overdue}',
    en: '{deadline} on time {on_time}, late {late}, open {open}, overdue {overdue}',
  },
  sum_compliance: { 'zh-CN': '时限执行：{list}', en: 'Deadlines: {list}' },
  sum_escalations: { 'zh-CN': '升级案件：{list}', en: 'Escalations: {list}' },
  sum_late_transfers: { 'zh-CN': '移交超时：{list}', en: 'Late transfers: {list}' },
  sum_open_cases: { 'zh-CN': '未办结案件：{list}', en: 'Open cases: {list}' },
  sum_more: { 'zh-CN': ' …(+{n})', en: ' …(+{n})' },
  sum_overdue_mark: { 'zh-CN': ' 已超时', en: ' overdue' },
  sum_carried: {
    'zh-CN': '结转未办结 {count} 件（其中超时 {overdue} 件）：{list}',
    en: 'Carried over, still open: {count} (overdue {overdue}): {list}',
  },
  sum_carried_none: { 'zh-CN': '结转未办结 0 件。', en: 'Carried over, still open: 0.' },
  sum_hot: { 'zh-CN': '热点：{categories} | {units} | {focus}', en: 'Hot spots: {categories} | {units} | {focus}' },
  sum_focus: {
    'zh-CN': '重点客群：现金客户 {cash}，持卡客户 {card}，个人业务 {personal}',
    en: 'focus groups: cash {cash}, card holders {card}, personal {personal}',
  },
  sum_sep: { 'zh-CN': '，', en: ', ' },
} as const;
