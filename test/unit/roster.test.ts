import { describe, expect, it } from 'vitest';
import { parseRoster, RosterError } from '../../src/core/domain/roster.ts';
import { demoRosterText } from '../helpers/desk.ts';

const minimal = `
settings: { timezone: Asia/Shanghai, locale: zh-CN, summary_time: "20:00" }
units:
  - { code: PROV, name: 省行, level: province, channels: { console: prov-group, slack: C0PROV, discord: "9001" } }
  - { code: BR01, name: 一分行, level: branch, parent: PROV, channels: { console: br01-group } }
  - { code: SB01, name: 城东支行, level: subbranch, parent: BR01, channels: { console: sb01-group } }
  - { code: OUT-12, name: 城东第十二网点, level: outlet, parent: SB01 }
members:
  - { handle: zhang, name: 张伟, unit: OUT-12, role: liaison, line: personal_banking, phone: "13800000000",
      slack: U0ZHANG, discord: "1001" }
`;

function problemsOf(text: string): string {
  try {
    parseRoster(text, 'r.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(RosterError);
    return (e as Error).message;
  }
  throw new Error('expected the roster to be refused');
}

describe('roster (SPEC §2)', () => {
  it('accepts the SPEC form and fills every default', () => {
    const r = parseRoster(minimal);
    expect(r.settings.sla).toEqual({ onsite: 60, reply: 240, report: 480, transfer: 60, start: 120, contact: 30 });
    expect(r.settings.reminder_fraction).toBe(0.8);
    expect(r.settings.repeat_max).toBe(4);
    expect(r.settings.payment_limit).toEqual({ ordinary: 5000, vip: 10000 });
    expect(r.member('zhang')?.discord).toBe('1001');
    expect(r.groupUnit('OUT-12').code).toBe('SB01');
    expect(r.groupChain('OUT-12').map((u) => u.code)).toEqual(['SB01', 'BR01', 'PROV']);
    expect(r.consoleChannelOf('SB01')).toBe('sb01-group');
    expect(r.branchOf('OUT-12').code).toBe('BR01');
  });

  it('accepts a roster with only units (settings and members optional)', () => {
    const r = parseRoster(`units:\n  - { code: P, name: p, level: province, channels: { console: p } }\n`);
    expect(r.settings.timezone).toBe('Asia/Shanghai');
    expect(r.settings.locale).toBe('zh-CN');
    expect(r.members).toEqual([]);
  });

  it('keeps unquoted Discord snowflakes exact', () => {
    const r = parseRoster(minimal.replace('discord: "1001"', 'discord: 112233445566778899'));
    expect(r.member('zhang')?.discord).toBe('112233445566778899');
  });

  it('ships a realistic demo roster', () => {
    const r = parseRoster(demoRosterText());
    expect(r.units.filter((u) => u.level === 'branch')).toHaveLength(2);
    expect(r.units.filter((u) => u.level === 'outlet').length).toBeGreaterThanOrEqual(4);
    for (const role of ['leader', 'deputy', 'liaison', 'handler'] as const) expect(r.members.some((m) => m.role === role)).toBe(true);
    expect(r.leadersOf('PROV').map((m) => m.handle)).toEqual(['chen', 'zhou']);
  });

  it.each([
    [
      'an unknown parent',
      minimal.replace('parent: SB01', 'parent: SB99'),
      /line 7, field units\[3\] \(OUT-12\)\.parent: unknown unit "SB99"/,
    ],
    ['a bad level', minimal.replace('level: outlet', 'level: kiosk'), /line 7, field units\[3\] \(OUT-12\)\.level: .*(province|expected)/],
    ['a missing member field', minimal.replace('role: liaison, ', ''), /line 9, field members\[0\] \(zhang\)\.role/],
    ['a bad role', minimal.replace('role: liaison', 'role: boss'), /members\[0\] \(zhang\)\.role/],
    ['a member of an unknown unit', minimal.replace('unit: OUT-12', 'unit: NOPE'), /members\[0\] \(zhang\)\.unit: unknown unit "NOPE"/],
    [
      'a branch without channels',
      minimal.replace(', channels: { console: br01-group }', ''),
      /line 5, field units\[1\] \(BR01\): a branch unit needs channels/,
    ],
    ['a bad time zone', minimal.replace('Asia/Shanghai', 'Mars/Olympus'), /line 2, field settings\.timezone: expected an IANA time zone/],
    ['a bad summary time', minimal.replace('"20:00"', '"25:00"'), /settings\.summary_time: expected a time of day as HH:MM/],
    [
      'a parent at the same level',
      minimal.replace('parent: SB01', 'parent: PROV').replace('level: outlet', 'level: province'),
      /exactly one unit with level: province/,
    ],
    ['a duplicate handle', minimal + '  - { handle: zhang, name: 张二, unit: OUT-12, role: member }\n', /duplicate handle "zhang"/],
    ['YAML syntax errors', 'units: [ { code: P', /line 1: YAML syntax/],
  ])('refuses %s, naming the line and field', (_name, text, pattern) => {
    expect(problemsOf(text)).toMatch(pattern);
  });
  it('reports every problem in one run, each with its line and field (settings, units and members checked independently)', () => {
    const text = [
      'settings:', //                                                                          1
      '  timezone: Mars/Olympus', //                                                          2
      '  locale: fr', //                                                                      3
      '  summary_time: "20:00"', //                                                           4
      'units:', //                                                                            5
      '  - { code: PROV, name: 省行, level: province, channels: { console: prov-group } }', // 6
      '  - { code: BR01, name: 一分行, level: branch, parent: PROV, channels: { console: br01-group } }', // 7
      '  - { code: SB01, name: 城东支行, level: subbranch, parent: BR01 }', //               8
      '  - { code: OUT-12, name: 城东第十二网点, level: outlet, parent: SB99 }', //          9
      '  - { code: OUT-13, name: 城东第十三网点, level: kiosk, parent: SB01 }', //           10
      'members:', //                                                                          11
      '  - { handle: zhang, name: 张伟, unit: OUT-12, role: liaison }', //                   12
      '  - { handle: zhang, name: 张二, unit: OUT-12, role: member }', //                    13
      '  - { handle: wang, name: 王五, unit: NOPE, role: member }', //                       14
      '  - { handle: li, name: 李四, unit: OUT-13, role: boss }', //                         15
      '',
    ].join('\n');
    const lines = problemsOf(text)
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    const expected = [
      /^line 2, field settings\.timezone: expected an IANA time zone/,
      /^line 3, field settings\.locale: /,
      /^line 9, field units\[3\] \(OUT-12\)\.parent: unknown unit "SB99"/,
      /^line 10, field units\[4\] \(OUT-13\)\.level: /,
      /^line 13, field members\[1\] \(zhang\)\.handle: duplicate handle "zhang"/,
      /^line 14, field members\[2\] \(wang\)\.unit: unknown unit "NOPE"/,
      /^line 15, field members\[3\] \(li\)\.role: /,
    ];
    expect(lines).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(lines[i]).toMatch(re));
    // a unit that is itself invalid (bad level) is still a known code: its member is not "unknown unit"
    expect(lines.join('\n')).not.toMatch(/unknown unit "OUT-13"/);
  });

  it('reports a bad setting, a bad unit and a bad member together when the roster has no other problem', () => {
    const text = minimal
      .replace('summary_time: "20:00"', 'summary_time: "25:00"')
      .replace('level: outlet', 'level: kiosk')
      .replace('role: liaison', 'role: boss');
    const msg = problemsOf(text);
    expect(msg).toMatch(/line 2, field settings\.summary_time: /);
    expect(msg).toMatch(/line 7, field units\[3\] \(OUT-12\)\.level: /);
    expect(msg).toMatch(/line 9, field members\[0\] \(zhang\)\.role: /);
  });
});
