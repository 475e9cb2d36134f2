/** §16 roster settings: the outage window, the holiday calendar, the general process. */
import { describe, expect, it } from 'vitest';
import { parseRoster, RosterError } from '../../src/core/domain/roster.ts';

const roster = (settings: string) => `settings:
  timezone: Asia/Shanghai
${settings}
units:
  - { code: PROV, name: 省行, level: province, channels: { console: prov } }
members: []
`;

const problem = (text: string): string => {
  try {
    parseRoster(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RosterError);
    return (e as Error).message;
  }
  throw new Error('the roster was accepted');
};

describe('roster: §16 settings', () => {
  it('accepts an outage window, holidays, worked weekend days and the general process; all optional', () => {
    const r = parseRoster(
      roster(`  cutover: { outage_from: "2026-12-05 18:00", outage_to: "2026-12-07 08:00" }
  holidays: ["2026-12-08", 2026-12-09]
  workdays: ["2026-12-13"]
  general_process: cutover`),
    );
    expect(r.settings.cutover).toEqual({ outage_from: '2026-12-05 18:00', outage_to: '2026-12-07 08:00' });
    expect(r.settings.holidays).toEqual(['2026-12-08', '2026-12-09']);
    expect(r.settings.workdays).toEqual(['2026-12-13']);
    expect(r.settings.general_process).toBe('cutover');
    const plain = parseRoster(roster(''));
    expect(plain.settings.cutover).toBeUndefined();
    expect(plain.settings.holidays).toEqual([]);
    expect(plain.settings.general_process).toBe('normal');
  });

  it('refuses an outage that ends before it starts, naming the line of outage_to', () => {
    const msg = problem(
      roster(`  cutover:
    outage_from: "2026-12-07 08:00"
    outage_to: "2026-12-05 18:00"`),
    );
    expect(msg).toMatch(/line 5, field settings\.cutover\.outage_to: outage_to \("2026-12-05 18:00"\) must be later than outage_from/);
  });

  it('refuses a malformed outage time, naming its line and the expected form', () => {
    expect(problem(roster(`  cutover: { outage_from: "2026-12-05", outage_to: "2026-12-07 08:00" }`))).toMatch(
      /line 3.*outage_from.*YYYY-MM-DD HH:MM/,
    );
  });

  it('refuses a bad date in the holiday calendar, naming its line', () => {
    const msg = problem(
      roster(`  holidays:
    - "2026-12-08"
    - "2026-02-30"
  workdays: ["13 Dec"]`),
    );
    expect(msg).toMatch(/line 5, field settings\.holidays\[1\]: expected a real date as YYYY-MM-DD/);
    expect(msg).toMatch(/line 6, field settings\.workdays\[0\]/);
  });
});
