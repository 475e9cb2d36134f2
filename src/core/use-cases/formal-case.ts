import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { caseUseCase, completeDeadlines, doneAck } from './use-case.ts';

export interface FormalCaseInput {
  case: number;
  text?: string;
}

/** §16.2: the formal loss report (正式挂失) completes the oral report's clock, also on a resolved case. */
export const formalCase = caseUseCase<FormalCaseInput>('formal', async ({ tx, desk, usage }, c) => {
  const id = caseLabel(c.id);
  if (c.category !== 'loss_report')
    throw new UserError('err_formal_category', { id, category: `${c.category} (${desk.label('category', c.category)})` }, usage);
  const running = (await tx.deadlines(c.id)).filter((d) => d.kind === 'oral_loss_report' && d.state === 'pending' && d.nextStage);
  if (!running.length) throw new UserError('err_formal_none', { id }, usage);
  await completeDeadlines(tx, c.id, ['oral_loss_report'], desk.now());
  return {
    timeline: { action: 'formal', text: null },
    ack: doneAck(desk, c, 'formal'),
  };
});
