import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];

export const arriveCommand = defineCommand({
  name: 'arrive',
  summary: { 'zh-CN': '已到场', en: 'Mark the case on site' },
  usage: '/complaint arrive CASE',
  example: '/complaint arrive C12',
  options,
});
