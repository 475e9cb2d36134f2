/** §12 duty shifts, handovers, who hears what, and the work log, through the real desk on SQLite. */
import { afterEach, describe, expect, it } from 'vitest';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { demoRosterText, testDesk, type TestDesk } from '../helpers/desk.ts';

const DUTY = `
duty:
  - { unit: BR01, handles: [zhao], from: "08:00", to: "20:00" }
  - { unit: BR01, handles: [qian], from: "20:00", to: "08:00" }
  - { unit: SB01, handles: [he], from: "09:00", to: "17:00" }
  - { unit: PROV, handles: [sun], from: "2026-12-01 08:00", to: "2026-12-01 12:00" }
`;
// §16.4: general cases keep §5's windows here (the handovers list them)
const dutyRoster = (text = DUTY, tz = 'Asia/Shanghai') =>
  parseRoster(demoRosterText().replace('timezone: Asia/Shanghai', `timezone: ${tz}\n  general_process: cutover`) + text);

let d: TestDesk;
afterEach(async () => {
  await d?.close();
});

const handovers = () => d.sent.filter((m) => m.kind === 'handover');
const SH = 'Asia/Shanghai';

/** Everything §12 writes, to hold "a refusal writes nothing". */
async function written(): Promise<string> {
  const s = d.core.store;
  const from = new Date('2026-11-01T00:00:00Z');
  const to = new Date('2027-01-01T00:00:00Z');
  const shifts = await s.takenShiftsBetween(from, to);
  const log = await s.workLog({ unitCodes: d.core.roster.units.map((u) => u.code), from, to, limit: 1000 });
  return JSON.stringify({ shifts, log, counts: await d.counts() });
}

describe('§12 handovers', () => {
  it('at every shift start and when a gap begins, to the unit’s group channel, mentioning who comes and goes, exactly once', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('21:00');
    for (let i = 0; i < 3; i++) await d.scheduler.tick();
    const got = handovers().map((m) => [m.at.slice(11, 16), m.to, m.unit, m.mentions]);
    expect(got).toEqual([
      ['08:00', 'br01-group', 'BR01', ['zhao', 'qian']],
      ['08:00', 'prov-group', 'PROV', ['sun']],
      ['09:00', 'sb01-group', 'SB01', ['he']],
      // a gap: nobody on duty, the unit's leaders hear it
      ['12:00', 'prov-group', 'PROV', ['sun', 'chen', 'zhou']],
      ['17:00', 'sb01-group', 'SB01', ['he', 'li']],
      ['20:00', 'br01-group', 'BR01', ['qian', 'zhao']],
    ]);
    const first = handovers()[0];
    expect(first.text).toContain('接班：@zhao');
    expect(first.text).toContain('交班：@qian');
    expect(first.text).toContain('本班至 20:00');
    expect(handovers()[3].text).toContain('此后无人值守');
    expect(handovers()[4].text).toContain('（下一班 12-02 09:00 起）');
    expect(first.case).toBeNull();
  });

  it('lists the subtree’s open cases with their next deadline, deadlines due this shift, escalations and log entries since the last one', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('09:30');
    await d.run('zhang', '/complaint new unit=OUT-12 phone=13800001111 取不出钱');
    await d.run('zhang', '/complaint note C1 客户说要找记者曝光');
    await d.run('feng', '/complaint new unit=OUT-31 ATM吞卡'); // another branch: not in BR01's handover
    await d.run('zhao', '/complaint log 已通知各网点按统一口径解释，客户13800001111');
    await d.at('20:00');
    const h = handovers().find((m) => m.unit === 'BR01' && m.at.includes('T20:00'))!;
    expect(h.text).toContain('未办结案件 1 件（下一时限）：C1 一般投诉 · OUT-12 · 答复客户 13:30 已超时 ⚠');
    expect(h.text).toMatch(/上次交接以来的升级 1 件：C1 09:30 已升级：媒体风险/);
    expect(h.text).toContain('上次交接以来的工作日志 1 条');
    // customer data masked, as in every post
    expect(h.text).toContain('138****1111');
    expect(h.text).not.toContain('13800001111');
    expect(h.text).not.toContain('C2');
  });

  it('cuts long lists with "and N more"', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('10:00');
    for (let i = 0; i < 13; i++) await d.core.desk.handleText('zhang', `/complaint new phone=1380000${String(1000 + i)} 排队${i}`);
    await d.at('20:00');
    const h = handovers().find((m) => m.unit === 'BR01' && m.at.includes('T20:00'))!;
    expect(h.text).toContain('未办结案件 13 件');
    expect(h.text).toContain('……另有 3 项');
  });

  it('one posted late (the bot was down) says so', async () => {
    d = await testDesk({ roster: dutyRoster() });
    d.clock.set(atLocal('2026-12-01', '10:30', SH));
    await d.scheduler.tick();
    const sb = handovers().find((m) => m.unit === 'SB01')!;
    expect(sb.at.slice(11, 16)).toBe('10:30');
    expect(sb.text).toContain('（补发：机器人停机期间到期）');
    expect(handovers().find((m) => m.unit === 'BR01')!.text).not.toContain('补发');
  });

  it('a taken shift hands over at once; when it ends with nobody left, a gap is announced', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('10:00');
    const r = await d.run('yang', '/complaint duty take until=11:00');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('至 11:00');
    const taken = handovers().filter((m) => m.unit === 'OUT-12');
    expect(taken.map((m) => [m.at.slice(11, 16), m.to, m.mentions])).toEqual([['10:00', 'sb01-group', ['yang']]]);
    await d.at('12:00');
    const gap = handovers().filter((m) => m.unit === 'OUT-12')[1];
    expect(gap.at.slice(11, 16)).toBe('11:00');
    expect(gap.text).toContain('此后无人值守');
    // OUT-12 has no leaders of its own: the leaders of its group (SB01) hear it
    expect(gap.mentions).toEqual(['yang', 'li']);
  });

  it('keeps wall-clock shifts across a DST change (a roster in Europe/Berlin)', async () => {
    const roster = dutyRoster(
      `
duty:
  - { unit: BR01, handles: [zhao], from: "06:00", to: "22:00" }
  - { unit: BR01, handles: [qian], from: "22:00", to: "06:00" }
`,
      'Europe/Berlin',
    );
    expect(roster.settings.timezone).toBe('Europe/Berlin');
    d = await testDesk({ roster, start: atLocal('2026-03-28', '12:00', 'Europe/Berlin') });
    await d.at('12:00', '2026-03-30');
    for (let i = 0; i < 2; i++) await d.scheduler.tick();
    expect(handovers().map((m) => [m.at, m.mentions])).toEqual([
      ['2026-03-28T22:00:00+01:00', ['qian', 'zhao']],
      ['2026-03-29T06:00:00+02:00', ['zhao', 'qian']],
      ['2026-03-29T22:00:00+02:00', ['qian', 'zhao']],
      ['2026-03-30T06:00:00+02:00', ['zhao', 'qian']],
    ]);
  });
});

