import { defineCommand, type OptionDef } from './define.ts';

const options = [
  { name: 'unit', type: 'unit', description: { 'zh-CN': '单位代码（默认本人单位）', en: 'Unit code (default: yours)' } },
] as const satisfies readonly OptionDef[];

/** §15.5 (§三.2): the unit's outage notice for its door, as an A4 PDF. */
export const noticeCommand = defineCommand({
  name: 'notice',
  summary: { 'zh-CN': '生成停业公告（PDF）', en: "Print a unit's outage notice (PDF)" },
  usage: '/complaint notice [unit=CODE]',
  example: '/complaint notice unit=OUT-12',
  options,
});
