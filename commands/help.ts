import { defineCommand, type OptionDef } from './define.ts';

const options = [
  { name: 'command', type: 'command', positional: true, description: { 'zh-CN': '子命令', en: 'Subcommand' } },
] as const satisfies readonly OptionDef[];

export const helpCommand = defineCommand({
  name: 'help',
  summary: { 'zh-CN': '命令帮助', en: 'Help on commands' },
  usage: '/complaint help [SUBCOMMAND]',
  example: '/complaint help new',
  options,
});
