import { defineCommand, type OptionDef } from './define.ts';

const options: OptionDef[] = [
  { name: 'command', type: 'command', positional: true, description: { 'zh-CN': '子命令', en: 'Subcommand' } },
];

export const helpCommand = defineCommand({
  name: 'help',
  summary: { 'zh-CN': '命令帮助', en: 'Help on commands' },
  usage: '/complaint help [SUBCOMMAND]',
  example: '/complaint help new',
  options,
});
