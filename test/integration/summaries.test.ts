import { afterEach, describe, expect, it } from 'vitest';
import { rosterWith, testDesk, type TestDesk } from '../helpers/desk.ts';
import { buildDailySummary } from '../../src/core/use-cases/build-daily-summary.ts';
import { postDueSummaries } from '../../src/core/use-cases/post-daily-summaries.ts';
import { FrontDesk } from '../../src/platforms/shared/front-desk.ts';
import { openStore } from '../../src/db/open-store.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';

let d: TestDesk;
afterEach(async () => {
  await d?.close();
});

describe('end-of-day summary (SPEC §8)', () => {
  it('counts a constructed day: classes, responsibility, compliance, escalations, open and overdue', async () => {
    // §16.4: general cases keep §5's windows here (the day's compliance counts them)
    d = await testDesk({ roster: rosterWith({ general_process: 'cutover' }) });
    await d.at('09:00');
    await d.run('zhang', '/complaint new category=waiting customer=甲 柜台解决'); // C1 not counted
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    await d.run('zhang', '/complaint new category=transaction customer=乙 需支行协调'); // C2 consultation (transferred, in time)
    await d.run('zhang', '/complaint transfer C2');
    await d.run('he', '/complaint resolve C2 fault=shared valid=yes');
    await d.run('zhang', '/complaint new channel=minxin customer=丙 民心网'); // C3 complaint (external), left open
    await d.run('zhang', '/complaint arrive C3');
    await d.run('hu', '/complaint new unit=OUT-31 channel=phone customer=丁 电话'); // C4 other branch, breaches on site
    await d.at('10:30');
    await d.run('hu', '/complaint reply C4');
    await d.run('zhang', '/complaint new category=atm customer=戊 晚上来'); // C5 open, in time
    await d.at('20:00');
    const br01 = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01')!;
    const br02 = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR02')!;
    const prov = d.sent.find((m) => m.kind === 'summary' && m.unit === 'PROV')!;
    expect(br01.to).toBe('br01-group');
    expect(prov.to).toBe('prov-group');
    expect(br01.at).toBe('2026-12-01T20:00:00+08:00');
    // C3 breached its reply (4 h) and report deadlines by 20:00, C5 its reply
    // C3 and C5 also escalated one level up after their reply nags ran out (reason breach), C4 after its report's
    expect(br01.stats).toEqual({
      received: 4,
      open: 2,
      resolved: 2,
      not_counted: 1,
      consultation: 1,
      complaint: 2,
      overdue: 2,
      escalated: 2,
      carried_over: 0,
      carried_over_overdue: 0,
      callbacks: 0,
      satisfaction: null,
    });
    expect(br02.stats).toEqual({
      received: 1,
      open: 1,
      resolved: 0,
      not_counted: 0,
      consultation: 0,
      complaint: 1,
      overdue: 1,
      escalated: 1,
      carried_over: 0,
      carried_over_overdue: 0,
      callbacks: 0,
      satisfaction: null,
    });
    expect(prov.stats).toEqual({
      received: 5,
      open: 3,
      resolved: 2,
      not_counted: 1,
      consultation: 1,
      complaint: 3,
      overdue: 3,
      escalated: 3,
      carried_over: 0,
      carried_over_overdue: 0,
      callbacks: 0,
      satisfaction: null,
    });
    const s = await buildDailySummary(d.core.desk.ctx, { unitCode: 'PROV', date: '2026-12-01', now: d.clock.now() });
    expect(s.byResponsibility).toEqual({ not_at_fault: 1, shared: 1 });
    expect(s.compliance.onsite).toEqual({ on_time: 5, late: 1, open: 0, overdue: 0 }); // C2 twice: at the outlet and after its transfer
    expect(s.compliance.transfer).toEqual({ on_time: 1, late: 0, open: 0, overdue: 0 });
    expect(s.escalations).toEqual([
      { id: 'C3', reasons: ['skip_level'] },
      { id: 'C4', reasons: ['breach'] },
      { id: 'C5', reasons: ['breach'] },
    ]);
    expect(s.openCases.map((o) => [o.id, o.overdue])).toEqual([
      ['C3', true],
      ['C4', true],
      ['C5', true],
    ]);
    expect(s.hotUnits[0]).toEqual({ unit: 'OUT-12', count: 4 });
    expect(prov.text).toContain('纳入投诉统计 3');
  });

  it('answers /complaint summary on demand, for a date and a unit', async () => {
    d = await testDesk();
    await d.at('09:00');
    await d.run('zhang', '/complaint new 取不出钱');
    const r = await d.run('li', '/complaint summary');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('一分行(BR01) 2026-12-01');
    expect((await d.run('li', '/complaint summary 2026-11-30 unit=PROV')).text).toContain('受理 0 件');
    expect((await d.run('li', '/complaint summary unit=NOPE')).code).toBe('err_unknown_unit');
  });

  it('posts each (unit, day) once, across a restart and with two schedulers on one database', async () => {
    d = await testDesk();
    await d.at('09:00');
    await d.run('zhang', '/complaint new 取不出钱');
    // a second process on the same database file
    const clock2 = new ManualClock(d.clock.now());
    const { store: store2 } = await openStore(d.url);
    const desk2 = new FrontDesk({ store: store2, roster: d.core.roster, clock: clock2 });
    const at20 = atLocal('2026-12-01', '20:00', 'Asia/Shanghai');
    d.clock.set(at20);
    clock2.set(at20);
    // (two processes race on PostgreSQL in the replica tests; one SQLite file serializes its writers)
    const a = await postDueSummaries(desk2.ctx);
    const b = await postDueSummaries(d.core.desk.ctx);
    expect([a, b]).toEqual([3, 0]);
    // "restart": a fresh desk on the same file later that evening posts nothing again
    clock2.set(atLocal('2026-12-01', '22:00', 'Asia/Shanghai'));
    const desk3 = new FrontDesk({ store: store2, roster: d.core.roster, clock: clock2 });
    expect(await postDueSummaries(desk3.ctx)).toBe(0);
    await store2.close();
    await d.scheduler.tick();
    expect(d.sent.filter((m) => m.kind === 'summary')).toHaveLength(3);
  });

  it('after downtime, posts a missed summary late and says so', async () => {
    d = await testDesk();
    await d.at('09:00');
    await d.run('zhang', '/complaint new 取不出钱');
    await d.scheduler.stop();
    d.clock.set(atLocal('2026-12-02', '08:30', 'Asia/Shanghai')); // down from 09:00 until the next morning
    await d.scheduler.tick();
    const sums = d.sent.filter((m) => m.kind === 'summary');
    expect(sums.map((m) => m.unit).sort()).toEqual(['BR01', 'BR02', 'PROV']);
    for (const m of sums) expect(m.text).toContain('补发');
    expect(sums.find((m) => m.unit === 'BR01')!.stats!.received).toBe(1);
  });

  it('§8: puts 19:59 and 20:00 local in the right reports (the window ends at the summary time), whatever the machine time zone', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      d = await testDesk({ start: atLocal('2026-12-01', '19:00', 'Asia/Shanghai') });
      await d.at('19:59');
      await d.run('zhang', '/complaint new 傍晚投诉');
      await d.at('23:59');
      await d.run('zhang', '/complaint new 深夜投诉');
      await d.at('00:01', '2026-12-02');
      await d.run('zhang', '/complaint new 凌晨投诉');
      const ctx = d.core.desk.ctx;
      const now = d.clock.now();
      expect((await buildDailySummary(ctx, { unitCode: 'PROV', date: '2026-12-01', now })).stats.received).toBe(1);
      expect((await buildDailySummary(ctx, { unitCode: 'PROV', date: '2026-12-02', now })).stats.received).toBe(2);
      expect((await d.run('zhang', '/complaint show C2')).text).toContain('2026-12-01 23:59 周二');
      expect((await d.run('zhang', '/complaint show C3')).text).toContain('2026-12-02 00:01 周三');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('§8: a case received after the summary time is in the next report; an older open case is carried over, overdue', async () => {
    d = await testDesk({ start: atLocal('2026-12-01', '17:00', 'Asia/Shanghai') });
    // C1 17:10, a letter at OUT-11: in 12-01's report, still open and breached the next evening
    await d.at('17:10');
    await d.run('ma', '/complaint new unit=OUT-11 channel=letter category=atm 来函反映ATM吞卡');
    // C2 21:40, after the summary time: 12-02's report
    await d.at('21:40');
    await d.run('zhang', '/complaint new unit=OUT-12 category=waiting 夜间排队');
    await d.run('zhang', '/complaint resolve C2 fault=not_at_fault valid=yes');
    await d.at('20:00', '2026-12-02');
    const first = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01' && m.at.startsWith('2026-12-01'))!;
    expect(first.stats).toMatchObject({ received: 1, open: 1, carried_over: 0, carried_over_overdue: 0 });
    const next = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01' && m.at.startsWith('2026-12-02'))!;
    // the night's case is counted once, in the next evening's report, and yesterday's open case is not "all clear"
    expect(next.stats).toMatchObject({ received: 1, resolved: 1, open: 0, carried_over: 1, carried_over_overdue: 1 });
    expect(next.text).toContain('统计区间：2026-12-01 20:00 至 2026-12-02 20:00');
    expect(next.text).toMatch(/结转未办结 1 件（其中超时 1 件）：C1 1天2小时50分钟 @ma\S* 已超时/);
    const prov = d.sent.find((m) => m.kind === 'summary' && m.unit === 'PROV' && m.at.startsWith('2026-12-02'))!;
    expect(prov.stats).toMatchObject({ received: 1, carried_over: 1, carried_over_overdue: 1 });
    // BR02 has nothing carried over, and says so
    const br02 = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR02' && m.at.startsWith('2026-12-02'))!;
    expect(br02.text).toContain('结转未办结 0 件。');
    // on demand, the same window and the same section
    const r = await d.run('li', '/complaint summary 2026-12-02');
    expect(r.text).toContain('受理 1 件');
    expect(r.text).toContain('结转未办结 1 件');
    // a case resolved later drops out of a later report's carried-over section
    await d.run('ma', '/complaint resolve C1 fault=at_fault valid=yes');
    expect((await d.run('li', '/complaint summary 2026-12-03')).text).toContain('结转未办结 0 件。');
  });
});
