import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDesk, rosterWith, type TestDesk } from '../helpers/desk.ts';

let d: TestDesk;
beforeEach(async () => {
  d = await testDesk();
});
afterEach(async () => {
  await d.close();
});

const open = (actor = 'zhang', extra = '') =>
  d.run(actor, `/complaint new unit=OUT-12 category=waiting customer=王小明 phone=13800001111 ${extra}排队两小时 / 要求道歉`);

describe('cases: lifecycle (SPEC §3)', () => {
  it('opens C1, C2… with the opener as first-responsible owner and posts a card to the group', async () => {
    const r1 = await open();
    const r2 = await open('ma');
    expect(r1).toMatchObject({ ok: true, kind: 'ack', caseId: 1 });
    expect(r2.caseId).toBe(2);
    const c = await d.core.store.getCase(1);
    expect(c).toMatchObject({
      ownerHandle: 'zhang',
      openerHandle: 'zhang',
      handlerHandle: 'zhang',
      status: 'open',
      level: 'outlet',
      matter: '排队两小时',
      request: '要求道歉',
    });
    const card = d.sent.find((m) => m.kind === 'case' && m.case === 'C1')!;
    expect(card.to).toBe('sb01-group');
    expect(card.text).toContain('处置指引');
    expect(card.text).toMatch(/受理时间: 2026-12-01 08:00 周二/);
  });

  it('walks open → on_site → replied → reported → resolved, and records the timeline', async () => {
    await open();
    for (const step of ['arrive', 'reply', 'report']) expect((await d.run('zhang', `/complaint ${step} C1`)).ok).toBe(true);
    const r = await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes 客户满意');
    expect(r.ok).toBe(true);
    const c = (await d.core.store.getCase(1))!;
    expect(c).toMatchObject({ status: 'resolved', responsibility: 'not_at_fault', validity: 'valid', statClass: 'not_counted' });
    const tl = await d.core.store.timeline(1);
    expect(tl.map((e) => e.action)).toEqual(['opened', 'on_site', 'replied', 'reported', 'resolved']);
    const show = await d.run('zhang', '/complaint show c1');
    expect(show.text).toContain('不纳入统计');
    expect(show.text).toContain('无责');
  });

  it('lets steps be skipped forward and resolve come from any state', async () => {
    await open();
    expect((await d.run('zhang', '/complaint report C1')).ok).toBe(true);
    await open();
    expect((await d.run('zhang', '/complaint resolve C2 fault=shared valid=no')).ok).toBe(true);
    expect((await d.core.store.getCase(2))!.validity).toBe('special');
  });

  it('keeps the first-responsible owner through assign and transfer', async () => {
    await open();
    expect((await d.run('zhang', '/complaint assign C1 @yang')).ok).toBe(true);
    expect(d.sent.some((m) => m.to === '@yang' && m.kind === 'update')).toBe(true);
    expect((await d.run('zhang', '/complaint transfer C1 网点无法处理')).ok).toBe(true);
    const c = (await d.core.store.getCase(1))!;
    expect(c).toMatchObject({ ownerHandle: 'zhang', levelUnitCode: 'SB01', level: 'subbranch', transferred: true, handlerHandle: 'he' });
  });

  it('reopen makes a repeat complaint and escalates it', async () => {
    await open();
    await d.run('zhang', '/complaint resolve C1 fault=at_fault valid=yes');
    const r = await d.run('zhang', '/complaint reopen C1 客户不满意');
    expect(r.ok).toBe(true);
    const c = (await d.core.store.getCase(1))!;
    expect(c).toMatchObject({ status: 'reopened', repeat: true, escalated: true, level: 'province' });
    expect(d.sent.filter((m) => m.kind === 'escalation' && m.reason === 'repeat').map((m) => m.to)).toEqual([
      'sb01-group',
      'br01-group',
      'prov-group',
    ]);
  });

  it('masks customer PII in every chat-facing text', async () => {
    await open('zhang');
    await d.run('zhang', '/complaint note C1 王小明 又打来电话 13800001111');
    const texts = [
      ...d.sent.map((m) => m.text),
      (await d.run('zhang', '/complaint show C1')).text,
      (await d.run('zhang', '/complaint list')).text,
    ].join('\n');
    expect(texts).not.toContain('13800001111');
    expect(texts).not.toContain('王小明');
    expect(texts).toContain('138****1111');
    expect(texts).toContain('王**');
  });
});

