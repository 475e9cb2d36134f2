import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Local calendar helpers: every day boundary and every printed time is in the roster's time zone. */

export const inZone = (d: Date, tz: string): TZDate => new TZDate(d.getTime(), tz);

/** ISO-8601 with the zone's offset, e.g. 2026-12-01T09:00:00+08:00 (the drill contract's `at`). */
export const isoLocal = (d: Date, tz: string): string => format(inZone(d, tz), "yyyy-MM-dd'T'HH:mm:ssxxx");

export const localDate = (d: Date, tz: string): string => format(inZone(d, tz), 'yyyy-MM-dd');

export const localHm = (d: Date, tz: string): string => format(inZone(d, tz), 'HH:mm');

/** "2026-12-01 09:00" */
export const localMinute = (d: Date, tz: string): string => format(inZone(d, tz), 'yyyy-MM-dd HH:mm');

export const weekdayIndex = (d: Date, tz: string): number => inZone(d, tz).getDay();

/** The instant of a local wall-clock time on a local date. */
export function atLocal(date: string, hm: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = hm.split(':').map(Number);
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, tz).getTime());
}

/** [start, end) of a local day. */
export function dayBounds(date: string, tz: string): { from: Date; to: Date } {
  const from = atLocal(date, '00:00', tz);
  const [y, m, d] = date.split('-').map(Number);
  const to = new Date(new TZDate(y, m - 1, d + 1, 0, 0, 0, tz).getTime());
  return { from, to };
}

export function addLocalDays(date: string, days: number, tz: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(new TZDate(y, m - 1, d + days, 12, 0, 0, tz).getTime()), tz);
}

export function formatDuration(ms: number, locale: 'zh-CN' | 'en'): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (locale === 'zh-CN') return `${d ? `${d}天` : ''}${h ? `${h}小时` : ''}${m || (!d && !h) ? `${m}分钟` : ''}`;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean).join(' ');
}
