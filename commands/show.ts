import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options: OptionDef[] = [
  caseOption,
];

export const showCommand = defineCommand({
  name: 'show',
  summary: { 'zh-CN': '查看案件详情', en: 'Show a case' },
  usage: '/complaint show CASE',
  example: '/complaint show C12',
  options,
});