describe('cases: permissions (SPEC §9)', () => {
  it('lets the opener, owner, handler and leaders above act; refuses others', async () => {
    await open();
    await d.run('zhang', '/complaint assign C1 @yang');
    expect((await d.run('yang', '/complaint arrive C1')).ok).toBe(true); // handler
    expect((await d.run('li', '/complaint note C1 支行关注')).ok).toBe(true); // SB01 leader
    expect((await d.run('chen', '/complaint note C1 省行关注')).ok).toBe(true); // province leader
    const before = await d.counts();
    for (const who of ['ma', 'he', 'wu', 'sun']) {
      const r = await d.run(who, '/complaint reply C1');
      expect(r).toMatchObject({ ok: false, kind: 'error', code: 'err_forbidden' });
    }
    expect(await d.counts()).toEqual(before);
  });

  it('refuses people outside the roster', async () => {
    const r = await d.run('stranger', '/complaint help');
    expect(r).toMatchObject({ ok: false, code: 'err_not_in_roster' });
  });

  it('lets anyone read a case with show', async () => {
    await open();
    expect((await d.run('wu', '/complaint show C1')).ok).toBe(true);
  });
});

describe('cases: every refusal writes nothing', () => {
  const refusals: [string, string, string][] = [
    ['zhang', '/complaint new', 'err_missing_arg'],
    ['zhang', '/complaint new unit=NOPE 取不出钱', 'err_unknown_unit'],
    ['zhang', '/complaint new category=99 取不出钱', 'err_bad_value'],
    ['zhang', '/complaint assign C9 @li', 'err_unknown_case'],
    ['zhang', '/complaint assign C1 @nobody', 'err_unknown_member'],
    ['zhang', '/complaint assign C1 @zhang', 'err_already_assigned'],
    ['zhang', '/complaint arrive C1', 'err_already_status'],
    ['zhang', '/complaint start C1', 'err_not_transferred'],
    ['zhang', '/complaint reopen C1', 'err_not_resolved'],
    ['zhang', '/complaint pay C1 100', 'err_pay_category'],
    ['zhang', '/complaint transfer C2', 'err_resolved'],
    ['zhang', '/complaint note C2 again', 'err_resolved'],
    ['zhang', '/complaint resolve C2 fault=at_fault valid=yes', 'err_resolved'],
    ['ma', '/complaint note C1 hi', 'err_forbidden'],
    ['zhang', '/complaint start C99', 'err_unknown_case'],
    ['zhang', '/complaint frob', 'err_unknown_command'],
    ['ghost', '/complaint new 取不出钱', 'err_not_in_roster'],
    ['zhang', '/complaint help nothing', 'err_unknown_command'],
    ['zhang', '/complaint list unit=NOPE', 'err_unknown_unit'],
    ['zhang', '/complaint summary unit=NOPE', 'err_unknown_unit'],
  ];
  it.each(refusals)('%s: %s → %s, nothing written', async (actor, text, code) => {
    await d.run('zhang', '/complaint new unit=OUT-12 取不出钱');
    await d.run('zhang', '/complaint arrive C1');
    await d.run('zhang', '/complaint new unit=OUT-12 排队');
    await d.run('zhang', '/complaint resolve C2 fault=at_fault valid=yes');
    const before = await d.counts();
    const sentBefore = d.sent.length;
    const r = await d.run(actor, text);
    expect(r).toMatchObject({ ok: false, kind: 'error', code });
    expect(r.text.length).toBeGreaterThan(5);
    expect(await d.counts()).toEqual(before);
    expect(d.sent.length).toBe(sentBefore);
    // no case number consumed
    expect((await d.run('zhang', '/complaint new 下一件')).caseId).toBe(3);
  });

  it('names the problem and the expected form', async () => {
    const r = await d.run('zhang', '/complaint pay C1 abc');
    expect(r.text).toContain('amount');
    expect(r.text).toContain('/complaint pay CASE AMOUNT');
  });
});

describe('emergency payments (§四(三)4)', () => {
  it('allows 5,000 per ordinary customer across cases and says what is left', async () => {
    await d.run('zhang', '/complaint new category=urgent_cash phone=13800001111 取不出钱');
    await d.run('zhang', '/complaint new category=4 phone=13800001111 还是取不出');
    expect((await d.run('zhang', '/complaint pay C1 3000')).text).toContain('2000');
    const over = await d.run('zhang', '/complaint pay C2 2500');
    expect(over).toMatchObject({ ok: false, code: 'err_pay_limit' });
    expect(over.text).toContain('2000');
    expect((await d.run('zhang', '/complaint pay C2 2000')).ok).toBe(true);
    expect((await d.run('zhang', '/complaint pay C2 0.01')).code).toBe('err_pay_limit');
  });

  it('allows 10,000 for a VIP', async () => {
    await d.run('zhang', '/complaint new category=urgent_cash vip=yes customer=赵总 急需用钱');
    expect((await d.run('zhang', '/complaint pay C1 10000')).ok).toBe(true);
    expect((await d.run('zhang', '/complaint pay C1 1')).code).toBe('err_pay_limit');
  });
});

