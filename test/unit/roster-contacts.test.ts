/** §15 roster fields: member office_phone, unit press/security contacts, settings hotline, category_lines, cutover. */
import { describe, expect, it } from 'vitest';
import { parseRoster, RosterError } from '../../src/core/domain/roster.ts';

const roster = (o: { settings?: string; unit?: string; member?: string } = {}) => `settings: { timezone: Asia/Shanghai${o.settings ?? ''} }
units:
  - { code: PROV, name: 省行, level: province, channels: { console: prov }, press_contact: 省行办公室 0571-1 }
  - { code: BR01, name: 一分行, level: branch, parent: PROV, channels: { console: br01 }${o.unit ?? ''} }
  - { code: OUT-1, name: 网点一, level: outlet, parent: BR01 }
members:
  - { handle: a, name: 甲, unit: OUT-1, role: liaison, phone: "13800000001"${o.member ?? ''} }
`;

const problems = (text: string): string => {
  try {
    parseRoster(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RosterError);
    return (e as Error).message;
  }
  throw new Error('the roster was accepted');
};

describe('roster: §15 contacts and settings', () => {
  it('defaults: hotline 95566, category_lines per SPEC, no cutover window, no contacts', () => {
    const r = parseRoster(roster());
    expect(r.settings.hotline).toBe('95566');
    expect(r.settings.category_lines).toEqual({
      customer_info: ['it', 'operations'],
      transaction: ['operations'],
      claim: ['personal_banking'],
    });
    expect(r.settings.cutover).toBeUndefined();
    expect(r.member('a')?.office_phone).toBeUndefined();
    expect(r.unit('BR01')?.security_contact).toBeUndefined();
  });

  it('reads office_phone (a YAML number too), press and security contacts, hotline, category_lines and cutover', () => {
    const r = parseRoster(
      roster({
        settings:
          ', hotline: 95588, category_lines: { claim: [personal_banking, operations] }, cutover: { outage_from: "2026-12-05 18:00", outage_to: "2026-12-07 08:00" }',
        unit: ', security_contact: 保卫科 0571-110',
        member: ', office_phone: 88880001',
      }),
    );
    expect(r.member('a')?.office_phone).toBe('88880001');
    expect(r.settings.hotline).toBe('95588');
    expect(r.settings.category_lines).toEqual({ claim: ['personal_banking', 'operations'] });
    expect(r.settings.cutover).toEqual({ outage_from: '2026-12-05 18:00', outage_to: '2026-12-07 08:00' });
    // the nearest unit that has one: BR01's own security contact, the province's press contact
    expect(r.contactOf('OUT-1', 'security_contact')).toMatchObject({ contact: '保卫科 0571-110', unit: { code: 'BR01' } });
    expect(r.contactOf('OUT-1', 'press_contact')).toMatchObject({ contact: '省行办公室 0571-1', unit: { code: 'PROV' } });
  });

  it('names the line and field of a bad office phone, an empty contact, an unknown line and a bad outage time', () => {
    const msg = problems(
      roster({
        settings: ', category_lines: { claim: [legal] }, cutover: { outage_from: "tonight", outage_to: "2026-12-07 08:00" }',
        unit: ', press_contact: ""',
        member: ', office_phone: call-me',
      }),
    );
    expect(msg).toMatch(/field settings\.category_lines\.claim\[0\]/);
    expect(msg).toMatch(/field settings\.cutover\.outage_from: expected a local time as "YYYY-MM-DD HH:MM"/);
    expect(msg).toMatch(/line 4, field units\[1\] \(BR01\)\.press_contact: expected a name and a number/);
    expect(msg).toMatch(/line 7, field members\[0\] \(a\)\.office_phone: expected an office phone number/);
  });

  it('a category that is not one of the fifteen is refused in category_lines', () => {
    expect(problems(roster({ settings: ', category_lines: { claims: [operations] }' }))).toMatch(/settings\.category_lines/);
  });
});
