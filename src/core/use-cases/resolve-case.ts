import type { Fault } from '../domain/categories.ts';
import { finishDeadline } from '../rules/sla.ts';
import { statClass } from '../rules/statistics.ts';
import { caseUseCase, doneAck, type UseCaseCtx } from './use-case.ts';
import type { CaseDeadlines } from '../ports/store.ts';

export interface ResolveCaseInput {
  case: number;
  fault: Fault;
  valid: boolean;
  text?: string;
}

/** §3: resolve is accepted from any unresolved state and completes every pending deadline; §7 fixes the class. */
export const resolveCase = caseUseCase<ResolveCaseInput>('resolve', async ({ tx, desk }: UseCaseCtx<Pick<CaseDeadlines, 'deadlines' | 'updateDeadline'>>, c, v) => {
  const now = desk.now();
  // a transfer never made is simply void
  for (const d of (await tx.deadlines(c.id)).filter((x) => x.state === 'pending'))
    await tx.updateDeadline(d.id, finishDeadline(d, d.kind === 'transfer' ? 'void' : 'done', now));
  const cls = statClass(c, await tx.deadlines(c.id), now);
  return {
    patch: { responsibility: v.fault, validity: v.valid ? 'valid' : 'special', resolvedAt: now, statClass: cls },
    timeline: { action: 'resolved', text: v.text ?? null, data: { fault: v.fault, valid: v.valid } },
    ack: `${doneAck(desk, c, 'resolved')} ${desk.t('label_class')}: ${desk.label('class', cls)}`,
  };
});
