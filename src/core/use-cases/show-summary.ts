import { UserError } from '../domain/errors.ts';
import { reportDateAt } from '../rules/report-window.ts';
import { buildDailySummary } from './build-daily-summary.ts';
import { ok, type UseCase } from './use-case.ts';

interface ShowSummaryInput {
  date?: string;
  unit?: string;
}

/**
 * §8 on demand: the same summary as the scheduled one, for a date and unit (default the branch). Without a date, the
 * report in progress: the window holding now (after the summary time, the next day's), as the board shows it.
 */
export const showSummary: UseCase<ShowSummaryInput> = {
  run: async ({ desk, actor, usage }, v) => {
    const now = desk.now();
    const day = v.date ?? reportDateAt(now, desk.roster.settings.summary_time, desk.r.tz);
    const unit = v.unit ? desk.roster.unit(v.unit) : desk.roster.branchOf(actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const s = await buildDailySummary(desk, { unitCode: unit.code, date: day, now });
    return ok(s.text, null, { summary: s });
  },
};
