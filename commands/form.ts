import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];

/** §14: the case's handling form (客户投诉处理单) as a PDF. */
export const formCommand = defineCommand({
  name: 'form',
  summary: { 'zh-CN': '生成案件处理单（PDF）', en: "Print a case's handling form (PDF)" },
  usage: '/complaint form CASE',
  example: '/complaint form C12',
  options,
});
