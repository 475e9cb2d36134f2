import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { caseUseCase, doneAck, type UseCaseCtx } from './use-case.ts';
import type { CaseDeadlines, CaseTimeline } from '../ports/store.ts';

interface StartCaseInput {
  case: number;
  text?: string;
}

/** §五: the receiving unit starts within 2 h of a transfer; the member who starts it becomes its handler. */
export const startCase = caseUseCase<StartCaseInput>(
  'start',
  async ({ tx, desk, actor, usage }: UseCaseCtx<Pick<CaseDeadlines, 'deadlines'> & Pick<CaseTimeline, 'timeline'>>, c, v) => {
    const id = caseLabel(c.id);
    // "start" is the receiving unit's answer to a transfer; a case never transferred has nothing to start.
    if (!c.transferred) throw new UserError('err_not_transferred', { id }, usage);
    const ds = await tx.deadlines(c.id);
    const pendingStart = ds.find((d) => d.kind === 'start' && d.state === 'pending');
    const started = (await tx.timeline(c.id)).some((e) => e.action === 'started' && e.at >= c.levelSince);
    if (!pendingStart && started) throw new UserError('err_already_started', { id }, usage);
    return {
      patch: actor.unit === c.levelUnitCode ? { handlerHandle: actor.handle } : {},
      timeline: { action: 'started', text: v.text ?? null },
      ack: doneAck(desk, c, 'started'),
      completes: ['start'],
    };
  },
);
