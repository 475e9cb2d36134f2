import { defineCommand, type OptionDef } from './define.ts';

const options = [
  { name: 'unit', type: 'unit', description: { 'zh-CN': '单位代码（默认本人单位）', en: 'Unit code (default: yours)' } },
] as const satisfies readonly OptionDef[];

/** §15.5: a unit's leaders, liaison and members on duty, with their numbers, and its press and security contacts. */
export const contactsCommand = defineCommand({
  name: 'contacts',
  summary: { 'zh-CN': '查看单位联系人及电话', en: "A unit's contacts and their numbers" },
  usage: '/complaint contacts [unit=CODE]',
  example: '/complaint contacts unit=OUT-12',
  options,
});
