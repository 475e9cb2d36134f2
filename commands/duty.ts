import { defineCommand, type OptionDef } from './define.ts';

const options = [
  {
    name: 'take',
    type: 'take',
    positional: true,
    description: { 'zh-CN': 'take：本人从现在起接班值守', en: 'take: go on duty yourself from now' },
  },
  { name: 'unit', type: 'unit', description: { 'zh-CN': '单位代码（默认本人单位）', en: 'Unit code (default: yours)' } },
  {
    name: 'until',
    type: 'time',
    description: {
      'zh-CN': '接班至 HH:MM（默认到本班结束，否则 8 小时）',
      en: 'On duty until HH:MM (default: the end of the shift running, else 8 hours)',
    },
  },
] as const satisfies readonly OptionDef[];

/** §12 值守: who is on duty, and taking duty. */
export const dutyCommand = defineCommand({
  name: 'duty',
  summary: { 'zh-CN': '查看值守人员，或接班值守', en: 'Who is on duty; take duty yourself' },
  usage: '/complaint duty [take] [unit=CODE] [until=HH:MM]',
  example: '/complaint duty take unit=BR01 until=23:30',
  options,
});
