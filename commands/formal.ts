import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '办理情况', en: 'Details' },
  max: 2000,
} as const satisfies TextDef;

/** §16.2: the formal loss report ends the oral report's clock, also on a resolved case. */
export const formalCommand = defineCommand({
  name: 'formal',
  summary: { 'zh-CN': '正式挂失已办理（结束口头挂失时限）', en: 'Formal loss report filed (ends the oral report clock)' },
  usage: '/complaint formal CASE [text]',
  example: { 'zh-CN': '/complaint formal C12 客户已到柜面办理正式挂失', en: '/complaint formal C12 the customer filed it at the counter' },
  options,
  text,
});
