import { UserError } from '../domain/errors.ts';
import { localDate } from '../domain/time.ts';
import { scorecardText } from '../i18n/clock-render.ts';
import { buildScorecard } from './build-scorecard.ts';
import { ok, type UseCase } from './use-case.ts';

export interface ShowScorecardInput {
  from?: string;
  to?: string;
  unit?: string;
}

/**
 * §16.5 privately (the reply goes to the actor only): the scorecard of a unit's subtree (default: the actor's
 * branch) from `from` (default: the 1st of this month) to `to` (default: today).
 */
export const showScorecard: UseCase<ShowScorecardInput> = {
  run: async ({ desk, actor, usage }, v) => {
    const now = desk.now();
    const today = localDate(now, desk.r.tz);
    const to = v.to ?? today;
    const from = v.from ?? `${to.slice(0, 8)}01`;
    if (from > to) throw new UserError('err_scorecard_range', { from, to }, usage);
    const unit = v.unit ? desk.roster.unit(v.unit) : desk.roster.branchOf(actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const card = await buildScorecard({ store: desk.deps.store, roster: desk.roster }, { unitCode: unit.code, from, to, now });
    return ok(scorecardText(desk.r, card), null);
  },
};
