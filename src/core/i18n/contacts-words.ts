/**
 * §15.4 anger, §15.5 contacts and the outage notice, §15.7 business lines: words in both locales, spread into the
 * message table (messages.ts), so they are keys like any other. Placeholders are `{name}`.
 */
export const CONTACTS_WORDS = {
  // §15.4
  esc_anger_kw: {
    'zh-CN': '提及「{kw}」：客户愤怒离开或有过激言辞，须立即逐级上报',
    en: 'mentions "{kw}": the customer left angry or used extreme words, to be reported level by level at once',
  },

  // §15.5 contacts
  contacts_title: { 'zh-CN': '【{unit} 联系人】', en: '[{unit} contacts]' },
  contacts_person: {
    'zh-CN': '{role} {name} @{handle}：手机 {mobile}，办公电话 {office}',
    en: '{role} {name} @{handle}: mobile {mobile}, office {office}',
  },
  contacts_on_duty: { 'zh-CN': '值守中', en: 'on duty' },
  contacts_nobody: {
    'zh-CN': '（名单中没有该单位的组长、联络人或值守人员）',
    en: '(the roster has no leader, liaison or member on duty for this unit)',
  },
  contacts_press: { 'zh-CN': '对外宣传负责人：{contact}', en: 'Press contact: {contact}' },
  contacts_security: { 'zh-CN': '安全保卫联系人：{contact}', en: 'Security contact: {contact}' },
  contacts_from: { 'zh-CN': '{contact}（{unit}）', en: '{contact} ({unit})' },
  contacts_unknown: { 'zh-CN': '未登记', en: 'not on the roster' },
  // cards (§四(三)14, 11)
  label_press: { 'zh-CN': '媒体应对', en: 'Press' },
  card_press: {
    'zh-CN': '婉拒采访，请记者联系对外宣传负责人：{contact}',
    en: 'Give no interview; refer journalists to the press contact: {contact}',
  },
  label_security: { 'zh-CN': '安全保卫', en: 'Security' },
  card_security: {
    'zh-CN': '在监控下处理，必要时联系保卫/报警：{contact}',
    en: 'Handle under video; if needed call security or the police: {contact}',
  },

  // §15.5 the outage notice
  ack_notice: { 'zh-CN': '{unit}的停业公告已生成：{path}', en: 'The outage notice of {unit} is ready: {path}' },
  notice_missing: {
    'zh-CN': '名单缺少：{missing}。请补登后重新生成。',
    en: 'Missing from the roster: {missing}. Add them and print it again.',
  },
  notice_missing_number: { 'zh-CN': '{role} {name} 的{what}', en: "{role} {name}'s {what}" },
  notice_missing_person: { 'zh-CN': '{role}（{roles}）', en: '{role} ({roles})' },
  err_notice_no_contact: {
    'zh-CN':
      '「{unit}」的停业公告无法生成：没有可公布的联系电话（缺少{missing}）。请在名单中为该单位的组长或联络人登记 phone（手机）或 office_phone（办公电话）。',
    en: "The outage notice of {unit} cannot be made: there is no number to publish (missing: {missing}). Give the unit's leader or liaison a phone (mobile) or office_phone in the roster.",
  },
  err_notice_unavailable: { 'zh-CN': '本进程无法生成 PDF 文件。', en: 'This process cannot render PDF documents.' },
  notice_title: { 'zh-CN': '停业公告', en: 'Notice of temporary closure' },
  notice_filename_title: { 'zh-CN': '{unit}停业公告', en: '{unit} outage notice' },
  notice_greeting: { 'zh-CN': '尊敬的客户：', en: 'Dear customers,' },
  notice_window: { 'zh-CN': '停业时间：{from} 至 {to}', en: 'Closed from {from} to {to}' },
  notice_head: { 'zh-CN': '负责人', en: 'Head of the unit' },
  notice_duty: { 'zh-CN': '职责', en: 'Role' },
  notice_name: { 'zh-CN': '姓名', en: 'Name' },
  notice_always_on_note: {
    'zh-CN': '以上手机号码24小时开机，欢迎来电咨询。',
    en: 'These mobiles are on 24 hours a day: call us with any question.',
  },
  notice_enquiry: { 'zh-CN': '业务咨询受理人', en: 'Enquiries' },
  notice_office: { 'zh-CN': '办公电话', en: 'Office' },
  notice_mobile: { 'zh-CN': '手机', en: 'Mobile' },
  notice_always_on: { 'zh-CN': '24小时开机', en: 'on 24 hours a day' },
  notice_hotline: { 'zh-CN': '24小时客服热线：{hotline}', en: '24-hour service hotline: {hotline}' },
  notice_footer: { 'zh-CN': '{unit}　{date}', en: '{unit}, {date}' },

  // §15.7 business lines
  post_line: {
    'zh-CN': '【{id} 报条线·{lines}】{unit}·{category}：{matter}。请 {who} 会同首问负责人 @{owner} 处理。{extra}',
    en: '[{id} reported to {lines}] {unit} · {category}: {matter}. {who}, please handle it with the first-responsible owner @{owner}.{extra}',
  },
  line_nobody: { 'zh-CN': '{branch}名单中暂无{lines}条线人员，请电话联系', en: 'nobody of {lines} in {branch} on the roster: call them' },
  act_line_reported: { 'zh-CN': '报{lines}条线', en: 'reported to {lines}' },
  ack_line: { 'zh-CN': '案件 {id}：已报{lines}条线（{who}）。', en: 'Case {id}: reported to {lines} ({who}).' },
  err_claim_no_line: {
    'zh-CN': '索赔案件 {id} 尚未报业务条线，不能办结（§四(三)10 会同条线处理）。请先报条线：{command}',
    en: 'Claim {id} has not been reported to a business line yet, so it cannot be resolved (§四(三)10: handle it with the line). Report it first: {command}',
  },
  expected_line: { 'zh-CN': '业务条线（{list}）', en: 'a business line ({list})' },
} as const;
