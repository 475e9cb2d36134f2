import { defineCommand, type OptionDef } from './define.ts';

const options = [
  { name: 'from', type: 'date', description: { 'zh-CN': '起始日期（含），默认本月1日', en: 'First day (default: the 1st of this month)' } },
  { name: 'to', type: 'date', description: { 'zh-CN': '结束日期（含），默认今天', en: 'Last day (default: today)' } },
  { name: 'unit', type: 'unit', description: { 'zh-CN': '单位代码，默认本人所在分行', en: 'Unit code (default: your branch)' } },
] as const satisfies readonly OptionDef[];

/** §16.5: the per-unit, per-person table that "与单位、员工的绩效挂钩" needs. */
export const scorecardCommand = defineCommand({
  name: 'scorecard',
  summary: { 'zh-CN': '绩效表（按单位、按人员）', en: 'Scorecard per unit and per person' },
  usage: '/complaint scorecard [from=YYYY-MM-DD] [to=YYYY-MM-DD] [unit=CODE]',
  example: '/complaint scorecard from=2026-12-01 to=2026-12-07 unit=BR01',
  options,
});
