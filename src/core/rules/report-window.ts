import { addLocalDays, atLocal, localDate } from '../domain/time.ts';

/**
 * §8 the report's window: the summary of day D covers the cases received after the previous summary time and up to
 * D's (`summary_time` 20:00: from 20:00 on D-1 to 20:00 on D), half open, [from, to), so a case received at night is
 * in the next evening's report and no case falls between two reports (or into two).
 */
export function reportWindow(date: string, summaryTime: string, tz: string): { from: Date; to: Date } {
  return { from: atLocal(addLocalDays(date, -1, tz), summaryTime, tz), to: atLocal(date, summaryTime, tz) };
}

/** §8: the day whose report window holds `at` (after the summary time, the next day's report is the one in progress). */
export function reportDateAt(at: Date, summaryTime: string, tz: string): string {
  const today = localDate(at, tz);
  return at >= atLocal(today, summaryTime, tz) ? addLocalDays(today, 1, tz) : today;
}
