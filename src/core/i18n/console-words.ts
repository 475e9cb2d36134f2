import type { Locale } from './locale.ts';

/** The console's own lines (the banner, who you are, switching, its own failures), in both locales. */
export const CONSOLE_WORDS = {
  console_banner: {
    'zh-CN': 'complaint-desk 控制台 · 名册 {roster} · 数据库 {database}',
    en: 'complaint-desk console · roster {roster} · database {database}',
  },
  console_you_are: {
    'zh-CN': '当前身份 @{actor}。输入「as 用户名」切换身份，输入 /complaint help 查看命令，quit 退出。',
    en: 'You are @{actor}. Type "as HANDLE" to switch, /complaint help for commands, quit to leave.',
  },
  console_switched: { 'zh-CN': '→ @{handle} {name}（{unit}，{role}）', en: '→ @{handle} {name} ({unit}, {role})' },
  console_not_in_roster: { 'zh-CN': '! @{handle} 不在名册中。名册中的用户：{list}', en: '! @{handle}: not in the roster ({list})' },
  console_as_usage: { 'zh-CN': '! 用法：as 用户名。名册中的用户：{list}', en: '! usage: as HANDLE. Handles on the roster: {list}' },
  console_scheduler_failed: { 'zh-CN': '! 定时任务出错：{message}', en: '! scheduler: {message}' },
  console_chart_failed: { 'zh-CN': '! 图表生成失败：{message}', en: '! chart: {message}' },
  console_mail_smtp: {
    'zh-CN': '日报邮件：通过 SMTP 发送（{url}）。',
    en: 'Daily report mail: sent through SMTP ({url}).',
  },
  console_mail_files: {
    'zh-CN':
      '日报邮件：未设置 SMTP_URL，邮件写为 {dir} 下的 .eml 文件，不会发出。如需发送，请设置 SMTP_URL=smtp://用户:密码@主机:端口 后重启。',
    en: 'Daily report mail: SMTP_URL is not set, so mails are written as .eml files under {dir} and not sent. To send them, set SMTP_URL=smtp://user:pass@host:port and restart.',
  },
  console_board_down: {
    'zh-CN': '! 看板未启动：端口 {port} 不可用（{why}）。请将 PORT 设为空闲端口后重启。',
    en: '! No board: port {port} is not available ({why}). Set PORT to a free port and restart.',
  },
  export_to_stdout: { 'zh-CN': '标准输出', en: 'standard output' },
} satisfies Record<string, Record<Locale, string>>;
