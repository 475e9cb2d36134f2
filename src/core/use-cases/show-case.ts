import { buildCard, showText } from '../i18n/render.ts';
import { currentStatClass } from '../rules/statistics.ts';
import { loadCase, ok, type UseCase, type UseCaseCtx } from './use-case.ts';
import type { CaseDeadlines, CaseRows, CaseTimeline, Payments } from '../ports/store.ts';

interface ShowCaseInput {
  case: number;
}

/** Anyone on the roster may read a case: its card, flags, statistic class, payments and timeline (masked). */
export const showCase: UseCase<ShowCaseInput> = {
  run: async (
    k: UseCaseCtx<
      Pick<CaseRows, 'getCase'> & Pick<CaseDeadlines, 'deadlines'> & Pick<CaseTimeline, 'timeline'> & Pick<Payments, 'paidTotalFen'>
    >,
    v,
  ) => {
    const { tx, desk } = k;
    const c = await loadCase(k, v.case);
    const now = desk.now();
    const ds = await tx.deadlines(c.id);
    const tl = await tx.timeline(c.id);
    // §7: a resolved case keeps the class fixed when it closed; an open one shows it as of now
    const cls = currentStatClass(c, ds, now);
    const paid = c.customerKey && c.category === 'urgent_cash' ? await tx.paidTotalFen(c.customerKey) : 0;
    return ok(showText(desk.r, c, ds, tl, cls, paid, now, k.replyChars), c.id, { card: buildCard(desk.r, c, ds, now) });
  },
};
