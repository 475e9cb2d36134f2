import type { Locale } from './messages.ts';

/** §13: every word the war-room board shows, per locale (the page, its tiles, its refusals). */
const WORDS = {
  title: { 'zh-CN': '投诉处置作战看板', en: 'Complaint war-room board' },
  scope: { 'zh-CN': '范围', en: 'Scope' },
  for: { 'zh-CN': '查看人', en: 'Viewer' },
  link_until: { 'zh-CN': '链接有效至', en: 'Link valid until' },
  tiles_today: { 'zh-CN': '今日各单位', en: 'Today by unit' },
  received: { 'zh-CN': '受理', en: 'received' },
  open: { 'zh-CN': '未办结', en: 'open' },
  overdue: { 'zh-CN': '超时', en: 'overdue' },
  escalated: { 'zh-CN': '升级', en: 'escalated' },
  open_cases: { 'zh-CN': '未办结案件（按最近时限排序）', en: 'Open cases (next deadline first)' },
  open_total: { 'zh-CN': '共 {n} 件', en: '{n} in all' },
  shown: { 'zh-CN': '已显示 {n} 件', en: '{n} shown' },
  more: { 'zh-CN': '加载更多', en: 'Load more' },
  none_open: { 'zh-CN': '暂无未办结案件', en: 'No open cases' },
  next_deadline: { 'zh-CN': '最近时限', en: 'Next deadline' },
  no_deadline: { 'zh-CN': '无待办时限', en: 'no pending deadline' },
  overdue_by: { 'zh-CN': '已超时', en: 'overdue' },
  left: { 'zh-CN': '剩余', en: 'left' },
  escalations: { 'zh-CN': '升级动态', en: 'Escalations' },
  no_escalations: { 'zh-CN': '暂无升级', en: 'No escalations' },
  stats: { 'zh-CN': '今日统计口径', en: "Today's statistic classes" },
  chart_alt: { 'zh-CN': '今日投诉图表', en: "Today's complaint chart" },
  close: { 'zh-CN': '关闭', en: 'Close' },
  live: { 'zh-CN': '实时', en: 'live' },
  reconnecting: { 'zh-CN': '重新连接中…', en: 'reconnecting…' },
  updated: { 'zh-CN': '更新于', en: 'updated' },
  html_lang: { 'zh-CN': 'zh-CN', en: 'en' },
  noscript: {
    'zh-CN': '此浏览器未启用 JavaScript：以下是 {time} 的快照，倒计时不会走动，也不会自动更新。请刷新页面查看最新情况，或启用 JavaScript。',
    en: 'JavaScript is off in this browser: this is a snapshot as of {time}; countdowns do not tick and nothing updates by itself. Reload the page for the latest, or turn JavaScript on.',
  },
  err_streams_full: {
    'zh-CN': '看板实时连接已满，请稍后再试（页面会自动重试）。',
    en: 'Too many boards are connected right now; try again shortly (the page retries by itself).',
  },
  err_streams_link: {
    'zh-CN': '此链接打开的看板过多，请关闭不用的看板页面。',
    en: 'Too many boards are open with this link; close the ones you do not need.',
  },
  err_no_link: {
    'zh-CN': '需要有效的看板链接。请在聊天中输入 /complaint board 获取个人链接。',
    en: 'A valid board link is needed. Type /complaint board in chat to get your personal link.',
  },
  err_expired: {
    'zh-CN': '看板链接已过期。请在聊天中输入 /complaint board 获取新链接。',
    en: 'This board link has expired. Type /complaint board in chat for a new one.',
  },
  err_not_member: {
    'zh-CN': '该链接的使用人已不在投诉处理小组名单中，或其查看范围已变更。',
    en: 'The person this link was issued to is no longer on the roster, or their scope has changed.',
  },
  link: {
    'zh-CN': '您的作战看板链接（范围：{scope}，{hours} 小时内有效，请勿转发）：\n{url}',
    en: 'Your war-room board link (scope: {scope}; valid for {hours} hours; do not forward it):\n{url}',
  },
  unavailable: {
    'zh-CN': '此进程没有提供看板。请使用 serve 或控制台启动后再试。',
    en: 'This process serves no board. Run serve or the console, then try again.',
  },
  err_not_found: { 'zh-CN': '该案件不在本看板的范围内。', en: 'That case is not on this board.' },
} satisfies Record<string, Record<Locale, string>>;

export type BoardWord = keyof typeof WORDS;

export function boardWord(locale: Locale, key: BoardWord, params: Record<string, string | number> = {}): string {
  return WORDS[key][locale].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The whole table for one locale (the page's script gets the few words it renders itself). */
export const boardWords = (locale: Locale): Record<BoardWord, string> =>
  Object.fromEntries(Object.entries(WORDS).map(([k, v]) => [k, v[locale]])) as Record<BoardWord, string>;
