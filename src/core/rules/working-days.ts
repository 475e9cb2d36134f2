import { addLocalDays, atLocal, localDate, localHm } from '../domain/time.ts';

/** §16.4 the working-day calendar: Monday to Friday, minus holidays, plus worked weekend days (调休). */
export interface WorkCalendar {
  tz: string;
  holidays: readonly string[];
  workdays: readonly string[];
}

/** The weekday (0 Sunday … 6 Saturday) of a local date. */
const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

/** §16.4: is this local date (YYYY-MM-DD) a working day? */
export function isWorkingDay(date: string, cal: Pick<WorkCalendar, 'holidays' | 'workdays'>): boolean {
  if (cal.workdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6;
}

/** The first working day after `date`. */
export function nextWorkingDay(date: string, cal: WorkCalendar): string {
  let d = addLocalDays(date, 1, cal.tz);
  // a calendar always has working days; a year of holidays would be a roster mistake, not a loop
  for (let i = 0; i < 400 && !isWorkingDay(d, cal); i++) d = addLocalDays(d, 1, cal.tz);
  return d;
}

/**
 * §16.4 (篇二 "不能即时回复的，应在一个工作日解决并回复客户"): due at the same local clock time on the first working
 * day after the day of receipt (Thursday 15:00 → Friday 15:00; Friday → Monday; Saturday 10:00 → Monday 10:00).
 * A clock time that does not exist that day (a DST gap) moves forward with the zone's rules.
 */
export function oneWorkingDayAfter(at: Date, cal: WorkCalendar): Date {
  return atLocal(nextWorkingDay(localDate(at, cal.tz), cal), localHm(at, cal.tz), cal.tz);
}

/** The calendar the roster's settings define. */
export const workCalendar = (s: { timezone: string; holidays: readonly string[]; workdays: readonly string[] }): WorkCalendar => ({
  tz: s.timezone,
  holidays: s.holidays,
  workdays: s.workdays,
});
