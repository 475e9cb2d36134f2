import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rosterWith, testDesk, type TestDesk } from '../helpers/desk.ts';
import { mentionsMedia } from '../../src/core/rules/escalation.ts';
import { DEFAULT_MEDIA_KEYWORDS } from '../../src/core/domain/roster.ts';

let d: TestDesk;
beforeEach(async () => {
  // §16.4: general cases keep §5's windows here (the breach escalation is timed on them)
  d = await testDesk({ roster: rosterWith({ general_process: 'cutover' }) });
  await d.at('09:00');
});
afterEach(async () => {
  await d.close();
});

const escalations = (caseId = 'C1') => d.sent.filter((m) => m.kind === 'escalation' && m.case === caseId);
const reasons = (caseId = 'C1') => [...new Set(escalations(caseId).map((m) => m.reason))];

describe('media keywords (§6)', () => {
  it.each([
    ['客户说要找记者曝光', '记者'],
    ['客戶揚言要找記者', '記者'],
    ['要发微博', '微博'],
    ['will call a journalist', 'journalist'],
    ['threatens to go to the PRESS', 'press'],
    ['will post it on social media', 'social media'],
  ])('finds a media threat in %j', (text, kw) => {
    expect(mentionsMedia(text, DEFAULT_MEDIA_KEYWORDS)?.toLowerCase()).toBe(kw);
  });
  it.each(['柜台排队太久', 'multimedia kiosk is broken', 'expressed concern'])('does not flag %j', (text) => {
    expect(mentionsMedia(text, DEFAULT_MEDIA_KEYWORDS)).toBeNull();
  });
  // §6: ordinary banking words are not threats: bare 网上/上网 never match on their own.
  it.each([
    '网上银行登录失败',
    '客户不会上网，要求柜台办理',
    '網上銀行無法登入',
    '客戶不會上網',
    '网银转账失败',
    '上网查询余额不符',
    '手机银行闪退',
    '手機銀行無法轉賬',
    'online banking login fails',
    'cannot use mobile banking',
  ])('does not flag the banking words in %j', (text) => {
    expect(mentionsMedia(text, DEFAULT_MEDIA_KEYWORDS)).toBeNull();
  });
  it.each([
    ['客户说要上网发帖', '上网发帖'],
    ['要在网上发帖曝光', '网上发帖'],
    ['揚言要發到網上', '發到網上'],
    ['说要把视频发到网上', '发到网上'],
    ['要上網發帖', '上網發帖'],
    ['要传到网上让大家看看', '传到网上'],
  ])('flags posting online in %j', (text, kw) => {
    expect(mentionsMedia(text, DEFAULT_MEDIA_KEYWORDS)).toBe(kw);
  });
  it('does not page the province for an online-banking complaint', async () => {
    await d.run('zhang', '/complaint new phone=13800000202 网上银行登录失败');
    await d.run('zhang', '/complaint new phone=13800000203 客户不会上网，要求柜台办理');
    expect(d.sent.filter((m) => m.kind === 'escalation')).toEqual([]);
    expect((await d.core.store.getCase(1))!.mediaThreat).toBe(false);
  });
});

