import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { buildDailySummary } from '../../src/core/use-cases/build-daily-summary.ts';
import { hourlyTotals, loadHourlyCounts } from '../../src/reports/hourly.ts';
import { renderSummaryChart } from '../../src/reports/summary-chart.ts';

const TZ = 'Asia/Shanghai';
let d: TestDesk;

beforeAll(async () => {
  d = await testDesk({ start: atLocal('2026-11-30', '19:59', TZ) });
  // C1, 19:59 the day before: before the report window of 12-01 (20:00 on 11-30 to 20:00 on 12-01), not on its chart
  expect((await d.run('zhang', '/complaint new unit=OUT-12 排队')).ok).toBe(true);
  await d.at('21:30', '2026-11-30');
  // C2, hour 21 of the evening before: in 12-01's window (§8), handled at the outlet in time → not counted
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=atm 夜间ATM吞卡')).ok).toBe(true);
  expect((await d.run('zhang', '/complaint resolve C2 fault=not_at_fault valid=yes')).ok).toBe(true);
  await d.at('00:01', '2026-12-01');
  // C3, hour 0: external intake → complaint (§7)
  expect((await d.run('ma', '/complaint new unit=OUT-11 channel=regulator 投诉到银监局')).ok).toBe(true);
  await d.at('09:10', '2026-12-01');
  // C4, hour 9: handled at the outlet in time → not counted
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队')).ok).toBe(true);
  expect((await d.run('zhang', '/complaint resolve C4 fault=not_at_fault valid=yes')).ok).toBe(true);
  // C5, hour 9: transferred up in time → consultation
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=transaction 转账未到账')).ok).toBe(true);
  expect((await d.run('zhang', '/complaint transfer C5 需支行处理')).ok).toBe(true);
  expect((await d.run('he', '/complaint resolve C5 fault=at_fault valid=yes')).ok).toBe(true);
  // C6, hour 14, other branch: not in BR01's counts
  await d.at('14:30', '2026-12-01');
  expect((await d.run('hu', '/complaint new unit=OUT-31 排队')).ok).toBe(true);
  // C7, hour 19: a phone case whose on-site hour runs out at 20:00 sharp, the summary's moment: it breaches after
  // the table was posted, and later still it is escalated
  await d.at('19:00', '2026-12-01');
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=waiting channel=phone 电话投诉')).ok).toBe(true);
  // C8, 20:00 sharp: the next window's
  await d.at('20:00', '2026-12-01');
  expect((await d.run('zhang', '/complaint new unit=OUT-12 category=cutover 系统升级')).ok).toBe(true);
  await d.at('23:00', '2026-12-01');
  expect((await d.run('li', '/complaint escalate C7 久未到场')).ok).toBe(true);
});

afterAll(async () => {
  await d.close();
});

describe('cases by hour for the chart (§8)', () => {
  it('counts a unit subtree by local hour and statistic class over the report window, from its first hour', async () => {
    const rows = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'BR01', date: '2026-12-01' });
    expect(rows).toHaveLength(24);
    expect(rows.map((r) => r.hour)).toEqual([20, 21, 22, 23, ...Array.from({ length: 20 }, (_, h) => h)]);
    const nonZero = rows.filter((r) => r.not_counted + r.consultation + r.complaint > 0);
    expect(nonZero).toEqual([
      { hour: 21, not_counted: 1, consultation: 0, complaint: 0 },
      { hour: 0, not_counted: 0, consultation: 0, complaint: 1 },
      { hour: 9, not_counted: 1, consultation: 1, complaint: 0 },
      { hour: 19, not_counted: 0, consultation: 0, complaint: 1 },
    ]);
    // one case per page gives the same counts
    expect(await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'BR01', date: '2026-12-01' }, 1)).toEqual(rows);
    // the province sees BR02's case at 14:00 too
    const prov = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'PROV', date: '2026-12-01' });
    const h14 = prov.find((r) => r.hour === 14)!;
    expect(h14.not_counted + h14.consultation + h14.complaint).toBe(1);
  });

  it('agrees with the summary’s statistic classes for a past day (a breach and an escalation after the summary time included)', async () => {
    const now = atLocal('2026-12-03', '10:00', TZ);
    for (const unitCode of ['BR01', 'PROV']) {
      const rows = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode, date: '2026-12-01' });
      const summary = await buildDailySummary(d.core.desk.ctx, { unitCode, date: '2026-12-01', now });
      expect(hourlyTotals(rows)).toEqual(summary.byClass);
      expect(summary.stats.received).toBe(unitCode === 'BR01' ? 5 : 6);
    }
    // and the summary posted at 20:00 on 12-01 holds the same window
    const posted = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01' && m.at.startsWith('2026-12-01T20:00'))!;
    expect(posted.stats).toMatchObject({ received: 5 });
  });

  it('renders the day’s chart from the database', async () => {
    const now = atLocal('2026-12-02', '00:05', TZ);
    const summary = await buildDailySummary(d.core.desk.ctx, { unitCode: 'BR01', date: '2026-12-01', now });
    const rows = await loadHourlyCounts(d.core.store, d.core.roster, { unitCode: 'BR01', date: '2026-12-01' });
    const { png } = await renderSummaryChart(summary, rows, { locale: 'zh-CN', unitName: (c) => d.core.roster.unit(c)?.name });
    expect(png.readUInt32BE(16)).toBe(1000);
    if (process.env.CHART_OUT) (await import('node:fs')).writeFileSync(process.env.CHART_OUT, png);
  });
});
