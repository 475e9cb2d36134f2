/**
 * §15 words (95566 转办、闭环回复、直报、号码查看), both locales; spread into the message table (messages.ts), so they
 * are keys like any other. Placeholders are `{name}`.
 */
export const PEOPLE_WORDS = {
  // refusals
  err_level_not_above: {
    'zh-CN': '案件 {id} 目前在{level}层级，to={wanted} 不在其上。可选层级：{possible}。',
    en: 'Case {id} is at {level} level; to={wanted} is not above it. Possible levels: {possible}.',
  },
  err_unit_required: {
    'zh-CN': '请用 unit= 指明被投诉的单位（调用方不属于任何单位）。',
    en: 'Name the unit complained about with unit= (the caller belongs to no unit).',
  },
  expected_level: { 'zh-CN': '层级：subbranch（支行）、branch（分行）或 province（省行）', en: 'a level: subbranch, branch or province' },

  // acknowledgements
  ack_new_handoff: {
    'zh-CN': '已受理，案件编号 {id}，已转办{unit}联系人 {who}（首问负责人兼承办人），办结时会通知您。',
    en: 'Case {id} opened and handed to the contact of {unit}, {who} (first-responsible owner and handler); you will hear when it is resolved.',
  },
  ack_phone: {
    'zh-CN': '案件 {id} 客户：{name}，电话 {phone}。仅您可见，查看已记入处理记录。',
    en: 'Case {id} customer: {name}, phone {phone}. Only you see this; the look-up is in the timeline.',
  },

  // posts and direct messages
  dm_handoff: {
    'zh-CN': '【{id} 95566转办】{unit}：{matter}。请 @{handle} 第一时间联系客户{phone}（/complaint phone {id} 查看完整号码）',
    en: '[{id} 95566 hand-off] {unit}: {matter}. @{handle}, call the customer at once{phone} (/complaint phone {id} shows the full number)',
  },
  dm_handoff_phone: { 'zh-CN': ' {phone}', en: ' on {phone}' },
  dm_loop: {
    'zh-CN': '【{id} 进展回复】@{actor} {what}{extra}。',
    en: '[{id} progress] @{actor}: {what}{extra}.',
  },
  dm_loop_archive: {
    'zh-CN': '请首问负责人将处理单存档：/complaint form {id}',
    en: ' First-responsible owner, please archive the handling form: /complaint form {id}',
  },
  post_update_owner: { 'zh-CN': '　首问负责人 @{owner}', en: ' · first-responsible: @{owner}' },
  post_handoff: {
    'zh-CN': '95566转办：首问负责人兼承办人 @{handle}（{unit}联系人）',
    en: '95566 hand-off: first-responsible owner and handler @{handle} (contact of {unit})',
  },

  label_opener: { 'zh-CN': '受理人', en: 'Opened by' },

  // timeline words
  act_handed_off: { 'zh-CN': '95566转办 @{handle}', en: 'handed off to @{handle}' },
  act_contacted: { 'zh-CN': '已联系客户', en: 'customer contacted' },
  act_phone_viewed: { 'zh-CN': '号码查看（@{handle}）', en: 'phone viewed by @{handle}' },
} as const;
