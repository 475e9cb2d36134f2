import { caseOption, defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [caseOption] as const satisfies readonly OptionDef[];
const text = {
  mode: 'required',
  name: 'TEXT',
  description: { 'zh-CN': '备注内容', en: 'The note' },
  max: 2000,
} as const satisfies TextDef;

export const noteCommand = defineCommand({
  name: 'note',
  summary: { 'zh-CN': '添加备注', en: 'Add a note to the timeline' },
  usage: '/complaint note CASE TEXT',
  example: { 'zh-CN': '/complaint note C12 客户情绪已平复', en: '/complaint note C12 the customer has calmed down' },
  options,
  text,
});
