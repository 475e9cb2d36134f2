/** §14 roster fields for the daily report mail: a unit's `email:` and `settings.mail_from`. */
import { describe, expect, it } from 'vitest';
import { parseRoster, RosterError } from '../../src/core/domain/roster.ts';

const roster = (unitExtra: string, settings = '') => `settings: { timezone: Asia/Shanghai${settings} }
units:
  - { code: PROV, name: 省行, level: province, channels: { console: prov } }
  - { code: BR01, name: 一分行, level: branch, parent: PROV, channels: { console: br01 }${unitExtra} }
members: []
`;

describe('roster: email and mail_from', () => {
  it('accepts a unit email and a sender; both are optional', () => {
    const r = parseRoster(roster(', email: union-br01@bank.example', ', mail_from: "投诉值守 <desk@bank.example>"'));
    expect(r.unit('BR01')?.email).toBe('union-br01@bank.example');
    expect(r.settings.mail_from).toBe('投诉值守 <desk@bank.example>');
    const plain = parseRoster(roster(''));
    expect(plain.unit('BR01')?.email).toBeUndefined();
    expect(plain.settings.mail_from).toMatch(/@/);
  });

  it('names the line and field of an address that is not one', () => {
    let err: unknown;
    try {
      parseRoster(roster(', email: union at bank'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RosterError);
    expect(String((err as Error).message)).toMatch(/line 4, field units\[1\] \(BR01\)\.email: expected a mail address/);
  });
});
