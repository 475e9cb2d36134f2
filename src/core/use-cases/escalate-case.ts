import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { maskFreeText } from '../rules/masking.ts';
import { caseUseCase, doneAck, type UseCaseCtx } from './use-case.ts';
import type { DutyWrites } from '../ports/store.ts';

export interface EscalateCaseInput {
  case: number;
  text?: string;
}

/** §6: a manual escalation goes one level up, to that level's group and its leaders. */
export const escalateCase = caseUseCase<EscalateCaseInput>('escalate', async ({ tx, desk, usage }: UseCaseCtx<Pick<DutyWrites, 'takenShiftsBetween'>>, c, v) => {
  const reasonText = v.text ?? desk.t('label_none');
  const esc = await desk.escalateOneLevel(
    tx,
    c,
    'manual',
    (level) => desk.t('esc_manual', { level, reason: maskFreeText(reasonText, c.customerName) }),
    `v${c.version + 1}`,
  );
  if (!esc) throw new UserError('err_top_level', { id: caseLabel(c.id), action: desk.label('action', 'escalate') }, usage);
  const level = esc.patch.level ?? c.level;
  const data = { level, reason: 'manual' as const };
  return { patch: esc.patch, posts: esc.posts, timeline: { action: 'escalated', text: v.text ?? null, data }, ack: doneAck(desk, c, 'escalated', data) };
});
