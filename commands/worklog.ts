import { defineCommand, type OptionDef } from './define.ts';

const options = [
  { name: 'date', type: 'date', positional: true, description: { 'zh-CN': '日期，默认今天', en: 'Date, default today' } },
  {
    name: 'unit',
    type: 'unit',
    description: { 'zh-CN': '单位代码（含下级，默认本人单位）', en: 'Unit code (its subtree; default: yours)' },
  },
] as const satisfies readonly OptionDef[];

/** §12 工作日志: a day's work log of a unit subtree, with the bot's own events. */
export const worklogCommand = defineCommand({
  name: 'worklog',
  summary: { 'zh-CN': '查看工作日志', en: 'Show the work log' },
  usage: '/complaint worklog [YYYY-MM-DD] [unit=CODE]',
  example: '/complaint worklog 2026-12-01 unit=BR01',
  options,
});
