import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { actionText } from '../i18n/render.ts';
import { caseUseCase, doneAck } from './use-case.ts';

interface AssignCaseInput {
  case: number;
  handle: string;
}

/** §3: the handler (承办人) may differ from the first-responsible owner; a card's "take" makes the presser it. */
export const assignCase = caseUseCase<AssignCaseInput>('assign', async ({ desk, actor, usage }, c, v) => {
  const target = desk.roster.member(v.handle);
  if (!target) throw new UserError('err_unknown_member', { handle: v.handle }, usage);
  if (target.handle === c.handlerHandle) throw new UserError('err_already_assigned', { handle: target.handle, id: caseLabel(c.id) }, usage);
  const data = { handle: target.handle };
  return {
    patch: { handlerHandle: target.handle },
    timeline: { action: 'assigned', data },
    ack: doneAck(desk, c, 'assigned', data),
    // the new handler hears it directly, unless they took it themselves
    posts:
      target.handle === actor.handle
        ? []
        : [
            desk.toMember(
              `asg:${c.id}:v${c.version + 1}`,
              'update',
              c,
              target.handle,
              desk.t('post_update', { id: caseLabel(c.id), what: actionText(desk.r, 'assigned', data), actor: actor.handle, extra: '' }),
            ),
          ],
  };
});
