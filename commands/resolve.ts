import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  caseOption,
  {
    name: 'fault',
    type: 'fault',
    required: true,
    description: {
      'zh-CN': '责任认定：at_fault 有责 / not_at_fault 无责 / shared 双方责任',
      en: 'Responsibility: at_fault, not_at_fault or shared',
    },
  },
  {
    name: 'valid',
    type: 'yesno',
    required: true,
    description: { 'zh-CN': '是否有效投诉（no 为特殊投诉）', en: 'Valid complaint? (no = special complaint)' },
  },
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '办结说明', en: 'Closing remarks' },
  max: 2000,
} as const satisfies TextDef;

export const resolveCommand = defineCommand({
  name: 'resolve',
  summary: { 'zh-CN': '办结案件', en: 'Resolve the case' },
  usage: '/complaint resolve CASE fault=at_fault|not_at_fault|shared valid=yes|no [text]',
  example: {
    'zh-CN': '/complaint resolve C12 fault=not_at_fault valid=yes 客户满意',
    en: '/complaint resolve C12 fault=not_at_fault valid=yes the customer is satisfied',
  },
  options,
  text,
});
