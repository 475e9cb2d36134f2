/**
 * SPEC §15.4 anger, §15.5 contacts and the card lines, §15.7 business lines, through the desk on a real SQLite store
 * with the scheduler delivering to the console notifier (the drill's own lines).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { DEMO_DUTY_ROSTER } from '../../src/cli/config.ts';
import { demoRosterText, testDesk, type TestDesk } from '../helpers/desk.ts';

let d: TestDesk | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});
const open = async (text = demoRosterText()) => (d = await testDesk({ roster: parseRoster(text) }));
const timeline = async (t: TestDesk, id: string) => (await t.run('zhang', `/complaint show ${id}`)).text;

describe('§15.4 anger', () => {
  it('a new case whose text shows anger escalates to the province, level by level, with reason anger', async () => {
    const t = await open();
    const r = await t.run('zhang', '/complaint new unit=OUT-12 客户辱骂柜员后愤然离开');
    expect(r.ok, r.text).toBe(true);
    const esc = t.sent.filter((m) => m.kind === 'escalation');
    expect(esc.map((m) => m.to)).toEqual(['sb01-group', 'br01-group', 'prov-group']);
    for (const m of esc) {
      expect(m.reason).toBe('anger');
      expect(m.mentions).toEqual(expect.arrayContaining(['chen', 'zhou']));
      expect(m.text).toContain('愤然离开');
    }
    const card = t.sent.find((m) => m.kind === 'case')!;
    expect(card.text).toContain('已升级：客户愤怒/过激');
    expect(card.text).toContain('层级: 省行');
  });

  it('an agitated customer is not escalated; a later note with an anger word is, once', async () => {
    const t = await open();
    await t.run('zhang', '/complaint new unit=OUT-12 客户情绪激动，很着急');
    expect(t.sent.filter((m) => m.kind === 'escalation')).toEqual([]);
    await t.run('zhang', '/complaint note C1 客户最终愤怒离开，扬言还会再来');
    const esc = t.sent.filter((m) => m.kind === 'escalation');
    expect(esc.map((m) => [m.to, m.reason])).toEqual([
      ['sb01-group', 'anger'],
      ['br01-group', 'anger'],
      ['prov-group', 'anger'],
    ]);
    await t.run('zhang', '/complaint note C1 客户再次来电，言辞过激');
    expect(t.sent.filter((m) => m.kind === 'escalation')).toHaveLength(3);
    expect(await timeline(t, 'C1')).toMatch(/升级：客户愤怒\/过激/);
  });

  it('in English (locale en) the reason reads "anger"', async () => {
    const t = await open(demoRosterText().replace('locale: zh-CN', 'locale: en'));
    await t.run('zhang', '/complaint new unit=OUT-12 the customer stormed out');
    const esc = t.sent.filter((m) => m.kind === 'escalation');
    expect(esc).toHaveLength(3);
    expect(esc[0].text).toMatch(/escalated: anger\] mentions "stormed out"/);
  });
});

describe('§15.5 contacts and the card lines', () => {
  it('/complaint contacts answers privately with leaders, liaison, both numbers, and the nearest press and security contacts', async () => {
    const t = await open();
    const before = await t.counts();
    const r = await t.run('yang', '/complaint contacts unit=SB01');
    expect(r.ok, r.text).toBe(true);
    expect(r.kind).toBe('ack');
    expect(r.text).toContain('城东支行(SB01)');
    expect(r.text).toContain('组长 李娜 @li：手机 13900000031，办公电话 0571-87000031');
    expect(r.text).toContain('联络人 何平 @he：手机 13900000032，办公电话 0571-87000032');
    // SB01 has none of its own: BR01's
    expect(r.text).toContain('对外宣传负责人：一分行办公室 李闻 0571-87001001（一分行）');
    expect(r.text).toContain('安全保卫联系人：一分行保卫科 0571-87001110（一分行）');
    // staff numbers only, posted nowhere
    expect(await t.counts()).toEqual(before);
    expect(t.sent).toEqual([]);
  });

  it("defaults to the actor's unit; a number missing from the roster says so; an unknown unit is refused", async () => {
    const t = await open(demoRosterText().replace(', office_phone: "0571-87100000"', ''));
    const r = await t.run('zhang', '/complaint contacts');
    expect(r.text).toContain('联络人 张伟 @zhang：手机 13800000000，办公电话 未登记');
    expect(r.text).toContain('对外宣传负责人：一分行办公室 李闻 0571-87001001（一分行）');
    const bad = await t.run('zhang', '/complaint contacts unit=NOPE');
    expect(bad.ok).toBe(false);
    expect(bad.text).toContain('NOPE');
  });

  it('shows the members on duty now (§12)', async () => {
    const t = await open(readFileSync(DEMO_DUTY_ROSTER, 'utf8'));
    await t.at('10:00');
    const r = await t.run('zhang', '/complaint contacts unit=BR01');
    expect(r.text).toContain('联络人（值守中） 赵磊 @zhao');
    expect(r.text).toContain('组长 刘强 @liu');
    expect(r.text).toContain('副组长 黄静 @huang');
  });

  it('a media card shows the press line; a category-11 card the security line; others neither', async () => {
    const t = await open();
    await t.run('zhang', '/complaint new unit=OUT-12 category=media 电视台记者在网点拍摄');
    await t.run('zhang', '/complaint new unit=OUT-12 channel=media 报社转来投诉');
    await t.run('zhang', '/complaint new unit=OUT-12 客户说要上微博热搜');
    await t.run('zhang', '/complaint new unit=OUT-12 category=aggressive 客户醉酒');
    await t.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队太久');
    const cards = t.sent.filter((m) => m.kind === 'case');
    const press = '媒体应对: 婉拒采访，请记者联系对外宣传负责人：一分行办公室 李闻 0571-87001001（一分行）';
    for (const c of cards.slice(0, 3)) expect(c.text).toContain(press);
    expect(cards[3].text).toContain('安全保卫: 在监控下处理，必要时联系保卫/报警：一分行保卫科 0571-87001110（一分行）');
    expect(cards[3].text).not.toContain('媒体应对');
    expect(cards[4].text).not.toMatch(/媒体应对|安全保卫/);
  });
});

describe('§15.7 business lines', () => {
  it('a new customer_info case is reported to IT and operations: a post in the branch group mentioning them, and the timeline', async () => {
    const t = await open();
    await t.run('zhang', '/complaint new unit=OUT-12 category=6 客户证件信息显示错误');
    const post = t.sent.find((m) => m.to === 'br01-group' && m.kind === 'update')!;
    expect(post.mentions.sort()).toEqual(['qian', 'zhao']);
    expect(post.text).toContain('【C1 报条线·科技信息、运营】');
    expect(await timeline(t, 'C1')).toContain('@bot 报科技信息、运营条线');
  });

  it("categories without lines are not reported; only the branch's members of the lines are mentioned", async () => {
    const t = await open();
    await t.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队太久');
    expect(t.sent.filter((m) => m.to === 'br01-group')).toEqual([]);
    await t.run('hu', '/complaint new unit=OUT-31 category=customer_info 客户信息异常');
    const post = t.sent.find((m) => m.to === 'br02-group' && m.case === 'C2')!;
    // BR02 has an operations liaison but nobody of IT
    expect(post.mentions).toEqual(['feng']);
    await t.run('hu', '/complaint new unit=OUT-31 category=transaction 转账异常');
    expect(t.sent.find((m) => m.to === 'br02-group' && m.case === 'C3')!.mentions).toEqual(['feng']);
  });

  it('a branch with nobody of the lines on the roster: the post says to call them, and no report is recorded', async () => {
    const t = await open(
      demoRosterText()
        .replace('role: liaison, line: operations, phone: "13900000013"', 'role: liaison, line: union, phone: "13900000013"')
        .replace('role: handler, line: it,', 'role: handler, line: union,'),
    );
    await t.run('zhang', '/complaint new unit=OUT-12 category=customer_info 客户信息异常');
    const post = t.sent.find((m) => m.to === 'br01-group')!;
    expect(post.mentions).toEqual([]);
    expect(post.text).toContain('一分行名单中暂无科技信息、运营条线人员，请电话联系');
    expect(await timeline(t, 'C1')).not.toContain('@bot 报');
  });

  it('/complaint line reports by hand; an unknown line is refused naming the lines and writes nothing', async () => {
    const t = await open();
    await t.run('zhang', '/complaint new unit=OUT-12 category=waiting 排队太久');
    const before = await t.counts();
    const bad = await t.run('zhang', '/complaint line C1 legal 请法务看看');
    expect(bad.ok).toBe(false);
    expect(bad.text).toContain('personal_banking, corporate, international_settlement, business_dept, operations, it, union');
    expect(bad.text).toContain('/complaint line CASE LINE [text]');
    expect(await t.counts()).toEqual(before);
    const r = await t.run('zhang', '/complaint line c1 运营 排队系统故障，请运营条线核查');
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toBe('案件 C1：已报运营条线（@zhao）。');
    const post = t.sent.find((m) => m.to === 'br01-group' && m.kind === 'update')!;
    expect(post.mentions).toEqual(['zhao']);
    expect(post.text).toContain('排队系统故障');
    expect(await timeline(t, 'C1')).toContain('@zhang 报运营条线: 排队系统故障');
    // someone not on the case may not
    const other = await t.run('hu', '/complaint line C1 operations');
    expect(other.ok).toBe(false);
  });

  it('a claim is not resolved before a line has it: the refusal names the command, and nothing is written', async () => {
    // claims not reported at intake (category_lines without claim), so the rule shows
    const t = await open(
      demoRosterText().replace('  hotline: "95566"', '  hotline: "95566"\n  category_lines: { transaction: [operations] }'),
    );
    await t.run('zhang', '/complaint new unit=OUT-12 category=claim phone=13800001111 要求赔偿利息损失');
    expect(t.sent.filter((m) => m.to === 'br01-group')).toEqual([]);
    const before = await t.counts();
    const r = await t.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    expect(r.ok).toBe(false);
    expect(r.code).toBe('err_claim_no_line');
    expect(r.text).toContain('/complaint line C1 personal_banking');
    expect(await t.counts()).toEqual(before);
    expect((await t.run('zhang', '/complaint line C1 personal_banking 客户索赔，请个金条线会同处理')).ok).toBe(true);
    expect((await t.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes')).ok).toBe(true);
  });

  it('with the default settings a claim is reported to personal banking at intake and may be resolved', async () => {
    const t = await open();
    await t.run('zhang', '/complaint new unit=OUT-12 category=claim 要求赔偿');
    expect(t.sent.find((m) => m.to === 'br01-group')!.mentions).toEqual(['huang']);
    expect((await t.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes')).ok).toBe(true);
  });
});

describe('§15 in a drill (the console front end in virtual time)', () => {
  it('carries reason anger on escalation lines, the line report in the branch group, and contacts as an ack', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runDrill } = await import('../../src/cli/drill.ts');
    const { PROJECT_ROOT } = await import('../../src/cli/config.ts');
    const dir = mkdtempSync(join(tmpdir(), 'cd-people-drill-'));
    try {
      const script = join(dir, 't.drill');
      writeFileSync(
        script,
        [
          '@date 2026-12-01',
          `@roster ${join(PROJECT_ROOT, 'examples', 'demo-roster.yml')}`,
          '09:00 zhang: /complaint new unit=OUT-12 category=transaction 转账未到账，客户拂袖而去',
          '09:05 zhang: /complaint contacts',
          '09:10 zhang: /complaint line C1 nope',
        ].join('\n') + '\n',
      );
      const out = await runDrill(script, { until: '09:30' });
      const esc = out.filter((m) => m.kind === 'escalation');
      expect(esc.map((m) => [m.to, m.reason])).toEqual([
        ['sb01-group', 'anger'],
        ['br01-group', 'anger'],
        ['prov-group', 'anger'],
      ]);
      const line = out.find((m) => m.kind === 'update' && m.to === 'br01-group')!;
      expect(line).toMatchObject({ case: 'C1', mentions: ['zhao'] });
      expect(line.text).toContain('报条线·运营');
      const acks = out.filter((m) => m.to === '@zhang');
      expect(acks.map((m) => m.kind)).toEqual(['ack', 'ack', 'error']);
      expect(acks[1].text).toContain('0571-87100000');
      expect(acks[2].text).toContain('personal_banking, corporate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
