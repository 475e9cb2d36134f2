import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  caseOption,
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'reason',
  description: { 'zh-CN': '升级原因', en: 'Why' },
  max: 2000,
} as const satisfies TextDef;

export const escalateCommand = defineCommand({
  name: 'escalate',
  summary: { 'zh-CN': '人工升级到上一级', en: 'Escalate one level up' },
  usage: '/complaint escalate CASE [reason]',
  example: { 'zh-CN': '/complaint escalate C12 客户要求分行领导接待', en: '/complaint escalate C12 the customer asks to see a branch leader' },
  options,
  text,
});