describe('§12 who hears what', () => {
  it('an escalation post mentions the group’s leaders and the members on duty in its unit at that moment, not those whose shift ended', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('10:00');
    await d.run('zhang', '/complaint new unit=OUT-12 客户说要找记者曝光');
    const esc = (c: string) =>
      Object.fromEntries(d.sent.filter((m) => m.kind === 'escalation' && m.case === c).map((m) => [m.to, m.mentions]));
    expect(esc('C1')).toEqual({
      'sb01-group': ['chen', 'zhou', 'he'],
      'br01-group': ['chen', 'zhou', 'zhao'],
      'prov-group': ['chen', 'zhou', 'sun'],
    });
    expect(d.sent.find((m) => m.kind === 'escalation' && m.to === 'sb01-group')!.text).toContain('请 @chen @zhou @he 关注');
    await d.at('18:00');
    await d.run('zhang', '/complaint new unit=OUT-12 要上微博曝光');
    // sun's dated shift ended at 12:00, he's at 17:00; qian is not on until 20:00
    expect(esc('C2')).toEqual({ 'sb01-group': ['chen', 'zhou'], 'br01-group': ['chen', 'zhou', 'zhao'], 'prov-group': ['chen', 'zhou'] });
  });

  it('a manual escalation one level up mentions that group’s leaders and who is on duty there', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('10:00');
    await d.run('zhang', '/complaint new unit=OUT-12 排队太久');
    await d.run('zhang', '/complaint escalate C1 客户要求支行处理');
    await d.at('18:00');
    await d.run('zhang', '/complaint new unit=OUT-12 排队太久');
    await d.run('zhang', '/complaint escalate C2 客户要求支行处理');
    const manual = (c: string) =>
      d.sent.filter((m) => m.kind === 'escalation' && m.case === c && m.reason === 'manual').map((m) => [m.to, m.mentions]);
    expect(manual('C1')).toEqual([['sb01-group', ['li', 'he']]]);
    expect(manual('C2')).toEqual([['sb01-group', ['li']]]);
  });

  it('a breach repeat mentions the handler group’s leaders and its members on duty then, not after their shift', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('09:30');
    await d.run('zhang', '/complaint new unit=OUT-12 转账失败'); // reply due 13:30, repeats 14:00 …
    await d.at('13:30');
    await d.run('zhang', '/complaint new unit=OUT-12 存折无法打印'); // reply due 17:30, repeats from 18:00
    await d.at('19:00');
    const repeats = (c: string) =>
      d.sent.filter((m) => m.kind === 'breach' && m.case === c && m.to === 'sb01-group' && m.text.includes('催办')).map((m) => m.mentions);
    expect(repeats('C1')[0]).toEqual(['zhang', 'li', 'he']);
    expect(repeats('C2')[0]).toEqual(['zhang', 'li']);
  });
});

