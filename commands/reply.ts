import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '答复内容', en: 'What the customer was told' },
  max: 2000,
} as const satisfies TextDef;

export const replyCommand = defineCommand({
  name: 'reply',
  summary: { 'zh-CN': '已答复客户', en: 'Mark the customer replied to' },
  usage: '/complaint reply CASE [text]',
  example: {
    'zh-CN': '/complaint reply C12 已解释系统升级，承诺今日18点前办结',
    en: '/complaint reply C12 explained the upgrade, promised completion by 18:00 today',
  },
  options,
  text,
});
