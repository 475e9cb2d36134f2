import { describe, expect, it } from 'vitest';
import { parseRoster, RosterError } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';

const base = `settings: { timezone: Asia/Shanghai }
units:
  - { code: PROV, name: 省行, level: province, channels: { console: prov-group } }
  - { code: BR01, name: 一分行, level: branch, parent: PROV, channels: { console: br01-group } }
  - { code: SB01, name: 城东支行, level: subbranch, parent: BR01 }
members:
  - { handle: lin, name: 林, unit: BR01, role: member }
  - { handle: chen, name: 陈, unit: BR01, role: member }
  - { handle: sun, name: 孙, unit: SB01, role: member }
`;

function problems(duty: string): string {
  try {
    parseRoster(base + duty, 'r.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(RosterError);
    return (e as Error).message;
  }
  throw new Error('expected the roster to be refused');
}

describe('§12 roster duty:', () => {
  it('accepts the SPEC form: daily, overnight and dated shifts', () => {
    const r = parseRoster(
      base +
        `duty:
  - { unit: BR01, handles: [lin], from: "08:00", to: "20:00" }
  - { unit: BR01, handles: [chen], from: "20:00", to: "08:00" }
  - { unit: SB01, handles: [sun], from: "2026-12-01 08:00", to: "2026-12-03 08:00" }
`,
    );
    expect(r.duty).toEqual([
      { unit: 'BR01', handles: ['lin'], kind: 'daily', from: '08:00', to: '20:00' },
      { unit: 'BR01', handles: ['chen'], kind: 'daily', from: '20:00', to: '08:00' },
      {
        unit: 'SB01',
        handles: ['sun'],
        kind: 'dated',
        from: atLocal('2026-12-01', '08:00', 'Asia/Shanghai'),
        to: atLocal('2026-12-03', '08:00', 'Asia/Shanghai'),
      },
    ]);
  });

  it('a roster without duty: has nobody on duty', () => {
    expect(parseRoster(base).duty).toEqual([]);
  });

  it('reports every problem with its line and field: unknown unit or handle, bad time, a dated shift ending before it starts', () => {
    const msg = problems(`duty:
  - { unit: BR09, handles: [lin], from: "08:00", to: "20:00" }
  - { unit: BR01, handles: [nobody], from: "08:00", to: "20:00" }
  - { unit: BR01, handles: [lin], from: "25:00", to: "20:00" }
  - { unit: SB01, handles: [sun], from: "2026-12-03 08:00", to: "2026-12-01 08:00" }
  - { unit: SB01, handles: [sun], from: "2026-12-01 08:00", to: "20:00" }
`);
    expect(msg).toContain('line 11, field duty[0] (BR09).unit: unknown unit "BR09"');
    expect(msg).toContain('line 12, field duty[1] (BR01).handles[0]: unknown handle "nobody"');
    expect(msg).toContain('line 13, field duty[2] (BR01).from: expected a time of day as "HH:MM"');
    expect(msg).toContain('line 14, field duty[3] (SB01).to: the shift ends (2026-12-01 08:00) before it starts (2026-12-03 08:00)');
    expect(msg).toContain('line 15, field duty[4] (SB01).to: "from" and "to" must both be');
  });

  it('a duty entry without handles or times is named field by field', () => {
    const msg = problems(`duty:\n  - { unit: BR01 }\n`);
    expect(msg).toMatch(/duty\[0\] \(BR01\)\.handles/);
    expect(msg).toMatch(/duty\[0\] \(BR01\)\.from/);
    expect(msg).toMatch(/duty\[0\] \(BR01\)\.to/);
  });
});