describe('automatic escalation to the province, level by level (§6)', () => {
  it('escalates a media threat in the case text to every group up to the province, mentioning its leaders', async () => {
    await d.run('zhang', '/complaint new 客户说要找电视台曝光');
    const esc = escalations();
    expect(esc.map((m) => m.to)).toEqual(['sb01-group', 'br01-group', 'prov-group']);
    for (const m of esc) {
      expect(m.reason).toBe('media');
      expect(m.mentions).toEqual(['chen', 'zhou']);
      expect(m.text).toContain('@chen');
    }
    expect((await d.core.store.getCase(1))!).toMatchObject({ level: 'province', mediaThreat: true, escalated: true });
  });

  it('escalates on a media keyword in a later note, once', async () => {
    await d.run('zhang', '/complaint new 取不出钱');
    expect(escalations()).toHaveLength(0);
    await d.run('zhang', '/complaint note C1 客户说要找记者曝光');
    await d.run('zhang', '/complaint note C1 又提到了媒体');
    expect(escalations().map((m) => m.reason)).toEqual(['media', 'media', 'media']);
  });

  it('escalates the media category and media intake', async () => {
    await d.run('zhang', '/complaint new category=14 记者在大厅');
    await d.run('zhang', '/complaint new channel=media 报社转来');
    expect(reasons('C1')).toEqual(['media']);
    expect(reasons('C2')).toEqual(['media', 'skip_level']);
  });

  it('escalates skip-level intake channels but not the internal hotline', async () => {
    for (const ch of ['hq_center', 'minxin', 'regulator', 'bank_association', 'consumer_association', 'hotline']) {
      await d.run('zhang', `/complaint new channel=${ch} 投诉`);
    }
    expect([1, 2, 3, 4, 5, 6].map((i) => reasons(`C${i}`).includes('skip_level'))).toEqual([true, true, true, true, true, false]);
  });

  it('escalates a repeat customer (same phone within 30 days), not a returning one after 30 days', async () => {
    await d.run('zhang', '/complaint new phone=13800001111 第一次');
    await d.run('ma', '/complaint new unit=OUT-11 phone=138-0000-1111 又来了');
    expect(reasons('C1')).toEqual([]);
    expect(reasons('C2')).toEqual(['repeat']);
    expect(escalations('C2')[0].text).toContain('C1');
    d.clock.set(d.clock.now().getTime() + 31 * 24 * 3600_000);
    await d.run('zhang', '/complaint new phone=13800002222 别的客户');
    d.clock.set(d.clock.now().getTime() + 31 * 24 * 3600_000);
    await d.run('zhang', '/complaint new phone=13800002222 隔了一个月');
    expect(reasons('C4')).toEqual([]);
  });

  it('escalates a cluster: 3 distinct customers, same category, same branch, within 24 h', async () => {
    await d.run('zhang', '/complaint new category=atm phone=13800000001 ATM吞卡');
    await d.run('zhang', '/complaint new category=atm phone=13800000001 同一客户再来'); // repeat, same customer
    await d.run('hu', '/complaint new unit=OUT-31 category=atm phone=13800000002 另一分行'); // other branch
    await d.run('zhu', '/complaint new unit=OUT-21 category=waiting phone=13800000003 其他类别');
    expect(d.sent.some((m) => m.reason === 'cluster')).toBe(false);
    await d.run('ma', '/complaint new unit=OUT-11 category=atm phone=13800000004 ATM不能用');
    expect(d.sent.some((m) => m.reason === 'cluster')).toBe(false);
    await d.run('zhu', '/complaint new unit=OUT-21 category=atm customer=钱先生 ATM坏了');
    expect(reasons('C6')).toEqual(['cluster']);
    expect(escalations('C6')[0].text).toMatch(/C1, C2, C5, C6/);
    for (const id of [1, 5]) expect((await d.core.store.getCase(id))!.cluster).toBe(true);
    expect((await d.core.store.getCase(3))!.cluster).toBe(false);
  });

  it('counts anonymous cases as distinct customers, and names at most 10 cases of a large cluster', async () => {
    await d.run('zhang', '/complaint new category=atm ATM吞卡'); // no phone, no name
    await d.run('zhang', '/complaint new category=atm ATM吞卡');
    expect(d.sent.some((m) => m.reason === 'cluster')).toBe(false);
    await d.run('zhang', '/complaint new category=atm ATM吞卡');
    expect(reasons('C3')).toEqual(['cluster']);
    for (let i = 4; i <= 12; i++) await d.run('zhang', `/complaint new category=atm phone=1380000${String(i).padStart(4, '0')} ATM吞卡`);
    const line = escalations('C12')[0].text;
    expect(line).toContain('12 名客户');
    expect(line).toContain('C1, C2, C3, C4, C5, C6, C7, C8, C9, C10 等，另有 2 件');
    expect(line).not.toContain('C11,');
    // every member is flagged, each exactly once
    for (let i = 1; i <= 12; i++) expect((await d.core.store.getCase(i))!.cluster).toBe(true);
    const tl = await d.core.store.timeline(1);
    expect(tl.filter((e) => e.action === 'escalated').length).toBe(1);
  });

  it('does not count cases older than 24 h toward a cluster', async () => {
    await d.run('zhang', '/complaint new category=atm phone=13800000001 一');
    await d.run('zhang', '/complaint new category=atm phone=13800000002 二');
    d.clock.set(d.clock.now().getTime() + 25 * 3600_000);
    await d.run('zhang', '/complaint new category=atm phone=13800000003 三');
    expect(d.sent.some((m) => m.reason === 'cluster')).toBe(false);
  });

  it('escalates cross-province business', async () => {
    await d.run('zhang', '/complaint new category=cross_province 异地汇款');
    expect(reasons()).toEqual(['cross_province']);
  });

  it('says why in one line in every later post', async () => {
    await d.run('zhang', '/complaint new channel=minxin 民心网');
    await d.run('zhang', '/complaint arrive C1');
    const update = d.sent.find((m) => m.kind === 'update' && m.case === 'C1')!;
    expect(update.text).toContain('⚠ 已升级：越级投诉');
  });
});

describe('manual and breach escalation', () => {
  it('escalate goes one level up, to that level group, mentioning its leaders; refuses above the province', async () => {
    await d.run('zhang', '/complaint new 需要支行协调');
    await d.run('zhang', '/complaint escalate C1 客户要求见行长');
    let esc = escalations();
    expect(esc.map((m) => [m.to, m.reason, m.mentions])).toEqual([['sb01-group', 'manual', ['li']]]);
    await d.run('zhang', '/complaint escalate C1');
    await d.run('zhang', '/complaint escalate C1');
    esc = escalations();
    expect(esc.map((m) => m.to)).toEqual(['sb01-group', 'br01-group', 'prov-group']);
    const r = await d.run('zhang', '/complaint escalate C1');
    expect(r).toMatchObject({ ok: false, code: 'err_top_level' });
  });

  it('escalates one level up with reason breach when every nag went unanswered', async () => {
    await d.run('zhang', '/complaint new channel=phone 电话投诉');
    await d.at('12:01');
    const esc = escalations();
    expect(esc.map((m) => [m.at.slice(11, 16), m.to, m.reason])).toEqual([['12:00', 'sb01-group', 'breach']]);
    expect((await d.core.store.getCase(1))!.level).toBe('subbranch');
  });
});
