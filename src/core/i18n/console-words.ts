import type { Locale } from './locale.ts';

/** The console's own lines (the banner, who you are, switching, its own failures), in both locales. */
export const CONSOLE_WORDS = {
  console_banner: { 'zh-CN': 'complaint-desk 控制台 · 名册 {roster} · 数据库 {database}', en: 'complaint-desk console · roster {roster} · database {database}' },
  console_you_are: {
    'zh-CN': '当前身份 @{actor}。输入「as 用户名」切换身份，输入 /complaint help 查看命令，quit 退出。',
    en: 'You are @{actor}. Type "as HANDLE" to switch, /complaint help for commands, quit to leave.',
  },
  console_switched: { 'zh-CN': '→ @{handle} {name}（{unit}，{role}）', en: '→ @{handle} {name} ({unit}, {role})' },
  console_not_in_roster: { 'zh-CN': '! @{handle} 不在名册中。名册中的用户：{list}', en: '! @{handle}: not in the roster ({list})' },
  console_as_usage: { 'zh-CN': '! 用法：as 用户名。名册中的用户：{list}', en: '! usage: as HANDLE. Handles on the roster: {list}' },
  console_scheduler_failed: { 'zh-CN': '! 定时任务出错：{message}', en: '! scheduler: {message}' },
  console_chart_failed: { 'zh-CN': '! 图表生成失败：{message}', en: '! chart: {message}' },
  export_to_stdout: { 'zh-CN': '标准输出', en: 'standard output' },
} satisfies Record<string, Record<Locale, string>>;
