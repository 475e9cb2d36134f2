import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  caseOption,
  {
    name: 'line',
    type: 'line',
    positional: true,
    required: true,
    description: { 'zh-CN': '业务条线，如 operations（运营）', en: 'Business line, e.g. operations' },
  },
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'optional',
  name: 'text',
  description: { 'zh-CN': '报送说明', en: 'What the line is told' },
  max: 2000,
} as const satisfies TextDef;

/** §15.7 (§四(三)6, 7, 10): report a case along a business line by hand. */
export const lineCommand = defineCommand({
  name: 'line',
  summary: { 'zh-CN': '报业务条线（按条线上报）', en: 'Report a case to a business line' },
  usage: '/complaint line CASE LINE [text]',
  example: {
    'zh-CN': '/complaint line C12 operations 客户账户信息异常，请运营条线核查',
    en: '/complaint line C12 operations account data wrong, please check',
  },
  options,
  text,
});
