/** The handling form's cell texts (§14): the moment of receipt, a member, whether a step met its deadline. */
import type { DeadlineKind, DeadlineRecord } from '../core/domain/case.ts';
import type { Roster } from '../core/domain/roster.ts';
import { localDate, localHm, weekdayIndex } from '../core/domain/time.ts';
import { label, type Locale } from '../core/i18n/messages.ts';
import { formReceived, formWord, type FormWord } from '../core/i18n/paperwork.ts';
import { compliance } from '../core/rules/sla.ts';

/** "2026年12月01日 09时00分 星期二" / "2026-12-01 09:00 Tue": date, hour, minute and weekday (part 2's annex). */
export function receivedText(L: Locale, at: Date, tz: string): string {
  const [hh, mm] = localHm(at, tz).split(':');
  return formReceived(L, { date: localDate(at, tz), hh, mm, weekday: label(L, 'weekday', String(weekdayIndex(at, tz))) });
}

export function memberText(roster: Roster, handle: string | null, L: Locale): string {
  if (!handle) return formWord(L, 'none');
  const m = roster.member(handle);
  return m ? `${m.name} (@${m.handle})` : `@${handle}`;
}

/** §五: whether a step met its deadline, in the form's words (a transfer and a loss report read their own way). */
export function stepState(L: Locale, d: DeadlineRecord, transferred: boolean, asOf: Date): string {
  const v = compliance(d, asOf);
  const w = (k: FormWord) => formWord(L, k);
  if (d.kind === 'transfer' && v !== 'on_time' && v !== 'late') return transferred && v === 'void' ? w('void') : w('not_transferred');
  if (d.kind === 'oral_loss_report' && (v === 'open' || v === 'overdue')) return v === 'open' ? w('in_force') : w('lapsed');
  return w(v);
}

export const STEP_ORDER: DeadlineKind[] = ['transfer', 'start', 'contact', 'onsite', 'reply', 'report', 'oral_loss_report', 'promise'];
