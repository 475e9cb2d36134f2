import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];

export const showCommand = defineCommand({
  name: 'show',
  summary: { 'zh-CN': '查看案件详情', en: 'Show a case' },
  usage: '/complaint show CASE',
  example: '/complaint show C12',
  options,
});
