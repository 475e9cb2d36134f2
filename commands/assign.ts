import { caseOption, defineCommand, type OptionDef } from './define.ts';

const options = [
  caseOption,
  {
    name: 'handle',
    type: 'handle',
    positional: true,
    required: true,
    description: { 'zh-CN': '承办人 @handle', en: 'Handler as @handle' },
  },
] as const satisfies readonly OptionDef[];

export const assignCommand = defineCommand({
  name: 'assign',
  summary: { 'zh-CN': '指派承办人', en: 'Set the handler of a case' },
  usage: '/complaint assign CASE @handle',
  example: '/complaint assign C12 @li',
  options,
});
