/**
 * Refusals every chat front end gives the same way: someone not on the roster, a case that does not exist or that
 * the member may not act on (checked before a modal opens), and the apology for a bug (logged, never explained).
 */
import { UserError } from '../../core/domain/errors.ts';
import type { TMember } from '../../core/domain/roster.ts';
import { UI_WORDS, type Locale } from '../../core/i18n/messages.ts';
import type { CaseRepository } from '../../core/ports/cases.ts';
import { mayAct } from '../../core/use-cases/use-case.ts';
import type { FrontDesk } from './front-desk.ts';
import { caseNumber } from './text.ts';

/** "… is not on the roster", naming them as the platform shows them (`@name`, or a mention). */
export function notInRoster(desk: FrontDesk, who: string): string {
  return desk.refuse(new UserError('err_not_in_roster', { who })).text;
}

/** What every front end says when a bug stopped a command (the bug itself goes to the log). */
export function internalError(locale: Locale): string {
  return UI_WORDS.internal_error[locale];
}

/** Null when the member may act on the case, else the refusal to show (before opening a modal for it). */
export async function mayActOn(
  desk: FrontDesk,
  cases: Pick<CaseRepository, 'getCase'>,
  member: TMember,
  label: string,
): Promise<string | null> {
  const id = caseNumber(label);
  const c = id != null ? await cases.getCase(id) : null;
  if (!c) return desk.refuse(new UserError('err_unknown_case', { id: label })).text;
  if (!mayAct(desk.ctx, member, c)) return desk.refuse(new UserError('err_forbidden', { id: label.toUpperCase() })).text;
  return null;
}
