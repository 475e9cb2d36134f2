import { defineCommand, type TextDef } from './define.ts';

const text = {
  mode: 'required',
  name: 'TEXT',
  description: { 'zh-CN': '日志内容', en: 'The entry' },
  max: 2000,
} as const satisfies TextDef;

/** §12 工作日志: an entry in your unit's work log. */
export const logCommand = defineCommand({
  name: 'log',
  summary: { 'zh-CN': '记工作日志', en: "Add an entry to your unit's work log" },
  usage: '/complaint log TEXT',
  example: {
    'zh-CN': '/complaint log 22:00 核心系统停机，已通知各网点按统一口径解释',
    en: '/complaint log core system down at 22:00; outlets told to use the unified explanation',
  },
  options: [],
  text,
});
