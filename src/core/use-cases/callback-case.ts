import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { maskFreeText } from '../rules/masking.ts';
import { dedupe } from './desk-context.ts';
import { caseUseCase, doneAck } from './use-case.ts';

export type CallbackResult = 'satisfied' | 'basically' | 'unsatisfied';

export interface CallbackCaseInput {
  case: number;
  result: CallbackResult;
  text?: string;
}

/** §16.5 (篇二 酌情回访): a callback needs a reply first: the case is replied to, reported or resolved. */
const CALLBACK_STATUSES = new Set(['replied', 'reported', 'resolved']);

/**
 * §16.5 (§三.3 回复客户满意率与绩效挂钩): the customer's view of the reply; a later callback replaces the earlier one
 * in the figures (both stay in the timeline). `unsatisfied` is posted to the case's group, to its leaders.
 */
export const callbackCase = caseUseCase<CallbackCaseInput>('callback', async ({ desk, usage }, c, v) => {
  const id = caseLabel(c.id);
  if (!CALLBACK_STATUSES.has(c.status)) throw new UserError('err_callback_status', { id, status: desk.label('status', c.status) }, usage);
  const data = { result: v.result };
  const posts = [];
  if (v.result === 'unsatisfied') {
    const group = desk.roster.groupUnit(c.levelUnitCode);
    const leaders = dedupe([...desk.roster.leadersOf(group.code).map((m) => m.handle), c.ownerHandle]);
    const extra = v.text ? `：${maskFreeText(v.text, c.customerName)}` : '';
    posts.push(
      desk.toGroup(
        `cb:${c.id}:${desk.now().getTime()}`,
        'update',
        c,
        c.levelUnitCode,
        desk.t('post_unsatisfied', {
          id,
          extra: desk.locale === 'en' && extra ? `: ${extra.slice(1)}` : extra,
          who: leaders.map((h) => `@${h}`).join(' '),
        }),
        leaders,
      ),
    );
  }
  return {
    timeline: { action: 'callback', text: v.text ?? null, data },
    posts,
    ack: doneAck(desk, c, 'callback', data),
  };
});
