/**
 * SPEC §15.1 hand-off, §15.2 closed loop, §15.3 straight up, §15.6 the number on demand: through the console desk
 * on a real SQLite file, with the demo roster (tang is the province's 95566 agent; zhang is OUT-12's liaison).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rosterWith, testDesk, type TestDesk } from '../helpers/desk.ts';

let d: TestDesk;
beforeEach(async () => {
  d = await testDesk();
  await d.at('09:00');
});
afterEach(async () => {
  await d.close();
});

const hotline = () => d.run('tang', '/complaint new unit=OUT-12 channel=hotline customer=王芳 phone=13900002222 排队两小时无人处理');
const dms = (handle: string, kind?: string) => d.sent.filter((m) => m.to === `@${handle}` && (!kind || m.kind === kind));

describe('§15.1 the 95566 hand-off', () => {
  it('hands the case to the outlet contact, owner and handler; the agent stays opener and is told who', async () => {
    const r = await hotline();
    expect(r.ok).toBe(true);
    expect(r.text).toContain('@zhang');
    expect(r.text).toContain('城东第十二网点(OUT-12)');
    expect(await d.core.store.getCase(1)).toMatchObject({ openerHandle: 'tang', ownerHandle: 'zhang', handlerHandle: 'zhang' });
    const dm = dms('zhang', 'case');
    expect(dm).toHaveLength(1);
    expect(dm[0].text).toBe(
      '【C1 95566转办】城东第十二网点：排队两小时无人处理。请 @zhang 第一时间联系客户 139****2222（/complaint phone C1 查看完整号码）',
    );
    expect(dm[0].text).not.toContain('13900002222');
    const card = d.sent.find((m) => m.kind === 'case' && m.to === 'sb01-group')!;
    expect(card.mentions).toEqual(['zhang']);
    expect(card.text).not.toContain('13900002222');
    // the card names who took the call
    expect(card.text).toContain('受理人: @tang');
    const tl = await d.core.store.timeline(1);
    expect(tl.map((e) => e.action)).toEqual(['opened', 'handed_off']);
    expect(tl[0].actor).toBe('tang');
  });

  it('the contact deadline: 30 minutes, reminder at 80 %, breach to the contact, repeats', async () => {
    await hotline();
    const dl = (await d.core.store.deadlines(1)).find((x) => x.kind === 'contact')!;
    expect(dl.dueAt.getTime() - dl.startAt.getTime()).toBe(30 * 60_000);
    await d.at('09:24');
    expect(d.sent.filter((m) => m.kind === 'reminder' && m.deadline === 'contact')).toHaveLength(1);
    await d.at('09:30');
    const breach = d.sent.filter((m) => m.kind === 'breach' && m.deadline === 'contact');
    expect(breach.map((m) => m.to).sort()).toEqual(['@zhang', 'sb01-group']);
    await d.at('10:00');
    expect(d.sent.filter((m) => m.kind === 'breach' && m.deadline === 'contact' && m.to === 'sb01-group')).toHaveLength(2);
  });

  it('contacted completes it, and the card loses its contacted button', async () => {
    await hotline();
    const r = await d.run('zhang', '/complaint contacted C1 已致电客户');
    expect(r.ok).toBe(true);
    expect(r.card?.buttons).not.toContain('contacted');
    const dl = (await d.core.store.deadlines(1)).find((x) => x.kind === 'contact')!;
    expect(dl.state).toBe('done');
    await d.at('10:30');
    expect(d.sent.filter((m) => m.deadline === 'contact')).toHaveLength(0);
  });

  it.each(['arrive', 'reply', 'report'])('a later step (%s) completes the contact deadline too', async (step) => {
    await hotline();
    expect((await d.run('zhang', `/complaint ${step} C1`)).ok).toBe(true);
    expect((await d.core.store.deadlines(1)).find((x) => x.kind === 'contact')!.state).toBe('done');
  });

  it('the card of a handed-off case carries the contacted button while the call is owed', async () => {
    const r = await hotline();
    expect(r.card?.buttons).toContain('contacted');
    const plain = await d.run('zhang', '/complaint new unit=OUT-12 channel=hotline 本网点自己受理的95566');
    expect(plain.card?.buttons).not.toContain('contacted');
    // a member of the unit opening a hotline case keeps it: no hand-off, no contact deadline
    expect(await d.core.store.getCase(2)).toMatchObject({ ownerHandle: 'zhang', openerHandle: 'zhang' });
    expect((await d.core.store.deadlines(2)).some((x) => x.kind === 'contact')).toBe(false);
  });

  it('the opener may act and hears of the closure; contacted by someone not on the case is refused and writes nothing', async () => {
    await hotline();
    const before = await d.counts();
    const r = await d.run('ma', '/complaint contacted C1');
    expect(r).toMatchObject({ ok: false, code: 'err_forbidden' });
    expect(await d.counts()).toEqual(before);
    expect((await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes 已解决')).ok).toBe(true);
    const told = dms('tang', 'update');
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain('已办结');
    expect(told[0].text).not.toContain('/complaint form');
  });

  it('a hand-off to an outlet without anyone goes to the nearest ancestor contact; a member on duty comes first', async () => {
    // OUT-21's liaison is zhu; SB02 has deng; a unit none of whose members is a contact would climb
    const r = await d.run('tang', '/complaint new unit=SB02 channel=hotline 支行营业厅无人');
    expect(r.ok).toBe(true);
    expect((await d.core.store.getCase(1))!.ownerHandle).toBe('deng');
    // taking duty at OUT-12 makes yang the contact there
    expect((await d.run('yang', '/complaint duty take until=18:00')).ok).toBe(true);
    await hotline();
    expect((await d.core.store.getCase(2))!.ownerHandle).toBe('yang');
  });
});

describe('§15.1 an opener who is not a roster member (the work-order API, §17)', () => {
  it('opens a hotline case through the same use case: handed off, the opener kept, no direct message to it', async () => {
    const r = await d.core.desk.desk.openCaseFor(
      { handle: 'api:ticket' },
      { unit: 'OUT-12', channel: 'hotline', phone: '13900002222', text: '工单：排队无人处理' },
    );
    await d.scheduler.tick();
    expect(r).toMatchObject({ ok: true, caseId: 1 });
    expect(await d.core.store.getCase(1)).toMatchObject({ openerHandle: 'api:ticket', ownerHandle: 'zhang', handlerHandle: 'zhang' });
    expect(dms('zhang', 'case')).toHaveLength(1);
    expect((await d.core.store.deadlines(1)).some((x) => x.kind === 'contact')).toBe(true);
    // the same request key answers the same case, once
    const again = await d.core.desk.desk.openCaseFor(
      { handle: 'api:ticket' },
      { unit: 'OUT-12', channel: 'hotline', text: '另一张工单' },
      { requestKey: 'api:ticket:42' },
    );
    const retry = await d.core.desk.desk.openCaseFor(
      { handle: 'api:ticket' },
      { unit: 'OUT-12', channel: 'hotline', text: '另一张工单' },
      { requestKey: 'api:ticket:42' },
    );
    expect(retry.caseId).toBe(again.caseId);
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    expect(d.sent.some((m) => m.to === '@api:ticket')).toBe(false);
  });

  it('without a unit it is refused, naming unit=, and writes nothing', async () => {
    const before = await d.counts();
    const r = await d.core.desk.desk.openCaseFor({ handle: 'api:ticket' }, { channel: 'hotline', text: '没有单位' });
    expect(r).toMatchObject({ ok: false, code: 'err_unit_required' });
    expect(r.text).toContain('unit=');
    expect(await d.counts()).toEqual(before);
  });
});

describe('§15 in English', () => {
  it('the hand-off, its ack, the loop message and the phone answer read in English', async () => {
    await d.close();
    d = await testDesk({ roster: rosterWith({ locale: 'en' }) });
    await d.at('21:00');
    const r = await hotline();
    expect(r.text).toBe(
      'Case C1 opened and handed to the contact of 城东第十二网点(OUT-12), @zhang (first-responsible owner and handler); you will hear when it is resolved.',
    );
    expect(dms('zhang', 'case')[0].text).toBe(
      '[C1 95566 hand-off] 城东第十二网点: 排队两小时无人处理. @zhang, call the customer at once on 139****2222 (/complaint phone C1 shows the full number)',
    );
    expect((await d.run('zhang', '/complaint phone C1')).text).toContain('13900002222');
    await d.run('zhang', '/complaint assign C1 @yang');
    await d.run('yang', '/complaint resolve C1 fault=at_fault valid=yes apologised');
    expect(dms('zhang', 'update').at(-1)!.text).toBe(
      '[C1 progress] @yang: resolved: apologised. First-responsible owner, please archive the handling form: /complaint form C1',
    );
    const show = (await d.run('zhang', '/complaint show C1')).text;
    expect(show).toContain('handed off to @zhang');
    expect(show).toContain('phone viewed by @zhang');
  });
});

describe('§15.6 the number on demand', () => {
  it('owner, opener and leaders above see the full name and number; the timeline records each look-up', async () => {
    await hotline();
    for (const who of ['zhang', 'tang', 'li', 'chen']) {
      const r = await d.run(who, '/complaint phone C1');
      expect(r.ok).toBe(true);
      expect(r.text).toContain('王芳');
      expect(r.text).toContain('13900002222');
    }
    const tl = (await d.core.store.timeline(1)).filter((e) => e.action === 'phone_viewed');
    expect(tl.map((e) => e.actor)).toEqual(['zhang', 'tang', 'li', 'chen']);
    const show = await d.run('zhang', '/complaint show C1');
    expect(show.text).toContain('号码查看（@tang）');
    expect(show.text).not.toContain('13900002222');
    // nothing was posted anywhere
    expect(d.sent.some((m) => m.text.includes('13900002222'))).toBe(false);
  });

  it('anyone else is refused, shown nothing, and nothing is written', async () => {
    await hotline();
    const before = await d.counts();
    for (const who of ['ma', 'yang', 'liu2', 'deng']) {
      const r = await d.run(who, '/complaint phone C1');
      expect(r.ok).toBe(false);
      expect(r.text).not.toContain('13900002222');
      expect(r.text).not.toContain('王芳');
    }
    expect(await d.counts()).toEqual(before);
  });
});

describe('§15.2 closed loop: every step by someone other than the owner', () => {
  const loopDms = () => dms('zhang', 'update');
  /** zhang owns C1 (an urgent-cash case with a customer, so `pay` works); li (SB01 leader) acts on it */
  const own = () => d.run('zhang', '/complaint new unit=OUT-12 category=urgent_cash customer=王芳 phone=13900002222 取不出钱');

  it.each([
    ['arrive', '/complaint arrive C1', '已到场'],
    ['contacted', '/complaint contacted C1 已电话联系', '已联系客户'],
    ['reply', '/complaint reply C1 已解释', '已答复客户'],
    ['report', '/complaint report C1 已报告', '已向同级小组报告结果'],
    ['pay', '/complaint pay C1 1000', '紧急支付 1000 元'],
    ['transfer', '/complaint transfer C1 网点无法解决', '移交'],
  ])('%s: the update post mentions the owner, and the owner gets a direct message naming step, who and text', async (_step, cmd, words) => {
    await own();
    const r = await d.run('li', cmd);
    expect(r.ok).toBe(true);
    const dm = loopDms();
    expect(dm).toHaveLength(1);
    expect(dm[0].text).toContain('@li');
    expect(dm[0].text).toContain(words);
    expect(dm[0].case).toBe('C1');
    const upd = d.sent.filter((m) => m.kind === 'update' && !m.to.startsWith('@')).at(-1)!;
    expect(upd.mentions).toContain('zhang');
    expect(upd.text).toContain('@zhang');
  });

  it('start (after a transfer) and resolve: resolve asks the owner to archive the form', async () => {
    await own();
    await d.run('zhang', '/complaint transfer C1');
    expect((await d.run('he', '/complaint start C1')).ok).toBe(true);
    expect(loopDms().at(-1)!.text).toContain('开始处理');
    expect((await d.run('he', '/complaint resolve C1 fault=shared valid=yes 已协调')).ok).toBe(true);
    const last = loopDms().at(-1)!;
    expect(last.text).toContain('@he 已办结: 已协调');
    expect(last.text).toContain('/complaint form C1');
  });

  it('reopen by someone else is told to the owner', async () => {
    await own();
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    expect((await d.run('li', '/complaint reopen C1 客户又来了')).ok).toBe(true);
    expect(loopDms().at(-1)!.text).toContain('客户又来了');
  });

  it('the owner own steps, and notes by others, send no loop message', async () => {
    await own();
    await d.run('zhang', '/complaint reply C1');
    await d.run('li', '/complaint note C1 关注');
    expect(loopDms()).toHaveLength(0);
  });
});

