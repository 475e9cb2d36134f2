import { caseOption, defineCommand, toLevelOption, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption, toLevelOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'reason',
  description: { 'zh-CN': '移交原因', en: 'Why it is transferred' },
  max: 2000,
} as const satisfies TextDef;

export const transferCommand = defineCommand({
  name: 'transfer',
  summary: {
    'zh-CN': '本单位无法解决，移交上级单位（to= 直接移交分行/省行）',
    en: 'Transfer the case to the parent unit (to= straight to a higher level)',
  },
  usage: '/complaint transfer CASE [to=subbranch|branch|province] [reason]',
  example: {
    'zh-CN': '/complaint transfer C12 to=branch 网点无法解决，需分行协调',
    en: '/complaint transfer C12 to=branch the outlet cannot solve it',
  },
  options,
  text,
});
