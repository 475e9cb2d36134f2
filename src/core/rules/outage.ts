import { atLocal } from '../domain/time.ts';

/** §16.1 the outage window as the roster gives it (local "YYYY-MM-DD HH:MM"). */
export interface OutageSetting {
  outage_from: string;
  outage_to: string;
}

export interface OutageWindow {
  from: Date;
  to: Date;
}

export type OutagePhase = 'before' | 'during' | 'after';

/** The window's instants in the roster's time zone. */
export function outageWindow(s: OutageSetting, tz: string): OutageWindow {
  const at = (v: string) => atLocal(v.slice(0, 10), v.slice(11, 16), tz);
  return { from: at(s.outage_from), to: at(s.outage_to) };
}

/** §16.1: 停业前 before `from`, 停业中 from `from` up to (not including) `to`, 投产后 from `to` on. */
export function outagePhase(w: OutageWindow, now: Date): OutagePhase {
  if (now < w.from) return 'before';
  return now < w.to ? 'during' : 'after';
}

/** §16.1: oral loss reports and emergency payments belong to the outage (停业期间). */
export const inOutage = (w: OutageWindow, now: Date): boolean => outagePhase(w, now) === 'during';
