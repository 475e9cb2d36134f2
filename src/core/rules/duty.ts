import { addLocalDays as addDays, atLocal as at, localDate } from '../domain/time.ts';

/**
 * A duty pass places every daily shift on several days, each a time-zone computation (tens of microseconds): the same
 * (zone, day, time) is asked for again and again, so the answers are kept (a bounded cache).
 */
const placed = new Map<string, number>();
const days = new Map<string, string>();
function atLocal(day: string, hm: string, tz: string): Date {
  const key = `${tz}|${day}|${hm}`;
  let t = placed.get(key);
  if (t === undefined) {
    if (placed.size > 50_000) placed.clear();
    placed.set(key, (t = at(day, hm, tz).getTime()));
  }
  return new Date(t);
}
function addLocalDays(day: string, n: number, tz: string): string {
  const key = `${tz}|${day}|${n}`;
  let d = days.get(key);
  if (d === undefined) {
    if (days.size > 50_000) days.clear();
    days.set(key, (d = addDays(day, n, tz)));
  }
  return d;
}

/**
 * §12 (§六.5: 各单位要安排值守人员): who is on duty in a unit, and when a shift changes hands. Pure functions over
 * the roster's shift definitions and the shifts people took; local times are the roster's time zone, so a daily
 * shift keeps its wall-clock hours across a DST change.
 */

/** A roster `duty:` entry: daily (`HH:MM`–`HH:MM`, past midnight when `to` ≤ `from`) or one dated shift. */
export type ShiftDef =
  | { unit: string; handles: readonly string[]; kind: 'daily'; from: string; to: string }
  | { unit: string; handles: readonly string[]; kind: 'dated'; from: Date; to: Date };

/** One concrete shift: people of a unit on duty in [start, end). */
export interface Shift {
  unit: string;
  handles: readonly string[];
  start: Date;
  end: Date;
  /** `taken`: someone put themselves on duty (`/complaint duty take`) */
  source: 'roster' | 'taken';
}

/** The concrete shifts of these definitions that overlap [from, to). */
export function shiftsBetween(defs: readonly ShiftDef[], from: Date, to: Date, tz: string): Shift[] {
  const out: Shift[] = [];
  for (const d of defs) {
    if (d.kind === 'dated') {
      if (d.from < to && d.to > from) out.push({ unit: d.unit, handles: d.handles, start: d.from, end: d.to, source: 'roster' });
      continue;
    }
    // a daily shift that began the day before `from` may still be running
    for (let day = addLocalDays(localDate(from, tz), -1, tz); ; day = addLocalDays(day, 1, tz)) {
      const start = atLocal(day, d.from, tz);
      if (start >= to) break;
      const overnight = d.to <= d.from;
      const end = atLocal(overnight ? addLocalDays(day, 1, tz) : day, d.to, tz);
      if (end > from) out.push({ unit: d.unit, handles: d.handles, start, end, source: 'roster' });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.unit.localeCompare(b.unit));
}

/** Who is on duty in `unit` at `t` (overlapping shifts: all of them), each with the end of their shift. */
export function onDutyAt(shifts: readonly Shift[], unit: string, t: Date): { handle: string; until: Date }[] {
  const by = new Map<string, Date>();
  for (const s of shifts) {
    if (s.unit !== unit || s.start > t || s.end <= t) continue;
    for (const h of s.handles) if (!by.has(h) || by.get(h)! < s.end) by.set(h, s.end);
  }
  return [...by].map(([handle, until]) => ({ handle, until })).sort((a, b) => a.handle.localeCompare(b.handle));
}

/** The next shift of `unit` that starts after `t`, if any within the shifts given. */
export function nextShift(shifts: readonly Shift[], unit: string, t: Date): Shift | null {
  return shifts.filter((s) => s.unit === unit && s.start > t).sort((a, b) => a.start.getTime() - b.start.getTime())[0] ?? null;
}

export interface HandoverMoment {
  unit: string;
  at: Date;
  /** members whose shift starts now */
  incoming: string[];
  /** members whose shift ended now */
  outgoing: string[];
  /** nobody is on duty from now on: the unit's leaders must hear it */
  gap: boolean;
  /** when the incoming shift (or the gap) ends, for "deadlines falling due during the shift" */
  until: Date | null;
}

/**
 * §12: a handover happens when a shift starts (scheduled or taken), and when a gap with nobody on duty begins.
 * Returns those moments of `unit` in (from, to], oldest first. Each is claimed once per (unit, moment).
 */
export function handoverMoments(shifts: readonly Shift[], unit: string, from: Date, to: Date): HandoverMoment[] {
  const mine = shifts.filter((s) => s.unit === unit);
  const times = [...new Set(mine.flatMap((s) => [s.start.getTime(), s.end.getTime()]))]
    .filter((t) => t > from.getTime() && t <= to.getTime())
    .sort((a, b) => a - b);
  const out: HandoverMoment[] = [];
  for (const t of times) {
    const at = new Date(t);
    const before = new Set(onDutyAt(mine, unit, new Date(t - 1)).map((x) => x.handle));
    const after = onDutyAt(mine, unit, at);
    const starting = mine.filter((s) => s.start.getTime() === t);
    const incoming = [...new Set(starting.flatMap((s) => s.handles))].sort();
    const outgoing = [...before].filter((h) => !after.some((a) => a.handle === h)).sort();
    const gap = after.length === 0 && before.size > 0;
    if (!starting.length && !gap) continue;
    const ends = after.map((a) => a.until.getTime());
    const next = nextShift(mine, unit, at);
    const until = ends.length ? new Date(Math.min(...ends)) : (next?.start ?? null);
    out.push({ unit, at, incoming, outgoing, gap, until });
  }
  return out;
}

/**
 * §12 `duty take`: from now until `until` (HH:MM local, the next such moment), else to the end of the shift now
 * running in the unit, else for 8 hours.
 */
export function takenShiftEnd(args: { now: Date; until?: string; currentEnd?: Date | null; tz: string }): Date {
  if (args.until) {
    const today = localDate(args.now, args.tz);
    const at = atLocal(today, args.until, args.tz);
    return at > args.now ? at : atLocal(addLocalDays(today, 1, args.tz), args.until, args.tz);
  }
  if (args.currentEnd && args.currentEnd > args.now) return args.currentEnd;
  return new Date(args.now.getTime() + 8 * 3_600_000);
}
