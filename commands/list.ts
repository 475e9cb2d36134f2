import { defineCommand, type OptionDef } from './define.ts';

const options = [
  {
    name: 'filter',
    type: 'filter',
    positional: true,
    description: { 'zh-CN': 'open 未办结 / mine 我的 / overdue 超时', en: 'open, mine or overdue' },
  },
  { name: 'unit', type: 'unit', description: { 'zh-CN': '单位代码（含下级）', en: 'Unit code (its subtree)' } },
  { name: 'page', type: 'page', description: { 'zh-CN': '页码（最紧急的在第 1 页）', en: 'Page number (the most urgent are on page 1)' } },
] as const satisfies readonly OptionDef[];

export const listCommand = defineCommand({
  name: 'list',
  summary: { 'zh-CN': '列出案件', en: 'List cases' },
  usage: '/complaint list [open|mine|overdue] [unit=CODE] [page=N]',
  example: '/complaint list overdue unit=BR01',
  options,
});
