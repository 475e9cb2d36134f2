/** §16.4 one working day (篇二 "应在一个工作日解决并回复客户"): pure rules on fixed dates, in the roster's time zone. */
import { describe, expect, it } from 'vitest';
import { isWorkingDay, nextWorkingDay, oneWorkingDayAfter, type WorkCalendar } from '../../../src/core/rules/working-days.ts';
import { atLocal, localMinute } from '../../../src/core/domain/time.ts';

// 2026-12: Mon 7, Tue 8, … Fri 11, Sat 12, Sun 13, Mon 14
const cal: WorkCalendar = { tz: 'Asia/Shanghai', holidays: ['2026-12-08'], workdays: ['2026-12-13'] };
const plain: WorkCalendar = { tz: 'Asia/Shanghai', holidays: [], workdays: [] };
const due = (c: WorkCalendar, at: string) => localMinute(oneWorkingDayAfter(atLocal(at.slice(0, 10), at.slice(11), c.tz), c), c.tz);

describe('§16.4 working days', () => {
  it('Monday to Friday are working days; a holiday is not; a worked weekend day (调休) is', () => {
    expect(isWorkingDay('2026-12-07', plain)).toBe(true);
    expect(isWorkingDay('2026-12-12', plain)).toBe(false);
    expect(isWorkingDay('2026-12-13', plain)).toBe(false);
    expect(isWorkingDay('2026-12-08', cal)).toBe(false);
    expect(isWorkingDay('2026-12-13', cal)).toBe(true);
  });

  it.each([
    // received → due, on a plain Mon–Fri calendar
    ['2026-12-10 15:00', '2026-12-11 15:00'], // Thursday → Friday
    ['2026-12-11 15:00', '2026-12-14 15:00'], // Friday → Monday
    ['2026-12-12 10:00', '2026-12-14 10:00'], // Saturday → Monday
    ['2026-12-13 23:59', '2026-12-14 23:59'], // Sunday → Monday
    ['2026-12-31 09:30', '2027-01-01 09:30'], // across the year (no holidays given)
  ])('plain calendar: %s → %s', (at, expected) => {
    expect(due(plain, at)).toBe(expected);
  });

  it.each([
    ['2026-12-07 09:00', '2026-12-09 09:00'], // Monday; Tuesday a holiday → Wednesday
    ['2026-12-08 11:00', '2026-12-09 11:00'], // received on the holiday → the next working day
    ['2026-12-11 16:00', '2026-12-13 16:00'], // Friday; Sunday worked (调休) → Sunday
    ['2026-12-12 10:00', '2026-12-13 10:00'], // Saturday → the worked Sunday
    ['2026-12-13 10:00', '2026-12-14 10:00'], // the worked Sunday → Monday
  ])('with a holiday and a worked Sunday: %s → %s', (at, expected) => {
    expect(due(cal, at)).toBe(expected);
  });

  it('a run of holidays is skipped whole', () => {
    const golden: WorkCalendar = {
      tz: 'Asia/Shanghai',
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: [],
    };
    expect(nextWorkingDay('2026-09-30', golden)).toBe('2026-10-08');
  });

  it('keeps the local clock time across a DST change (Europe/Berlin, 29 March 2026)', () => {
    const berlin: WorkCalendar = { tz: 'Europe/Berlin', holidays: [], workdays: [] };
    // Friday 27 March 15:00 CET (UTC+1) → Monday 30 March 15:00 CEST (UTC+2): 71 h later, not 72
    const at = atLocal('2026-03-27', '15:00', 'Europe/Berlin');
    const d = oneWorkingDayAfter(at, berlin);
    expect(localMinute(d, 'Europe/Berlin')).toBe('2026-03-30 15:00');
    expect(d.toISOString()).toBe('2026-03-30T13:00:00.000Z');
    expect((d.getTime() - at.getTime()) / 3_600_000).toBe(71);
  });
});
