import { UserError } from '../domain/errors.ts';
import { localDate } from '../domain/time.ts';
import { buildDailySummary } from './build-daily-summary.ts';
import { ok, type UseCase } from './use-case.ts';

interface ShowSummaryInput {
  date?: string;
  unit?: string;
}

/** §8 on demand: the same summary as the scheduled one, for a date (default today) and unit (default the branch). */
export const showSummary: UseCase<ShowSummaryInput> = {
  run: async ({ desk, actor, usage }, v) => {
    const now = desk.now();
    const day = v.date ?? localDate(now, desk.r.tz);
    const unit = v.unit ? desk.roster.unit(v.unit) : desk.roster.branchOf(actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const s = await buildDailySummary(desk, { unitCode: unit.code, date: day, now });
    return ok(s.text, null, { summary: s });
  },
};
