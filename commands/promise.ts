import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  caseOption,
  {
    name: 'by',
    type: 'moment',
    required: true,
    description: {
      'zh-CN': '承诺办结时间：HH:MM（今天）或 "YYYY-MM-DD HH:MM"',
      en: 'The promised time: HH:MM (today) or "YYYY-MM-DD HH:MM"',
    },
  },
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '向客户承诺的内容', en: 'What was promised' },
  max: 2000,
} as const satisfies TextDef;

/** §16.3 (§四(三)2, 7: 承诺办结时间). */
export const promiseCommand = defineCommand({
  name: 'promise',
  summary: { 'zh-CN': '登记向客户承诺的办结时间', en: 'Record the completion time promised to the customer' },
  usage: '/complaint promise CASE by=HH:MM|"YYYY-MM-DD HH:MM" [text]',
  example: {
    'zh-CN': '/complaint promise C12 by=18:00 系统恢复后为客户补办转账',
    en: '/complaint promise C12 by=18:00 the transfer is redone once the system is back',
  },
  options,
  text,
});
