import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import type { Level } from '../domain/roster.ts';
import { maskFreeText } from '../rules/masking.ts';
import { targetAbove } from '../rules/people.ts';
import { caseUseCase, doneAck } from './use-case.ts';

interface EscalateCaseInput {
  case: number;
  /** §15.3 straight up to this level (default: one level up) */
  to?: Level;
  text?: string;
}

/**
 * §6: a manual escalation goes one level up, to that level's group and its leaders; §15.3 (§四(一)2, §五) with
 * `to=` straight up to that level at once, posting in every group on the way. A level at or below the case's own is
 * refused, naming the possible ones.
 */
export const escalateCase = caseUseCase<EscalateCaseInput>('escalate', async ({ tx, desk, usage }, c, v) => {
  const reasonText = v.text ?? desk.t('label_none');
  const id = caseLabel(c.id);
  const target = targetAbove(desk.roster.ancestors(c.unitCode), c.level, v.to);
  if (!target.ok) {
    if (!v.to || !target.possible.length) throw new UserError('err_top_level', { id, action: desk.label('action', 'escalate') }, usage);
    throw new UserError(
      'err_level_not_above',
      { id, level: desk.label('level', c.level), wanted: v.to, possible: target.possible.join(', ') },
      usage,
    );
  }
  const esc = await desk.escalateUpTo(
    tx,
    c,
    'manual',
    target.unit,
    (level) => desk.t('esc_manual', { level, reason: maskFreeText(reasonText, c.customerName) }),
    `v${c.version + 1}`,
  );
  const level = esc.patch.level ?? c.level;
  const data = { level, reason: 'manual' as const };
  return {
    patch: esc.patch,
    posts: esc.posts,
    timeline: { action: 'escalated', text: v.text ?? null, data },
    ack: doneAck(desk, c, 'escalated', data),
  };
});
