import { defineCommand, type OptionDef } from './define.ts';

const options = [
  { name: 'date', type: 'date', positional: true, description: { 'zh-CN': '日期，默认今天', en: 'Date, default today' } },
  { name: 'unit', type: 'unit', description: { 'zh-CN': '分行或省行代码', en: 'Branch or province code' } },
] as const satisfies readonly OptionDef[];

export const summaryCommand = defineCommand({
  name: 'summary',
  summary: { 'zh-CN': '当日汇总', en: 'Daily summary' },
  usage: '/complaint summary [YYYY-MM-DD] [unit=CODE]',
  example: '/complaint summary 2026-12-01 unit=BR01',
  options,
});
