/** §8 the summary chart's words (src/reports/summary-chart.ts draws them), in both label languages. */
import type { DailySummary } from '../domain/daily-summary.ts';
import { summaryTitle } from './render.ts';

/** Chart words, in both label languages. */
export const CHART_WORDS = {
  'zh-CN': {
    hourTitle: '各时段受理案件（按统计口径）',
    hourAxis: '受理时段（时）',
    countAxis: '件数',
    topCategories: '热点类别',
    topUnits: '热点单位',
    classes: '统计口径',
    empty: '当日无受理案件',
    none: '无',
    figures: (s: DailySummary['stats']) =>
      `受理 ${s.received} 件 · 办结 ${s.resolved} · 未办结 ${s.open} · 超时 ${s.overdue} · 升级 ${s.escalated}`,
    title: (s: DailySummary, name?: string) => summaryTitle('zh-CN', s, name),
    moreCategories: (n: number, cases: number) => `其他 ${n} 类 ${cases} 件`,
  },
  en: {
    hourTitle: 'Cases received by hour, by statistic class',
    hourAxis: 'Hour received',
    countAxis: 'Cases',
    topCategories: 'Top categories',
    topUnits: 'Top units',
    classes: 'Statistic class',
    empty: 'No cases received this day',
    none: 'none',
    figures: (s: DailySummary['stats']) =>
      `Received ${s.received} · resolved ${s.resolved} · open ${s.open} · overdue ${s.overdue} · escalated ${s.escalated}`,
    title: (s: DailySummary, _name?: string) => summaryTitle('en', s), // by code: a name may need CJK glyphs
    moreCategories: (n: number, cases: number) => `${n} more categories: ${cases}`,
  },
} as const;