describe('§12 duty, duty take, log, worklog', () => {
  it('duty shows who is on duty, until when, and who comes next', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('10:00');
    expect((await d.run('he', '/complaint duty')).text).toBe('城东支行(SB01) 当前值守：@he 至 17:00。\n下一班：@he，12-02 09:00 起。');
    expect((await d.run('he', '/complaint duty unit=BR01')).text).toBe(
      '一分行(BR01) 当前值守：@zhao 至 20:00。\n下一班：@qian，20:00 起。',
    );
    expect((await d.run('he', '/complaint duty unit=OUT-12')).text).toBe('城东第十二网点(OUT-12) 当前无人值守。\n暂无已排定的下一班。');
  });

  it('duty take: a member of the unit or a leader above it; every refusal writes nothing', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('10:00');
    const before = await written();
    const refusals = [
      ['zhang', '/complaint duty take unit=BR01', '不能在「一分行(BR01)」值守'],
      ['ghost', '/complaint duty take', '不在投诉处理小组名单中'],
      ['zhang', '/complaint duty take until=25:00', 'HH:MM'],
      ['zhang', '/complaint duty take unit=NOPE', '没有代码为「NOPE」的单位'],
      ['zhang', '/complaint duty until=12:00', 'until= 只用于接班'],
      ['zhang', '/complaint duty give', 'take'],
      ['he', '/complaint duty take until=16:00', '已在「城东支行(SB01)」值守，至 17:00'],
      ['ghost', '/complaint log 测试', '不在投诉处理小组名单中'],
      ['zhang', '/complaint log', '缺少'],
      ['zhang', '/complaint worklog unit=NOPE', '没有代码为「NOPE」的单位'],
      ['zhang', '/complaint worklog 2026-13-01', 'YYYY-MM-DD'],
    ];
    for (const [who, text, words] of refusals) {
      const r = await d.run(who, text);
      expect(r.ok, text).toBe(false);
      expect(r.text, text).toContain(words);
    }
    expect(await written()).toBe(before);
    expect(handovers().filter((m) => m.at.includes('T10:00'))).toEqual([]);
    // a leader above the unit may; so may its own member
    expect((await d.run('li', '/complaint duty take unit=OUT-12 until=12:00')).ok).toBe(true);
    expect((await d.run('yang', '/complaint duty take')).text).toBe(
      '您已在 城东第十二网点(OUT-12) 接班值守，至 12:00。交接班通知将发到本单位小组频道。',
    );
    expect((await d.run('he', '/complaint duty take until=18:00')).ok).toBe(true);
  });

  it('log: an entry in the actor’s unit, echoed masked; worklog: the subtree’s entries and the bot’s events in time order, not a sibling’s', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('09:10');
    const r = await d.run('zhang', '/complaint log 客户13800001111来电询问');
    expect(r.text).toBe('已记入 城东第十二网点(OUT-12) 工作日志：客户138****1111来电询问');
    await d.at('09:20');
    await d.run('zhang', '/complaint new unit=OUT-12 customer=王芳 phone=13800002222 取不出钱');
    await d.run('deng', '/complaint log 城西支行：一切正常'); // SB02, a sibling of SB01
    await d.run('he', '/complaint log 支行已安排人员值守');
    await d.at('09:40');
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
    const text = (await d.run('li', '/complaint worklog unit=SB01')).text;
    expect(text.split('\n')).toEqual([
      '【城东支行(SB01) 2026-12-01 工作日志】共 5 条',
      expect.stringMatching(/^ {2}09:00 @bot 交接班：.*城东支行\(SB01\) 交接班 2026-12-01 09:00/),
      '  09:10 @zhang 日志：客户138****1111来电询问',
      // at the same minute: the entries, then the bot's events
      '  09:20 @he 日志：支行已安排人员值守',
      '  09:20 @zhang C1 受理',
      '  09:40 @zhang C1 已办结',
    ]);
    expect(text).not.toContain('城西');
    // the branch's log includes the units below it, the sibling branch's does not
    expect((await d.run('liu', '/complaint worklog unit=BR01')).text).toContain('城西支行：一切正常');
    expect((await d.run('wu', '/complaint worklog unit=BR02')).text).toBe('二分行(BR02) 2026-12-01 没有工作日志。');
  });

  it('the end-of-day summary names who was on duty and counts the log entries', async () => {
    d = await testDesk({ roster: dutyRoster() });
    await d.at('09:10');
    await d.run('zhang', '/complaint log 一');
    await d.run('he', '/complaint log 二');
    await d.run('feng', '/complaint log 三'); // BR02
    await d.at('20:00');
    const br01 = d.sent.find((m) => m.kind === 'summary' && m.unit === 'BR01')!;
    expect(br01.text).toContain('值守：BR01 @qian @zhao；SB01 @he');
    expect(br01.text).toContain('工作日志 2 条');
    const prov = d.sent.find((m) => m.kind === 'summary' && m.unit === 'PROV')!;
    expect(prov.text).toContain('PROV @sun');
    expect(prov.text).toContain('工作日志 3 条');
  });
});
