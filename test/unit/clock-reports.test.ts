/** §16.1 and §16.5 on the paperwork and the board: the phase and the callbacks in the mail, the phase in the board header. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster, Roster } from '../../src/core/domain/roster.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { summaryHtml } from '../../src/reports/daily-mail.ts';
import { pageHtml } from '../../src/platforms/web/board-view.ts';
import { phaseText } from '../../src/core/i18n/clock-render.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import type { DailySummary } from '../../src/core/domain/daily-summary.ts';

const demo = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));
const withOutage = (locale: 'zh-CN' | 'en' = 'zh-CN') =>
  new Roster(
    { ...demo.settings, locale, cutover: { outage_from: '2026-12-05 18:00', outage_to: '2026-12-07 08:00' } },
    demo.units,
    demo.members,
  );
const ctx = (r: Roster) => ({ roster: r, locale: r.settings.locale, tz: r.settings.timezone });
const local = (d: string, hm: string) => atLocal(d, hm, 'Asia/Shanghai');

describe('§16.1 the phase words', () => {
  it('names before, during with the time left, and after, in both locales; nothing without a window', () => {
    const r = ctx(withOutage());
    expect(phaseText(r, local('2026-12-05', '17:59'))).toBe('停业前（停业 2026-12-05 18:00 至 2026-12-07 08:00）');
    expect(phaseText(r, local('2026-12-05', '18:00'))).toBe('停业中（至 2026-12-07 08:00，剩余 1天14小时）');
    expect(phaseText(r, local('2026-12-07', '08:00'))).toBe('投产后（停业 2026-12-05 18:00 至 2026-12-07 08:00 已结束）');
    expect(phaseText(ctx(withOutage('en')), local('2026-12-07', '07:30'))).toBe('outage in progress (until 2026-12-07 08:00, 30m left)');
    expect(phaseText(ctx(demo), local('2026-12-06', '12:00'))).toBeNull();
  });
});

describe('§16 in the mail and on the board', () => {
  const summary = {
    unit: 'BR01',
    date: '2026-12-06',
    stats: {
      received: 0,
      open: 0,
      resolved: 0,
      not_counted: 0,
      consultation: 0,
      complaint: 0,
      overdue: 0,
      escalated: 0,
      carried_over: 0,
      carried_over_overdue: 0,
      callbacks: 4,
      satisfaction: 0.75,
    },
    byUnitCategory: [],
    byClass: { not_counted: 0, consultation: 0, complaint: 0 },
    byResponsibility: {},
    compliance: {},
    escalations: [],
    openCases: [],
    lateTransfers: [],
    hotCategories: [],
    hotUnits: [],
    focusGroups: { cash: 0, card: 0, personal: 0 },
    callbacks: { callbacks: 4, satisfied: 2, basically: 1, unsatisfied: 1, rate: 0.75 },
    phase: '停业中（至 2026-12-07 08:00，剩余 12小时）',
    text: '',
  } as DailySummary;

  it('the mail names the phase and the window’s callbacks with the satisfaction rate', () => {
    const html = summaryHtml(withOutage(), summary, false);
    expect(html).toContain('切换阶段</b>: 停业中（至 2026-12-07 08:00，剩余 12小时）');
    expect(html).toContain('回访 4 件：满意 2，基本满意 1，不满意 1；满意率 75%');
    const plain = summaryHtml(
      demo,
      { ...summary, phase: null, callbacks: { callbacks: 0, satisfied: 0, basically: 0, unsatisfied: 0, rate: null } },
      false,
    );
    expect(plain).not.toContain('切换阶段');
    expect(plain).not.toContain('满意率');
  });

  it('the board header names the phase', () => {
    const page = (r: Roster) =>
      pageHtml({
        r: ctx(r),
        scope: r.unit('BR01')!,
        handle: 'liu',
        expiresAt: local('2026-12-06', '20:00'),
        now: local('2026-12-06', '20:00'),
        cursor: 0,
        query: '',
        tv: false,
        rows: [],
        total: 0,
        pageSize: 50,
        feed: '',
        tiles: '',
        stats: '',
        streamRetryS: 30,
      });
    expect(page(withOutage())).toContain('<span class="phase">切换阶段: <b>停业中（至 2026-12-07 08:00，剩余 12小时）</b></span>');
    expect(page(demo)).not.toContain('class="phase"');
  });
});
