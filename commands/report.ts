import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '报告内容', en: 'The result reported' },
  max: 2000,
} as const satisfies TextDef;

export const reportCommand = defineCommand({
  name: 'report',
  summary: { 'zh-CN': '已向同级小组报告结果', en: 'Mark the result reported to the group' },
  usage: '/complaint report CASE [text]',
  example: { 'zh-CN': '/complaint report C12 已办理完毕', en: '/complaint report C12 done' },
  options,
  text,
});