describe('locales', () => {
  it('speaks English with locale: en', async () => {
    await d.close();
    d = await testDesk({ roster: rosterWith({ locale: 'en' }) });
    const r = await d.run('zhang', '/complaint new category=urgent_cash phone=13800001111 ATM ate my card');
    expect(r.text).toBe('Case C1 opened; you are its first-responsible owner.');
    const e = await d.run('zhang', '/complaint pay C1 99999');
    expect(e.text).toMatch(/Over the emergency payment limit/);
    expect(d.sent.find((m) => m.kind === 'case')!.text).toContain('Guide:');
    expect((await d.run('zhang', '/complaint help')).text).toContain('/complaint commands');
  });

  it('speaks Chinese by default', async () => {
    const r = await d.run('zhang', '/complaint help new');
    expect(r.text).toContain('受理新投诉');
    expect((await d.run('zhang', '/complaint show C5')).text).toBe('没有编号为 C5 的投诉案件。\n用法：/complaint show CASE');
  });
});

describe('cases: a refusal says what is true (§3)', () => {
  it('a second arrive says the case is already on site, not that it cannot go back', async () => {
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 取不出钱');
    expect((await d.run('zhang', '/complaint arrive C1')).ok).toBe(true);
    const again = await d.run('zhang', '/complaint arrive C1');
    expect(again).toMatchObject({ ok: false, code: 'err_already_status' });
    expect(again.text).toContain('已经是「已到场」');
    expect(again.text).not.toContain('不能回到');
  });

  it('arrive after a reply says the step is past', async () => {
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 取不出钱');
    await d.run('zhang', '/complaint reply C1');
    const r = await d.run('zhang', '/complaint arrive C1');
    expect(r).toMatchObject({ ok: false, code: 'err_step_passed' });
    expect(r.text).toContain('「已答复」');
  });

  it('start is refused on a case that was never transferred, and accepted after a transfer', async () => {
    await d.run('zhang', '/complaint new unit=OUT-12 取不出钱');
    const r = await d.run('zhang', '/complaint start C1');
    expect(r).toMatchObject({ ok: false, code: 'err_not_transferred' });
    expect(r.text).toContain('/complaint start');
    await d.run('zhang', '/complaint transfer C1 无法解决');
    const c = (await d.core.store.getCase(1))!;
    const handler = c.handlerHandle;
    expect((await d.run(handler!, '/complaint start C1')).ok).toBe(true);
  });
});

describe('cases: list pages and says how many (§9)', () => {
  it('with 60 open cases says 60, shows the most urgent first, and tells how to see the rest', async () => {
    // C1 … C60 opened by phone in the same minute; all but C1 are then marked on site, so C1 alone still owes the
    // on-site step (due first) and the others owe the reply (due later): C1 is the most urgent.
    for (let i = 1; i <= 60; i++) {
      await d.run('zhang', `/complaint new unit=OUT-12 channel=phone 第${i}件`);
    }
    for (let i = 2; i <= 60; i++) await d.run('zhang', `/complaint arrive C${i}`);
    const p1 = await d.run('zhang', '/complaint list');
    expect(p1.ok).toBe(true);
    const lines = p1.text.split('\n');
    expect(lines[0]).toContain('共 60 件');
    expect(lines[0]).toContain('第 1/2 页');
    // C1 still owes on-site (due first); the others owe only the reply
    expect(lines[1]).toMatch(/^\s+C1 /);
    expect(lines.filter((l) => /^\s+C\d+ /.test(l))).toHaveLength(50);
    expect(lines.at(-1)).toContain('还有 10 件未显示');
    expect(lines.at(-1)).toContain('/complaint list open page=2');
    const p2 = await d.run('zhang', '/complaint list open page=2');
    const rows2 = p2.text.split('\n').filter((l) => /^\s+C\d+ /.test(l));
    expect(rows2).toHaveLength(10);
    expect(rows2.at(-1)).toMatch(/^\s+C60 /);
    const seen = new Set([...lines, ...p2.text.split('\n')].map((l) => /^\s+(C\d+) /.exec(l)?.[1]).filter(Boolean));
    expect(seen.size).toBe(60);
    const past = await d.run('zhang', '/complaint list page=3');
    expect(past).toMatchObject({ ok: false, code: 'err_page_past_end' });
    expect((await d.run('zhang', '/complaint list page=0')).code).toBe('err_bad_value');
  });
});
