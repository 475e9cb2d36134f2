/**
 * SPEC §16 on a real desk (SQLite file, real scheduler, manual clock from Tue 2026-12-01 08:00 Asia/Shanghai):
 * the outage window, the oral loss report outliving the case, promises, one working day, callbacks and the scorecard.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rosterWith, testDesk, type TestDesk } from '../helpers/desk.ts';

const OUTAGE = { outage_from: '2026-12-01 18:00', outage_to: '2026-12-03 08:00' };
let d: TestDesk;
afterEach(async () => {
  await d?.close();
});

const withOutage = () => testDesk({ roster: rosterWith({ cutover: OUTAGE, holidays: ['2026-12-07'], workdays: [] }) });

describe('§16.1 the outage window', () => {
  it('refuses pay before the outage, naming the window, and writes nothing; pays during it', async () => {
    d = await withOutage();
    await d.run('zhang', '/complaint new unit=OUT-12 category=urgent_cash phone=13800001111 取不出钱');
    const before = await d.counts();
    const r = await d.run('zhang', '/complaint pay C1 500');
    expect(r).toMatchObject({ ok: false, code: 'err_pay_outside_outage' });
    expect(r.text).toContain('应急支付仅限停业期间（2026-12-01 18:00 至 2026-12-03 08:00）');
    expect(r.text).toContain('停业前');
    expect(await d.counts()).toEqual(before);
    await d.at('18:00');
    expect((await d.run('zhang', '/complaint pay C1 500')).ok).toBe(true);
    await d.at('08:00', '2026-12-03');
    expect((await d.run('zhang', '/complaint pay C1 500')).text).toContain('投产后');
  });

  it('gives a loss report no oral-loss clock outside the outage, and says the counter takes the formal report', async () => {
    d = await withOutage();
    const r = await d.run('zhang', '/complaint new unit=OUT-12 category=loss_report phone=13800001111 卡丢了');
    expect(r.text).toContain('正式挂失可在柜面办理');
    expect((await d.core.store.deadlines(1)).map((x) => x.kind)).not.toContain('oral_loss_report');
    await d.at('19:00');
    const r2 = await d.run('zhang', '/complaint new unit=OUT-12 category=loss_report phone=13800001112 卡丢了');
    expect(r2.text).toContain('口头挂失将于 2026-12-06 19:00 失效，请提醒客户5日内办理正式挂失');
    expect((await d.core.store.deadlines(2)).map((x) => x.kind)).toContain('oral_loss_report');
  });

  it('names the phase on the summary', async () => {
    d = await withOutage();
    await d.at('20:00');
    const s = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01')!;
    expect(s.text).toContain('切换阶段: 停业中（至 2026-12-03 08:00，剩余 1天12小时）');
    await d.at('20:00', '2026-12-03');
    expect(d.sent.filter((m) => m.kind === 'summary' && m.unit === 'BR01').pop()!.text).toContain('投产后');
  });

  it('without a window nothing of §16.1 applies', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=urgent_cash phone=13800001111 取不出钱');
    expect((await d.run('zhang', '/complaint pay C1 500')).ok).toBe(true);
    const r = await d.run('zhang', '/complaint new unit=OUT-12 category=loss_report phone=13800001112 卡丢了');
    expect(r.text).toContain('口头挂失将于 2026-12-06 08:00 失效');
    await d.at('20:00');
    expect(d.sent.find((m) => m.kind === 'summary')!.text).not.toContain('切换阶段');
  });
});

describe('§16.2 the oral loss report outlives the case', () => {
  it('still reminds on day 4 and expires on day 5 after resolve, to the owner directly and in the group', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=loss_report phone=13800001111 卡丢了');
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes 已受理口头挂失');
    await d.at('08:00', '2026-12-05');
    const remind = d.sent.filter((m) => m.case === 'C1' && m.deadline === 'oral_loss_report' && m.kind === 'reminder');
    expect(remind.map((m) => m.to).sort()).toEqual(['@zhang', 'sb01-group']);
    expect(remind[0].at).toMatch(/^2026-12-05T08:00/);
    await d.at('08:00', '2026-12-06');
    const expiry = d.sent.filter((m) => m.case === 'C1' && m.kind === 'expiry');
    expect(expiry.map((m) => m.to).sort()).toEqual(['@zhang', 'sb01-group']);
    expect(expiry.find((m) => m.to === '@zhang')!.text).toContain('已办结');
  });

  it('formal completes it, also on a resolved case; nothing fires after', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=loss_report phone=13800001111 卡丢了');
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    const r = await d.run('zhang', '/complaint formal C1 客户已到柜面办理');
    expect(r).toMatchObject({ ok: true });
    expect(r.text).toContain('正式挂失已办理');
    await d.at('09:00', '2026-12-07');
    expect(d.sent.filter((m) => m.case === 'C1' && m.deadline === 'oral_loss_report')).toEqual([]);
    // a second formal has nothing to end
    expect((await d.run('zhang', '/complaint formal C1')).code).toBe('err_formal_none');
  });

  it('refuses formal on a case that is not a loss report, writing nothing', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=atm ATM不能用');
    const before = await d.counts();
    const r = await d.run('zhang', '/complaint formal C1');
    expect(r).toMatchObject({ ok: false, code: 'err_formal_category' });
    expect(r.text).toContain('/complaint formal CASE');
    expect(await d.counts()).toEqual(before);
  });
});

describe('§16.3 promises', () => {
  it('prompts on category 2 and 7 cards until a promise is made; times it; a new one replaces the old', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=transaction phone=13800001111 转账未到账');
    expect(d.sent.find((m) => m.kind === 'case' && m.case === 'C1')!.text).toContain('请向客户承诺办结时间：/complaint promise C1 by=…');
    const r = await d.run('zhang', '/complaint promise C1 by=18:00 系统恢复后重新转账');
    // 10 h from 08:00: the reminder at 80 %, 16:00
    expect(r.text).toContain('已承诺客户 2026-12-01 18:00 前办结，将在 2026-12-01 16:00 提醒');
    expect((await d.run('zhang', '/complaint show C1')).text).toMatch(/承诺办结: 2026-12-01 18:00/);
    await d.at('09:00');
    await d.run('zhang', '/complaint promise C1 by=10:00');
    const ds = (await d.core.store.deadlines(1)).filter((x) => x.kind === 'promise');
    expect(ds.map((x) => x.state)).toEqual(['cancelled', 'pending']);
    await d.at('10:00');
    expect(d.sent.filter((m) => m.deadline === 'promise').map((m) => `${m.kind}@${m.at.slice(11, 16)}`)).toEqual([
      'reminder@09:48',
      'breach@10:00',
      'breach@10:00',
    ]);
    // §7: a broken promise makes the case a complaint
    await d.at('10:05');
    const res = await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    expect(res.text).toContain('纳入投诉统计');
    // the breach went out once (group and handler), and nothing after the resolve
    expect(d.sent.filter((m) => m.deadline === 'promise' && m.text.includes('仍未完成')).length).toBe(2);
    await d.at('12:00');
    expect(d.sent.filter((m) => m.deadline === 'promise' && m.kind === 'breach').length).toBe(2);
  });

  it('resolve completes a promise; a promise in the past or without by= is refused, writing nothing', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=cutover 系统维护');
    const before = await d.counts();
    const past = await d.run('zhang', '/complaint promise C1 by=07:59');
    expect(past).toMatchObject({ ok: false, code: 'err_promise_past' });
    expect((await d.run('zhang', '/complaint promise C1 明天')).code).toBe('err_missing_arg');
    expect(await d.counts()).toEqual(before);
    await d.run('zhang', '/complaint promise C1 by=12:00');
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    await d.at('13:00');
    expect(d.sent.filter((m) => m.deadline === 'promise')).toEqual([]);
    expect((await d.core.store.deadlines(1)).find((x) => x.kind === 'promise')!.state).toBe('done');
  });
});

describe('§16.4 one working day for general complaints', () => {
  it('gives a general case one reply deadline on the next working day, at the same clock time', async () => {
    d = await testDesk({ roster: rosterWith({ holidays: ['2026-12-02'], workdays: [] }) });
    await d.run('zhang', '/complaint new unit=OUT-12 柜员态度差');
    const ds = (await d.core.store.deadlines(1)).filter((x) => x.state === 'pending');
    expect(ds.map((x) => x.kind)).toEqual(['reply', 'transfer']);
    // Tuesday 08:00; Wednesday a holiday → Thursday 08:00
    expect(ds[0].dueAt.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    // after a transfer: one working day again from the transfer
    await d.at('10:00');
    await d.run('zhang', '/complaint transfer C1');
    const after = (await d.core.store.deadlines(1)).filter((x) => x.state === 'pending').map((x) => [x.kind, x.dueAt.toISOString()]);
    expect(after).toEqual([
      ['reply', '2026-12-03T02:00:00.000Z'],
      ['transfer', '2026-12-01T03:00:00.000Z'],
      ['start', '2026-12-01T04:00:00.000Z'],
    ]);
  });

  it('general_process: cutover keeps the §5 windows', async () => {
    d = await testDesk({ roster: rosterWith({ general_process: 'cutover' }) });
    await d.run('zhang', '/complaint new unit=OUT-12 柜员态度差');
    expect((await d.core.store.deadlines(1)).map((x) => x.kind)).toEqual(['onsite', 'reply', 'report', 'transfer']);
  });
});

describe('§16.5 callbacks and the scorecard', () => {
  it('records a callback on a replied case; unsatisfied goes to the group leaders; the summary counts the latest', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 category=atm ATM不能用');
    const before = await d.counts();
    const early = await d.run('zhang', '/complaint callback C1 result=satisfied');
    expect(early).toMatchObject({ ok: false, code: 'err_callback_status' });
    expect(await d.counts()).toEqual(before);
    await d.run('zhang', '/complaint reply C1 已引导至他行');
    expect((await d.run('zhang', '/complaint callback C1 result=unsatisfied 手续费没退')).ok).toBe(true);
    const post = d.sent.find((m) => m.text.includes('回访不满意'))!;
    expect(post.to).toBe('sb01-group');
    expect(post.mentions).toContain('li');
    await d.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队久');
    await d.run('zhang', '/complaint resolve C2 fault=shared valid=yes');
    await d.run('zhang', '/complaint callback C2 result=basically');
    await d.run('zhang', '/complaint callback C1 result=satisfied 已退手续费');
    await d.at('20:00');
    const s = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01')!;
    expect(s.stats).toMatchObject({ callbacks: 2, satisfaction: 1 });
    expect(s.text).toContain('回访 2 件：满意 1，基本满意 1，不满意 0；满意率 100%');
    const card = await d.run('li', '/complaint scorecard from=2026-12-01 to=2026-12-01 unit=SB01');
    expect(card.text).toContain('绩效表 2026-12-01 至 2026-12-01');
    expect(card.text).toMatch(/城东支行\(SB01\) 合计: 2 \| 1 \| 1 \| 0 \| 1 \| 2 \| 100%/);
    expect(card.text).toMatch(/@zhang 张伟 · 首问: 2 \| 1 \|/);
  });

  it('refuses an unknown result, and a scorecard whose from is after to', async () => {
    d = await testDesk();
    expect((await d.run('zhang', '/complaint callback C1 result=happy')).code).toBe('err_bad_value');
    expect((await d.run('zhang', '/complaint scorecard from=2026-12-05 to=2026-12-01')).code).toBe('err_scorecard_range');
  });
});