describe('§15.3 straight up', () => {
  const open = () => d.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队太久');

  it('escalate to=province posts in every group on the way, reason manual', async () => {
    await open();
    const r = await d.run('zhang', '/complaint escalate C1 to=province 客户要求省行答复');
    expect(r.ok).toBe(true);
    const esc = d.sent.filter((m) => m.kind === 'escalation');
    expect(esc.map((m) => m.to)).toEqual(['sb01-group', 'br01-group', 'prov-group']);
    expect(new Set(esc.map((m) => m.reason))).toEqual(new Set(['manual']));
    expect(esc[2].mentions).toEqual(expect.arrayContaining(['chen', 'zhou']));
    expect((await d.core.store.getCase(1))!.level).toBe('province');
  });

  it('escalate without to= goes one level up, to that group only', async () => {
    await open();
    await d.run('zhang', '/complaint escalate C1');
    expect(d.sent.filter((m) => m.kind === 'escalation').map((m) => m.to)).toEqual(['sb01-group']);
    expect((await d.core.store.getCase(1))!.level).toBe('subbranch');
  });

  it('escalate to=分行 (the shown name) works too', async () => {
    await open();
    expect((await d.run('zhang', '/complaint escalate C1 to=分行')).ok).toBe(true);
    expect((await d.core.store.getCase(1))!.level).toBe('branch');
  });

  it('transfer to=branch goes straight to the branch, whose contact becomes the handler', async () => {
    await open();
    const r = await d.run('zhang', '/complaint transfer C1 to=branch 网点无法解决');
    expect(r.ok).toBe(true);
    expect(await d.core.store.getCase(1)).toMatchObject({
      levelUnitCode: 'BR01',
      level: 'branch',
      handlerHandle: 'zhao',
      ownerHandle: 'zhang',
    });
    expect(d.sent.some((m) => m.kind === 'case' && m.to === 'br01-group' && m.mentions.includes('zhao'))).toBe(true);
  });

  it('escalate to= a level at or below the case own is refused naming the possible ones; nothing is written', async () => {
    await open();
    await d.run('zhang', '/complaint escalate C1');
    // C1 is now at subbranch level
    const before = await d.counts();
    const sent = d.sent.length;
    for (const to of ['subbranch', 'outlet']) {
      const r = await d.run('zhang', `/complaint escalate C1 to=${to}`);
      expect(r.ok).toBe(false);
      expect(r.text).toContain(to === 'outlet' ? 'subbranch' : 'branch, province');
    }
    expect(await d.counts()).toEqual(before);
    expect(d.sent.length).toBe(sent);
  });

  it('transfer to= a level at or below where the case is handled is refused naming the possible ones; nothing is written', async () => {
    await open();
    await d.run('zhang', '/complaint transfer C1 to=branch');
    const before = await d.counts();
    const sent = d.sent.length;
    const r = await d.run('zhang', '/complaint transfer C1 to=subbranch');
    expect(r).toMatchObject({ ok: false, code: 'err_level_not_above' });
    expect(r.text).toContain('可选层级：province');
    const same = await d.run('zhang', '/complaint transfer C1 to=branch');
    expect(same).toMatchObject({ ok: false, code: 'err_level_not_above' });
    expect(await d.counts()).toEqual(before);
    expect(d.sent.length).toBe(sent);
  });

  it('an unknown level is refused by the grammar naming the levels', async () => {
    await open();
    const before = await d.counts();
    const r = await d.run('zhang', '/complaint escalate C1 to=headoffice');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('subbranch');
    expect(r.text).toContain('province');
    expect(await d.counts()).toEqual(before);
  });
});
