import { t, type Locale } from './messages.ts';
import { unitLabel, type RenderCtx } from './render.ts';
import { ratePercent } from '../rules/satisfaction.ts';
import type { Scorecard, ScorecardRow } from '../use-cases/build-scorecard.ts';
import { outagePhase, outageWindow, type OutageWindow } from '../rules/outage.ts';
import { formatDuration, localMinute } from '../domain/time.ts';

/** §16.1 the roster's outage window, if it has one. */
export function rosterOutage(r: RenderCtx): OutageWindow | null {
  const c = r.roster.settings.cutover;
  return c ? outageWindow(c, r.tz) : null;
}

/** §16.1 the phase as the summary, the mail and the board name it: 停业前 / 停业中 with the time left / 投产后. */
export function phaseText(r: RenderCtx, now: Date): string | null {
  const c = r.roster.settings.cutover;
  const w = rosterOutage(r);
  if (!c || !w) return null;
  const phase = outagePhase(w, now);
  const params = { from: c.outage_from, to: c.outage_to };
  if (phase === 'during') return t(r.locale, 'phase_during', { ...params, left: formatDuration(w.to.getTime() - now.getTime(), r.locale) });
  return t(r.locale, phase === 'before' ? 'phase_before' : 'phase_after', params);
}

/** "2026-12-02 18:00" */
export const momentText = (r: RenderCtx, d: Date): string => localMinute(d, r.tz);

/** §16.5 a scorecard row's figures, in the column order of `scorecard_head`. */
export function scorecardFigures(
  r: Pick<ScorecardRow, 'cases' | 'resolved' | 'overdue' | 'atFault' | 'complaint' | 'callbacks' | 'satisfaction'>,
  locale: Locale,
): (string | number)[] {
  return [r.cases, r.resolved, r.overdue, r.atFault, r.complaint, r.callbacks, ratePercent(r.satisfaction) ?? t(locale, 'rate_none')];
}

/** §16.5 the name of a scorecard row: a unit (`BR01*` is its whole subtree) or a person in a role. */
export function scorecardName(r: RenderCtx, row: Pick<ScorecardRow, 'scope' | 'key'>): string {
  if (row.scope === 'unit') {
    const whole = row.key.endsWith('*');
    const code = whole ? row.key.slice(0, -1) : row.key;
    return whole ? `${unitLabel(r, code)} ${t(r.locale, 'scorecard_total')}` : unitLabel(r, code);
  }
  const m = r.roster.member(row.key);
  return `@${row.key}${m ? ` ${m.name}` : ''} · ${t(r.locale, row.scope === 'owner' ? 'scorecard_as_owner' : 'scorecard_as_handler')}`;
}

/** §16.5 the scorecard as a private reply: a table per unit and per person. */
export function scorecardText(r: RenderCtx, s: Scorecard): string {
  const lines = [t(r.locale, 'scorecard_title', { from: s.from, to: s.to, unit: unitLabel(r, s.unit) })];
  if (!s.units.length) return [...lines, t(r.locale, 'scorecard_empty')].join('\n');
  const head = t(r.locale, 'scorecard_head');
  const line = (row: ScorecardRow) => `  ${scorecardName(r, row)}: ${scorecardFigures(row, r.locale).join(' | ')}`;
  lines.push(`${t(r.locale, 'scorecard_units')} (${head}):`, ...s.units.map(line));
  lines.push(`${t(r.locale, 'scorecard_people')} (${head}):`, ...s.people.map(line));
  return lines.join('\n');
}
