import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { buildDailySummary } from '../../src/core/use-cases/build-daily-summary.ts';
import { hourlyTotals, loadHourlyCounts } from '../../src/reports/hourly.ts';
import { renderSummaryChart } from '../../src/reports/summary-chart.ts';

const TZ = 'Asia/Shanghai';
let d: TestDesk;

beforeAll(async () => {
  d = await testDesk({ start: atLocal('2026-11-30', '23:59', TZ) });
  const at = (date: string, hm: string) => d.clock.set(atLocal(date, hm, TZ));
  // the day before, one minute to midnight: not on 12-01's chart
  expect((await d.run('zhang', '/complaint new unit=OUT-12 排队')).ok).toBe(true);
  at('2026-12-01', '00:01');
  // C2, hour 0: external intake → complaint (§7)
  expect((await d.run('ma', '/complaint new unit=OUT-11 channel=regulator 投诉到银监局')).ok).toBe(true);
  at('2026-12-01', '09:10');
  // C3, hour 9: handled at the outlet in time → not counted
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队')).ok).toBe(true);
  expect((await d.run('zhang', '/complaint resolve C3 fault=not_at_fault valid=yes')).ok).toBe(true);
  // C4, hour 9: transferred up in time → consultation
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=transaction 转账未到账')).ok).toBe(true);
  expect((await d.run('zhang', '/complaint transfer C4 需支行处理')).ok).toBe(true);
  expect((await d.run('he', '/complaint resolve C4 fault=at_fault valid=yes')).ok).toBe(true);
  // C5, hour 14, other branch: not in BR01's counts
  at('2026-12-01', '14:30');
  expect((await d.run('hu', '/complaint new unit=OUT-31 排队')).ok).toBe(true);
  // C6, hour 23: 23:59 local
  at('2026-12-01', '23:59');
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=cutover 系统升级')).ok).toBe(true);
});

afterAll(async () => {
  await d.close();
});

describe('cases by hour for the chart (§8)', () => {
  it('counts a unit subtree by local hour and statistic class, as of the summary moment', async () => {
    const now = atLocal('2026-12-02', '00:05', TZ);
    const rows = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'BR01', date: '2026-12-01', now });
    expect(rows).toHaveLength(24);
    const nonZero = rows.filter((r) => r.not_counted + r.consultation + r.complaint > 0);
    expect(nonZero).toEqual([
      { hour: 0, not_counted: 0, consultation: 0, complaint: 1 },
      { hour: 9, not_counted: 1, consultation: 1, complaint: 0 },
      { hour: 23, not_counted: 1, consultation: 0, complaint: 0 },
    ]);
    // one case per page gives the same counts
    expect(await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'BR01', date: '2026-12-01', now }, 1)).toEqual(rows);
    // the province sees BR02's case at 14:00 too
    const prov = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'PROV', date: '2026-12-01', now });
    expect(prov[14].not_counted + prov[14].consultation + prov[14].complaint).toBe(1);
  });

  it('agrees with the summary’s statistic classes', async () => {
    const now = atLocal('2026-12-02', '00:05', TZ);
    for (const unitCode of ['BR01', 'PROV']) {
      const rows = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode, date: '2026-12-01', now });
      const summary = await buildDailySummary(d.core.desk.ctx, { unitCode, date: '2026-12-01', now });
      expect(hourlyTotals(rows)).toEqual(summary.byClass);
    }
  });

  it('renders the day’s chart from the database', async () => {
    const now = atLocal('2026-12-02', '00:05', TZ);
    const summary = await buildDailySummary(d.core.desk.ctx, { unitCode: 'BR01', date: '2026-12-01', now });
    const rows = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'BR01', date: '2026-12-01', now });
    const { png } = await renderSummaryChart(summary, rows, { locale: 'zh-CN', unitName: (c) => d.core.roster.unit(c)?.name });
    expect(png.readUInt32BE(16)).toBe(1000);
    if (process.env.CHART_OUT) (await import('node:fs')).writeFileSync(process.env.CHART_OUT, png);
  });
});
