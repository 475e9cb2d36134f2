import { afterEach, describe, expect, it } from 'vitest';
import { rosterWith, testDesk, type TestDesk } from '../helpers/desk.ts';

let d: TestDesk;
afterEach(async () => {
  await d?.close();
});

/** Latin words of at least two letters, apart from command syntax, slugs and codes a reader types. */
const englishWords = (s: string) =>
  s
    .replace(/\/complaint[^\n]*/g, '')
    .replace(/[A-Za-z_]+=\S*/g, '')
    .replace(
      /\b(C\d+|OUT-\d+|SB\d+|BR\d+|PROV|YYYY-MM-DD|VIP|ATM|CASE|TEXT|HANDLE|AMOUNT|FILTER|DATE|COMMAND|[a-z]+_[a-z_]+|general|cutover|atm|transaction|category|text|reason|waiting|repeat|claim|aggressive|unreasonable|media|walk_in|phone|letter|fax|email|hotline|minxin|regulator|other|open|mine|overdue|yes|no|shared|subbranch|branch|province|John|Smith)\b/g,
      '',
    )
    .match(/\b[A-Za-z]{2,}\b/g) ?? [];

describe('words: one language per message (issue 17 item 10)', () => {
  it('zh-CN refusals and help carry no English words', async () => {
    d = await testDesk();
    const bad = await d.run('zhang', '/complaint new category=99 取不出钱');
    expect(bad.text).toContain('类别编号');
    expect(englishWords(bad.text)).toEqual([]);
    const missing = await d.run('zhang', '/complaint resolve C1');
    expect(englishWords(missing.text)).toEqual([]);
    const noText = await d.run('zhang', '/complaint new unit=OUT-12');
    expect(noText.text).toContain('缺少文字内容');
    for (const cmd of ['new', 'resolve', 'pay', 'list', 'escalate']) {
      const help = await d.run('zhang', `/complaint help ${cmd}`);
      expect(help.ok).toBe(true);
      expect(englishWords(help.text), help.text).toEqual([]);
    }
    expect((await d.run('zhang', '/complaint help new')).text).toContain('customer="John Smith"');
  });

  it('zh-CN case history uses Chinese verbs', async () => {
    d = await testDesk();
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone 取不出钱，客户要找记者');
    await d.run('zhang', '/complaint note C1 已安抚');
    await d.run('zhang', '/complaint assign C1 @li');
    const show = (await d.run('zhang', '/complaint show C1')).text;
    const history = show.slice(show.indexOf('处理记录'));
    expect(history).toContain('@zhang 受理');
    expect(history).toContain('@zhang 备注');
    expect(history).toContain('升级');
    expect(history).toContain('指派承办人 @li');
    expect(history).not.toMatch(/\b(opened|noted|escalated|assigned)\b/);
  });

  it('en cards, lists, history and help use ASCII punctuation and English examples', async () => {
    d = await testDesk({ roster: rosterWith({ locale: 'en' }) });
    await d.run('zhang', '/complaint new unit=OUT-12 channel=phone customer=Wang 取不出钱');
    await d.run('zhang', '/complaint arrive C1');
    const card = d.sent.find((m) => m.kind === 'case')!.text;
    const show = (await d.run('zhang', '/complaint show C1')).text;
    const list = (await d.run('zhang', '/complaint list')).text;
    const help = (await d.run('zhang', '/complaint help new')).text;
    for (const s of [card, show, list, help]) expect(s, s).not.toMatch(/[（）【】；：]/);
    expect(card).toMatch(/left 59m\)|left 1h\)|\(left/);
    expect(help).not.toMatch(/[\u4e00-\u9fff]/);
    expect(show).toMatch(/@zhang opened/);
  });
});

describe('input: full-width forms, shown names and quoted values (issue 17 item 11)', () => {
  it('reads ＝, ／, full-width digits and case ids as their ASCII twins', async () => {
    d = await testDesk();
    const r = await d.run('zhang', '／complaint new category＝４ phone=13800001111 取不出钱／要求今天取到');
    expect(r.ok, r.text).toBe(true);
    const c = (await d.core.store.getCase(1))!;
    expect(c).toMatchObject({ category: 'urgent_cash', matter: '取不出钱', request: '要求今天取到' });
    expect((await d.run('zhang', '/complaint new category=８ 排队')).ok).toBe(true);
    expect((await d.core.store.getCase(2))!.category).toBe('waiting');
    expect((await d.run('zhang', '/complaint arrive Ｃ１')).ok).toBe(true);
    expect((await d.run('zhang', '/complaint pay C1 ２０００')).ok).toBe(true);
  });

  it('accepts the names cards show, in either locale', async () => {
    d = await testDesk();
    expect((await d.run('zhang', '/complaint new channel=来访 category=紧急取现 phone=13800001111 取不出钱')).ok).toBe(true);
    expect(await d.core.store.getCase(1)).toMatchObject({ intake: 'walk_in', category: 'urgent_cash' });
    expect((await d.run('zhang', '/complaint new channel="walk-in" category="long waits" 排队')).ok).toBe(true);
    expect(await d.core.store.getCase(2)).toMatchObject({ intake: 'walk_in', category: 'waiting' });
    expect((await d.run('zhang', '/complaint new channel=银监局 category=媒体介入 记者')).ok).toBe(true);
    expect(await d.core.store.getCase(3)).toMatchObject({ intake: 'regulator', category: 'media' });
    expect((await d.run('zhang', '/complaint resolve C2 fault=无责 valid=是')).ok).toBe(true);
    expect(await d.core.store.getCase(2)).toMatchObject({ responsibility: 'not_at_fault', validity: 'valid' });
    const bad = await d.run('zhang', '/complaint new channel=飞鸽 排队');
    expect(bad).toMatchObject({ ok: false, code: 'err_bad_value' });
  });

  it('keeps a quoted name with spaces whole', async () => {
    d = await testDesk();
    expect((await d.run('zhang', '/complaint new customer="John Smith" phone=13800001111 ATM swallowed card')).ok).toBe(true);
    expect(await d.core.store.getCase(1)).toMatchObject({ customerName: 'John Smith', matter: 'ATM swallowed card' });
  });
});
