/** §8, §13: the board's "today" is the report in progress: the window since the last summary time. */
import { afterEach, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { BoardScope, renderCtx } from '../../src/platforms/web/board-data.ts';
import { buildDailySummary } from '../../src/core/use-cases/build-daily-summary.ts';
import { reportDateAt, reportWindow } from '../../src/core/rules/report-window.ts';
import { atLocal } from '../../src/core/domain/time.ts';

const TZ = 'Asia/Shanghai';
let d: TestDesk;
afterEach(async () => {
  await d?.close();
});

describe('the report window (§8)', () => {
  it('runs from the previous summary time to the day’s, and the day in progress turns at the summary time', () => {
    expect(reportWindow('2027-03-01', '18:30', TZ)).toEqual({
      from: atLocal('2027-02-28', '18:30', TZ),
      to: atLocal('2027-03-01', '18:30', TZ),
    });
    expect(reportDateAt(atLocal('2027-02-28', '18:29', TZ), '18:30', TZ)).toBe('2027-02-28');
    expect(reportDateAt(atLocal('2027-02-28', '18:30', TZ), '18:30', TZ)).toBe('2027-03-01');
    expect(reportDateAt(atLocal('2027-12-31', '23:50', TZ), '18:30', TZ)).toBe('2028-01-01');
  });
});

describe('the board’s today (§13) follows the report window (§8)', () => {
  it('after the summary time the tiles count the cases since then, not the calendar day’s', async () => {
    d = await testDesk({ start: atLocal('2026-12-01', '19:00', TZ) });
    await d.at('19:30');
    await d.run('zhang', '/complaint new unit=OUT-12 category=atm 吞卡'); // C1: 12-01's report
    await d.at('20:30');
    await d.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队'); // C2: 12-02's report
    await d.run('ma', '/complaint new unit=OUT-11 category=waiting 排队'); // C3: 12-02's report
    const roster = d.core.roster;
    const scope = new BoardScope(
      roster.unit('BR01')!,
      {
        roster,
        clock: d.clock,
        source: d.core.store,
        summaryOf: (unitCode, date, now) => buildDailySummary(d.core.desk.ctx, { unitCode, date, now }),
        chartOf: async () => Buffer.alloc(0),
      },
      renderCtx(roster),
    );
    const received = (html: string, unit: string) => Number(new RegExp(`data-unit="${unit}".*?data-k="received">(\\d+)<`).exec(html)?.[1]);
    const evening = await scope.summary(d.clock.now());
    expect(received(evening.tiles, 'BR01')).toBe(2);
    expect(evening.total).toBe(3); // the open list is every open case, whatever its day
    const before = await scope.summary(atLocal('2026-12-01', '19:45', TZ));
    expect(received(before.tiles, 'BR01')).toBe(1);
  });
});
