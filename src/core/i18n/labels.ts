import { fill } from './fill.ts';
import type { Locale } from './locale.ts';

/** Enumerations shown to people, in both locales. */
const labels: Record<string, Record<string, Record<Locale, string>>> = {
  status: {
    open: { 'zh-CN': '已受理', en: 'open' },
    on_site: { 'zh-CN': '已到场', en: 'on site' },
    replied: { 'zh-CN': '已答复', en: 'replied' },
    reported: { 'zh-CN': '已报告', en: 'reported' },
    resolved: { 'zh-CN': '已办结', en: 'resolved' },
    reopened: { 'zh-CN': '已重开', en: 'reopened' },
  },
  /** §16.5 the callback's result (回访) */
  callback: {
    satisfied: { 'zh-CN': '满意', en: 'satisfied' },
    basically: { 'zh-CN': '基本满意', en: 'basically satisfied' },
    unsatisfied: { 'zh-CN': '不满意', en: 'unsatisfied' },
  },
  level: {
    outlet: { 'zh-CN': '网点', en: 'outlet' },
    subbranch: { 'zh-CN': '支行', en: 'sub-branch' },
    branch: { 'zh-CN': '分行', en: 'branch' },
    province: { 'zh-CN': '省行', en: 'province' },
  },
  category: {
    general: { 'zh-CN': '一般投诉', en: 'general' },
    cutover: { 'zh-CN': '切换引发', en: 'cutover-caused' },
    loss_report: { 'zh-CN': '口头挂失', en: 'oral loss report' },
    urgent_cash: { 'zh-CN': '紧急取现', en: 'urgent cash' },
    atm: { 'zh-CN': 'ATM不可用', en: 'ATM unavailable' },
    customer_info: { 'zh-CN': '客户信息异常', en: 'customer information' },
    transaction: { 'zh-CN': '交易异常', en: 'transaction anomaly' },
    waiting: { 'zh-CN': '等候时间长', en: 'long waits' },
    repeat: { 'zh-CN': '重复/越级/群体投诉', en: 'repeat / skip-level / group' },
    claim: { 'zh-CN': '索赔', en: 'compensation claim' },
    aggressive: { 'zh-CN': '过激行为', en: 'aggressive customer' },
    unreasonable: { 'zh-CN': '无理取闹', en: 'unreasonable customer' },
    cross_province: { 'zh-CN': '跨省业务', en: 'cross-province' },
    media: { 'zh-CN': '媒体介入', en: 'media involvement' },
    other_emergency: { 'zh-CN': '其他突发事件', en: 'other emergency' },
  },
  guide: {
    general: { 'zh-CN': '非切换原因，按常规流程处理。', en: 'Not cutover-related: normal handling.' },
    cutover: {
      'zh-CN': '切换原因：按统一口径解释，并承诺办结时间。',
      en: 'Cutover-caused: reply with the unified explanation and promise a completion time.',
    },
    loss_report: {
      'zh-CN': '系统中断期间仅受理紧急口头挂失，{days}天后失效：提醒客户及时办理正式挂失。',
      en: 'Emergency oral loss report only; it lapses after {days} days: get the customer to file the formal report.',
    },
    urgent_cash: {
      'zh-CN': '紧急支付：普通客户最多{ordinary}元，VIP客户最多{vip}元（按客户累计）。',
      en: 'Emergency payment up to {ordinary} per ordinary customer, {vip} per VIP, counted over all their cases.',
    },
    atm: { 'zh-CN': '引导客户使用他行ATM，手续费灵活处理。', en: "Direct the customer to other banks' ATMs; handle fees flexibly." },
    customer_info: { 'zh-CN': '客户信息异常：沿业务条线上报。', en: 'Customer-information anomaly: report along the business line.' },
    transaction: {
      'zh-CN': '现金/转账/结算异常：解释原因，承诺时间，沿条线上报。',
      en: 'Cash / transfer / settlement anomaly: explain, promise a time, report along the line.',
    },
    waiting: {
      'zh-CN': '等候时间长：大堂经理安抚，VIP客户引导至贵宾室。',
      en: 'Long waits: the lobby manager soothes; VIP room for VIPs.',
    },
    repeat: {
      'zh-CN': '重复、越级或3名以上客户同一问题投诉：上报省行。',
      en: 'Re-complaint, skip-level, or the same issue from 3+ customers: report to the province.',
    },
    claim: {
      'zh-CN': '索赔：如实登记，不作任何承诺，会同业务条线处理。',
      en: 'Compensation claim: record it, make no promises, handle with the business line.',
    },
    aggressive: {
      'zh-CN': '过激或醉酒客户：在监控录像下处理，必要时联系保卫/报警。',
      en: 'Aggressive or drunk customer: handle under video; call security/police if needed.',
    },
    unreasonable: {
      'zh-CN': '无理取闹或精神异常：通过社区、家属协调。',
      en: 'Unreasonable or mentally ill: coordinate through local bodies / family.',
    },
    cross_province: {
      'zh-CN': '跨省业务：上报上级指挥中心（省行）。',
      en: 'Cross-province business: escalate to the upper command centre (province).',
    },
    media: {
      'zh-CN': '媒体介入或扬言找媒体：员工不接受采访，立即逐级上报。',
      en: 'Media involved or threatened: staff give no interviews; report level by level at once.',
    },
    other_emergency: { 'zh-CN': '其他突发事件：按分行应急预案处理。', en: 'Other emergencies: follow the branch emergency plan.' },
  },
  intake: {
    walk_in: { 'zh-CN': '来访', en: 'walk-in' },
    phone: { 'zh-CN': '来电', en: 'phone' },
    letter: { 'zh-CN': '来函', en: 'letter' },
    fax: { 'zh-CN': '传真', en: 'fax' },
    email: { 'zh-CN': '邮件', en: 'email' },
    hotline: { 'zh-CN': '95566热线', en: '95566 hotline' },
    hq_center: { 'zh-CN': '总行客服中心', en: 'head-office service centre' },
    minxin: { 'zh-CN': '民心网', en: 'minxin website' },
    regulator: { 'zh-CN': '银监局', en: 'regulator' },
    bank_association: { 'zh-CN': '银行业协会', en: 'bank association' },
    consumer_association: { 'zh-CN': '消协', en: 'consumer association' },
    media: { 'zh-CN': '媒体', en: 'media' },
    other: { 'zh-CN': '其它', en: 'other' },
  },
  deadline: {
    onsite: { 'zh-CN': '到场', en: 'on site' },
    reply: { 'zh-CN': '答复客户', en: 'reply to customer' },
    report: { 'zh-CN': '报告结果', en: 'report result' },
    transfer: { 'zh-CN': '移交', en: 'transfer' },
    start: { 'zh-CN': '接单处理', en: 'start after transfer' },
    oral_loss_report: { 'zh-CN': '口头挂失有效期', en: 'oral loss report' },
    promise: { 'zh-CN': '承诺办结', en: 'promised completion' },
    contact: { 'zh-CN': '联系客户', en: 'contact the customer' },
  },
  reason: {
    media: { 'zh-CN': '媒体风险', en: 'media threat' },
    repeat: { 'zh-CN': '重复投诉', en: 'repeat complaint' },
    skip_level: { 'zh-CN': '越级投诉', en: 'skip-level complaint' },
    cluster: { 'zh-CN': '群体投诉', en: 'group complaint' },
    cross_province: { 'zh-CN': '跨省业务', en: 'cross-province' },
    manual: { 'zh-CN': '人工升级', en: 'manual' },
    breach: { 'zh-CN': '超时未办', en: 'deadline breached' },
    anger: { 'zh-CN': '客户愤怒/过激', en: 'anger' },
  },
  /** §2 business lines (条线) */
  line: {
    personal_banking: { 'zh-CN': '个人金融', en: 'personal banking' },
    corporate: { 'zh-CN': '公司业务', en: 'corporate' },
    international_settlement: { 'zh-CN': '国际结算', en: 'international settlement' },
    business_dept: { 'zh-CN': '营业部', en: 'business dept' },
    operations: { 'zh-CN': '运营', en: 'operations' },
    it: { 'zh-CN': '科技信息', en: 'IT' },
    union: { 'zh-CN': '工会', en: 'union' },
  },
  /** §2 roles */
  role: {
    leader: { 'zh-CN': '组长', en: 'leader' },
    deputy: { 'zh-CN': '副组长', en: 'deputy' },
    member: { 'zh-CN': '成员', en: 'member' },
    liaison: { 'zh-CN': '联络人', en: 'liaison' },
    handler: { 'zh-CN': '承办人', en: 'handler' },
  },
  fault: {
    at_fault: { 'zh-CN': '有责', en: 'at fault' },
    not_at_fault: { 'zh-CN': '无责', en: 'not at fault' },
    shared: { 'zh-CN': '双方责任', en: 'shared' },
  },
  validity: {
    valid: { 'zh-CN': '有效投诉', en: 'valid' },
    special: { 'zh-CN': '特殊投诉', en: 'special' },
  },
  class: {
    not_counted: { 'zh-CN': '不纳入统计', en: 'not counted' },
    consultation: { 'zh-CN': '咨询类', en: 'consultation' },
    complaint: { 'zh-CN': '纳入投诉统计', en: 'complaint' },
  },
  flag: {
    mediaThreat: { 'zh-CN': '媒体风险', en: 'media threat' },
    repeat: { 'zh-CN': '重复', en: 'repeat' },
    skipLevel: { 'zh-CN': '越级', en: 'skip-level' },
    cluster: { 'zh-CN': '群体', en: 'cluster' },
    crossProvince: { 'zh-CN': '跨省', en: 'cross-province' },
    claim: { 'zh-CN': '索赔', en: 'claim' },
    aggressive: { 'zh-CN': '过激', en: 'aggressive' },
    lateTransfer: { 'zh-CN': '移交超时', en: 'late transfer' },
    cutover: { 'zh-CN': '切换相关', en: 'cutover-related' },
  },
  action: {
    arrive: { 'zh-CN': '标记到场', en: 'marked on site' },
    reply: { 'zh-CN': '标记答复', en: 'marked replied' },
    report: { 'zh-CN': '标记报告', en: 'marked reported' },
    resolve: { 'zh-CN': '办结', en: 'resolved' },
    reopen: { 'zh-CN': '重开', en: 'reopened' },
    assign: { 'zh-CN': '指派', en: 'assigned' },
    transfer: { 'zh-CN': '移交', en: 'transferred' },
    start: { 'zh-CN': '开始处理', en: 'started' },
    note: { 'zh-CN': '添加备注', en: 'noted' },
    escalate: { 'zh-CN': '升级', en: 'escalated' },
    pay: { 'zh-CN': '紧急支付', en: 'paid' },
    line: { 'zh-CN': '报条线', en: 'reported to a line' },
    contacted: { 'zh-CN': '标记已联系客户', en: 'marked contacted' },
    phone: { 'zh-CN': '查看号码', en: 'phone looked up' },
  },
  button: {
    take: { 'zh-CN': '接手承办', en: 'Take' },
    on_site: { 'zh-CN': '已到场', en: 'On site' },
    replied: { 'zh-CN': '已答复', en: 'Replied' },
    reported: { 'zh-CN': '已报告', en: 'Reported' },
    resolve: { 'zh-CN': '办结…', en: 'Resolve…' },
    escalate: { 'zh-CN': '升级', en: 'Escalate' },
    contacted: { 'zh-CN': '已联系客户', en: 'Contacted' },
  },
  weekday: {
    '0': { 'zh-CN': '周日', en: 'Sun' },
    '1': { 'zh-CN': '周一', en: 'Mon' },
    '2': { 'zh-CN': '周二', en: 'Tue' },
    '3': { 'zh-CN': '周三', en: 'Wed' },
    '4': { 'zh-CN': '周四', en: 'Thu' },
    '5': { 'zh-CN': '周五', en: 'Fri' },
    '6': { 'zh-CN': '周六', en: 'Sat' },
  },
};

/**
 * The value whose shown name, in either locale, is `text` (case and spaces aside): people type what the cards
 * show (`channel=来访`, `category=紧急取现`, `category="urgent cash"`).
 */
export function valueOfLabel(group: string, text: string): string | null {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ');
  const want = norm(text);
  for (const [value, names] of Object.entries(labels[group] ?? {})) {
    if (Object.values(names).some((n) => norm(n) === want)) return value;
  }
  return null;
}

/** A value's shown name; `params` fill placeholders that numbers from the policy go into (the guides). */
export function label(locale: Locale, group: keyof typeof labels, value: string, params: Record<string, string | number> = {}): string {
  const text = labels[group]?.[value]?.[locale] ?? value;
  return fill(text, params);
}
