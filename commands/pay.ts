import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [
  caseOption,
  { name: 'amount', type: 'amount', positional: true, required: true, description: { 'zh-CN': '金额（元）', en: 'Amount in yuan' } },
] as const satisfies readonly OptionDef[];

export const payCommand = defineCommand({
  name: 'pay',
  summary: { 'zh-CN': '紧急支付（仅第4类紧急取现）', en: 'Record an emergency payment (category 4 only)' },
  usage: '/complaint pay CASE AMOUNT',
  example: '/complaint pay C12 2000',
  options,
});
