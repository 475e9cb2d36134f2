import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '联系情况', en: 'What was said' },
  max: 2000,
} as const satisfies TextDef;

/** §15.1 the contact of a handed-off 95566 case called the customer. */
export const contactedCommand = defineCommand({
  name: 'contacted',
  summary: { 'zh-CN': '已联系客户（95566 转办案件）', en: 'Mark the customer contacted (95566 hand-off)' },
  usage: '/complaint contacted CASE [text]',
  example: {
    'zh-CN': '/complaint contacted C12 已致电客户，约定明早到网点办理',
    en: '/complaint contacted C12 called the customer; they come in tomorrow morning',
  },
  options,
  text,
});
