import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];

/** §15.6 the customer's full name and number, privately, with an audit trail. */
export const phoneCommand = defineCommand({
  name: 'phone',
  summary: { 'zh-CN': '查看客户完整姓名和号码（仅本人可见，留痕）', en: "See the customer's full name and number (only you; audited)" },
  usage: '/complaint phone CASE',
  example: '/complaint phone C12',
  options,
});
