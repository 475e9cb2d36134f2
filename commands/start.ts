import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];

export const startCommand = defineCommand({
  name: 'start',
  summary: { 'zh-CN': '接收移交后开始处理', en: 'Start work on a case (after a transfer)' },
  usage: '/complaint start CASE',
  example: '/complaint start C12',
  options,
});
