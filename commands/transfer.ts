import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  caseOption,
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'reason',
  description: { 'zh-CN': '移交原因', en: 'Why it is transferred' },
  max: 2000,
} as const satisfies TextDef;

export const transferCommand = defineCommand({
  name: 'transfer',
  summary: { 'zh-CN': '本单位无法解决，移交上级单位', en: 'Transfer the case to the parent unit' },
  usage: '/complaint transfer CASE [reason]',
  example: { 'zh-CN': '/complaint transfer C12 需分行协调', en: '/complaint transfer C12 needs the branch to coordinate' },
  options,
  text,
});
