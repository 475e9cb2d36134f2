import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options: OptionDef[] = [
  caseOption,
];

export const arriveCommand = defineCommand({
  name: 'arrive',
  summary: { 'zh-CN': '已到场', en: 'Mark the case on site' },
  usage: '/complaint arrive CASE',
  example: '/complaint arrive C12',
  options,
});
