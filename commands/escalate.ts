import { caseOption, defineCommand, toLevelOption, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption, toLevelOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'reason',
  description: { 'zh-CN': '升级原因', en: 'Why' },
  max: 2000,
} as const satisfies TextDef;

export const escalateCommand = defineCommand({
  name: 'escalate',
  summary: { 'zh-CN': '人工升级到上一级，或用 to= 直报分行/省行', en: 'Escalate one level up, or straight up with to=' },
  usage: '/complaint escalate CASE [to=subbranch|branch|province] [reason]',
  example: {
    'zh-CN': '/complaint escalate C12 to=province 客户扬言集体上访',
    en: '/complaint escalate C12 to=province the customer threatens a group petition',
  },
  options,
  text,
});
