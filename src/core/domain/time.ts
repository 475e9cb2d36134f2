import { TZDate, tzOffset } from '@date-fns/tz';

/** Local calendar helpers: every day boundary and every printed time is in the roster's time zone. */

export const inZone = (d: Date, tz: string): TZDate => new TZDate(d.getTime(), tz);

/**
 * The zone's UTC offset in minutes at `d`. Offsets change only at whole minutes, so each minute is looked up once
 * (the lookup goes through Intl and dominated a busy drill's formatting).
 */
const offsets = new Map<string, Map<number, number>>();
function offsetAt(d: Date, tz: string): number {
  let zone = offsets.get(tz);
  if (!zone) offsets.set(tz, (zone = new Map<number, number>()));
  const minute = Math.floor(d.getTime() / 60_000);
  let off = zone.get(minute);
  if (off === undefined) {
    off = tzOffset(tz, new Date(minute * 60_000));
    if (Number.isNaN(off)) throw new RangeError(`unknown time zone "${tz}"`);
    if (zone.size > 100_000) zone.clear();
    zone.set(minute, off);
  }
  return off;
}

/** The local wall-clock fields of `d` in `tz`, read through the UTC getters of a shifted Date. */
function wall(d: Date, tz: string): { w: Date; off: number } {
  const off = offsetAt(d, tz);
  return { w: new Date(d.getTime() + off * 60_000), off };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const ymd = (w: Date) => `${String(w.getUTCFullYear()).padStart(4, '0')}-${p2(w.getUTCMonth() + 1)}-${p2(w.getUTCDate())}`;
const hm = (w: Date) => `${p2(w.getUTCHours())}:${p2(w.getUTCMinutes())}`;

/** ISO-8601 with the zone's offset, e.g. 2026-12-01T09:00:00+08:00 (the drill contract's `at`). */
export function isoLocal(d: Date, tz: string): string {
  const { w, off } = wall(d, tz);
  const a = Math.abs(Math.round(off));
  return `${ymd(w)}T${hm(w)}:${p2(w.getUTCSeconds())}${off < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

export const localDate = (d: Date, tz: string): string => ymd(wall(d, tz).w);

export const localHm = (d: Date, tz: string): string => hm(wall(d, tz).w);

/** "2026-12-01 09:00" */
export const localMinute = (d: Date, tz: string): string => {
  const { w } = wall(d, tz);
  return `${ymd(w)} ${hm(w)}`;
};

export const weekdayIndex = (d: Date, tz: string): number => wall(d, tz).w.getUTCDay();

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
