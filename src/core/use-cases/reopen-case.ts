import { deadlinesOnReceipt, stepGeneration, takesOneWorkingDay } from '../rules/sla.ts';
import { workCalendar } from '../rules/working-days.ts';
import { caseUseCase, doneAck, type UseCaseCtx } from './use-case.ts';
import type { CaseDeadlines, CaseTimeline, DutyWrites } from '../ports/store.ts';

interface ReopenCaseInput {
  case: number;
  text?: string;
}

/** §3: the customer came back; the clock starts again at the case's level. §6: a reopened case is a repeat. */
export const reopenCase = caseUseCase<ReopenCaseInput>(
  'reopen',
  async (
    {
      tx,
      desk,
    }: UseCaseCtx<
      Pick<CaseDeadlines, 'deadlines' | 'insertDeadlines'> & Pick<CaseTimeline, 'appendTimeline'> & Pick<DutyWrites, 'takenShiftsBetween'>
    >,
    c,
    v,
  ) => {
    const now = desk.now();
    const ds = await tx.deadlines(c.id);
    const gen = stepGeneration(ds) + 1;
    const unit = desk.roster.unit(c.levelUnitCode)!;
    const fresh = deadlinesOnReceipt({
      caseId: c.id,
      generation: gen,
      at: now,
      policy: c.policy,
      walkInAtOutlet: c.intake === 'walk_in' && unit.level === 'outlet',
      lossReport: false,
      afterTransfer: false,
      oneWorkingDay: takesOneWorkingDay(c.category, c.policy) ? workCalendar(desk.roster.settings) : null,
    }).filter((d) => d.kind !== 'transfer');
    await tx.insertDeadlines(fresh);
    const esc = await desk.autoEscalation(tx, c, 'repeat', desk.t('esc_repeat_reopen'), `reopen${gen}`);
    // §12: every escalation is in the timeline, so the work log and the next handover list it
    await desk.audit(tx, c, 'bot', 'escalated', desk.t('esc_repeat_reopen'), { reasons: ['repeat'] });
    return {
      patch: { ...esc.patch, repeat: true, resolvedAt: null, statClass: null, levelSince: now },
      timeline: { action: 'reopened', text: v.text ?? null },
      posts: esc.posts,
      ack: doneAck(desk, c, 'reopened'),
    };
  },
);
