import { defineCommand, type OptionDef } from './define.ts';

const options = [] as const satisfies readonly OptionDef[];

/** §13: a personal, signed link to the war-room board (answered only to the actor). */
export const boardCommand = defineCommand({
  name: 'board',
  summary: { 'zh-CN': '获取作战看板的个人链接', en: 'Get your personal link to the war-room board' },
  usage: '/complaint board',
  example: '/complaint board',
  options,
});
