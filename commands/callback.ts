import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  caseOption,
  {
    name: 'result',
    type: 'result',
    required: true,
    description: {
      'zh-CN': '回访结果：satisfied 满意、basically 基本满意、unsatisfied 不满意',
      en: 'The result: satisfied, basically or unsatisfied',
    },
  },
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '客户意见', en: 'What the customer said' },
  max: 2000,
} as const satisfies TextDef;

/** §16.5 (§三.3 回复客户满意率与绩效挂钩; 篇二 酌情回访). */
export const callbackCommand = defineCommand({
  name: 'callback',
  summary: { 'zh-CN': '登记回访结果（满意/基本满意/不满意）', en: 'Record the customer callback (satisfied/basically/unsatisfied)' },
  usage: '/complaint callback CASE result=satisfied|basically|unsatisfied [text]',
  example: {
    'zh-CN': '/complaint callback C12 result=satisfied 客户对处理结果满意',
    en: '/complaint callback C12 result=satisfied happy with the outcome',
  },
  options,
  text,
});
