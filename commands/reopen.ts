import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '重开原因', en: 'Why it is reopened' },
  max: 2000,
} as const satisfies TextDef;

export const reopenCommand = defineCommand({
  name: 'reopen',
  summary: { 'zh-CN': '客户再次投诉，重开案件', en: 'Reopen a resolved case: the customer came back' },
  usage: '/complaint reopen CASE [text]',
  example: { 'zh-CN': '/complaint reopen C12 客户对处理结果不满意', en: '/complaint reopen C12 the customer is unhappy with the outcome' },
  options,
  text,
});
