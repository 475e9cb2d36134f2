import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDesk, rosterWith, type TestDesk } from '../helpers/desk.ts';

/** §16.4: these tests time §5's windows, which general cases keep under `general_process: cutover`. */
const SECTION5 = { general_process: 'cutover' } as const;
let d: TestDesk;
beforeEach(async () => {
  d = await testDesk({ roster: rosterWith(SECTION5) });
});
afterEach(async () => {
  await d.close();
});

const nags = (caseId = 'C1') =>
  d.sent
    // the group's posts (the handler's direct copy of each breach is checked on its own)
    .filter((m) => m.case === caseId && ['reminder', 'breach', 'expiry'].includes(m.kind) && !m.to.startsWith('@'))
    .map((m) => `${m.at.slice(11, 16)} ${m.kind} ${m.deadline}`);

describe('deadlines (SPEC §5)', () => {
  it('reminds at 80 %, breaches at the deadline, repeats every 30 min at most 4 times', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 电话投诉');
    await d.at('23:59');
    expect(nags()).toEqual([
      '09:48 reminder onsite',
      '10:00 breach onsite',
      '10:30 breach onsite',
      '11:00 breach onsite',
      '11:30 breach onsite',
      '12:00 breach onsite',
      '12:12 reminder reply',
      '13:00 breach reply',
      '13:30 breach reply',
      '14:00 breach reply',
      '14:30 breach reply',
      '15:00 breach reply',
      '15:24 reminder report',
      '17:00 breach report',
      '17:30 breach report',
      '18:00 breach report',
      '18:30 breach report',
      '19:00 breach report',
    ]);
  });

  it('sends breaches to handler and owner, and from the first repeat also to the leaders of the handler group', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 电话投诉');
    await d.run('zhang', '/complaint assign C1 @yang');
    await d.at('10:31');
    const [breach, repeat1] = d.sent.filter((m) => m.kind === 'breach' && !m.to.startsWith('@'));
    expect(breach.mentions.sort()).toEqual(['yang', 'zhang']);
    expect(repeat1.mentions.sort()).toEqual(['li', 'yang', 'zhang']);
    // §5: the breach and the repeat also reach the handler directly (@yang), with the same words
    const direct = d.sent.filter((m) => m.kind === 'breach' && m.to === '@yang');
    expect(direct.map((m) => m.text)).toEqual([breach.text, repeat1.text]);
  });

  it('is met at once for a walk-in at an outlet, and completing a step stops its deadline', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 取不出钱');
    await d.at('12:00');
    await d.run('zhang', '/complaint reply C1 已解释');
    await d.at('23:00');
    expect(nags()).toEqual([
      '15:24 reminder report',
      '17:00 breach report',
      '17:30 breach report',
      '18:00 breach report',
      '18:30 breach report',
      '19:00 breach report',
    ]);
  });

  it('resolving stops all deadlines', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 channel=letter 来函');
    await d.at('09:50');
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    await d.at('23:00');
    expect(nags()).toEqual(['09:48 reminder onsite']);
  });

  it('a transfer restarts the clock at the new level with 2 h to start; a late one is flagged', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 取不出钱');
    await d.at('10:30');
    const r = await d.run('zhang', '/complaint transfer C1');
    expect(r.text).toMatch(/移交超时/);
    const c = (await d.core.store.getCase(1))!;
    expect(c.lateTransfer).toBe(true);
    expect(d.sent.find((m) => m.kind === 'update' && m.case === 'C1' && m.at.includes('10:30'))?.text).toMatch(
      /移交 城东第十二网点\(OUT-12\) → 城东支行\(SB01\)/,
    );
    await d.at('12:10');
    await d.run('he', '/complaint start C1');
    await d.at('23:00');
    const after = nags().filter((n) => n >= '10:30');
    expect(after).toContain('12:06 reminder start');
    expect(after.some((n) => n.includes('breach start'))).toBe(false);
    expect(after).toContain('11:18 reminder onsite');
    expect(after).toContain('13:42 reminder reply');
    const show = await d.run('he', '/complaint show C1');
    expect(show.text).toContain('纳入投诉统计'); // a late transfer is a missed deadline (§7)
  });

  it('§5: after a transfer the new level takes on site, reply and report again, with no nag or breach', async () => {
    await d.at('13:15');
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone category=transaction 转账未到账');
    await d.at('13:40');
    for (const step of ['arrive', 'reply']) expect((await d.run('zhang', `/complaint ${step} C1`)).ok).toBe(true);
    await d.at('13:55');
    expect((await d.run('zhang', '/complaint transfer C1 需支行核查')).ok).toBe(true);
    expect((await d.core.store.getCase(1))!.status).toBe('open');
    await d.at('14:30');
    expect(await d.run('he', '/complaint start C1')).toMatchObject({ ok: true });
    await d.at('14:45');
    expect(await d.run('he', '/complaint arrive C1')).toMatchObject({ ok: true });
    await d.at('16:20');
    expect(await d.run('he', '/complaint reply C1 已核查')).toMatchObject({ ok: true });
    await d.at('18:00');
    expect(await d.run('he', '/complaint report C1 已报告')).toMatchObject({ ok: true });
    await d.run('he', '/complaint resolve C1 fault=not_at_fault valid=yes');
    await d.at('23:50');
    // only the reminders of the first level's 80 % marks before the steps were taken: no breach, no escalation
    expect(nags().filter((n) => !n.includes('reminder'))).toEqual([]);
    expect(d.sent.some((m) => m.case === 'C1' && m.kind === 'escalation')).toBe(false);
    const c = (await d.core.store.getCase(1))!;
    expect(c).toMatchObject({ status: 'resolved', breached: false, statClass: 'consultation' });
    const ds = await d.core.store.deadlines(1);
    const top = Math.max(...ds.map((x) => x.generation));
    expect(
      ds
        .filter((x) => x.generation === top && ['onsite', 'reply', 'report', 'start'].includes(x.kind))
        .map((x) => `${x.kind} ${x.state}`)
        .sort(),
    ).toEqual(['onsite done', 'reply done', 'report done', 'start done']);
  });

  it('an oral loss report reminds after 4 days and lapses after 5', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new category=loss_report 口头挂失');
    await d.run('zhang', '/complaint report C1');
    await d.at('09:00', '2026-12-07');
    // §16.2: in the group, and to the owner directly
    const loss = d.sent.filter((m) => m.deadline === 'oral_loss_report');
    expect(loss.map((m) => `${m.at} ${m.kind} ${m.to}`)).toEqual([
      '2026-12-05T09:00:00+08:00 reminder sb01-group',
      '2026-12-05T09:00:00+08:00 reminder @zhang',
      '2026-12-06T09:00:00+08:00 expiry sb01-group',
      '2026-12-06T09:00:00+08:00 expiry @zhang',
    ]);
  });

  it('freezes the policy onto the case: later setting changes leave cases in flight alone', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 电话');
    await d.scheduler.stop();
    await d.core.close();
    const roster = rosterWith({ ...SECTION5, sla: { onsite: 10, reply: 20, report: 30, transfer: 60, start: 120 } });
    const d2 = await testDesk({ roster, dir: d.dir, start: d.clock.now() });
    await d2.run('zhang', '/complaint new unit=OUT-12 channel=phone 新规则');
    await d2.at('12:00');
    const c1 = d2.sent.filter((m) => m.case === 'C1' && m.kind === 'breach' && m.deadline === 'onsite');
    const c2 = d2.sent.filter((m) => m.case === 'C2' && m.kind === 'breach' && m.deadline === 'onsite');
    expect(c1[0].at).toBe('2026-12-01T10:00:00+08:00');
    expect(c2[0].at).toBe('2026-12-01T09:10:00+08:00');
    await d2.close();
    d = await testDesk({ roster: rosterWith(SECTION5) }); // afterEach closes it
  });

  it('after downtime, catches up at start and marks the nags late', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 电话');
    await d.scheduler.stop();
    d.clock.set(new Date('2026-12-01T03:05:00Z')); // 11:05 local: the bot was down since 09:00
    await d.scheduler.tick();
    const late = d.sent.filter((m) => m.case === 'C1' && m.kind !== 'case');
    expect(late.map((m) => m.text.includes('补发'))).toEqual(late.map(() => true));
    const group = late.filter((m) => !m.to.startsWith('@'));
    expect(group.map((m) => `${m.kind} ${m.deadline}`)).toEqual(['reminder onsite', 'breach onsite', 'breach onsite', 'breach onsite']);
    // the handler's direct copies of the breach and the repeats are late too
    expect(late.filter((m) => m.to === '@zhang').map((m) => `${m.kind} ${m.deadline}`)).toEqual([
      'breach onsite',
      'breach onsite',
      'breach onsite',
    ]);
  });
});

describe('statistic class (SPEC §7)', () => {
  it('classifies from history', async () => {
    await d.at('09:00');
    await d.run('zhang', '/complaint new 柜台解决'); // C1: handled at the outlet in time
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    await d.run('zhang', '/complaint new 需支行协调'); // C2: transferred, in time
    await d.run('zhang', '/complaint transfer C2');
    await d.run('he', '/complaint resolve C2 fault=shared valid=yes');
    await d.run('zhang', '/complaint new channel=minxin 民心网转来'); // C3: external
    await d.run('zhang', '/complaint resolve C3 fault=at_fault valid=yes');
    await d.run('zhang', '/complaint new channel=phone 电话'); // C4: breached
    await d.at('10:01');
    await d.run('zhang', '/complaint resolve C4 fault=at_fault valid=yes');
    const cls = async (id: number) => (await d.core.store.getCase(id))!.statClass;
    expect([await cls(1), await cls(2), await cls(3), await cls(4)]).toEqual(['not_counted', 'consultation', 'complaint', 'complaint']);
  });
});
