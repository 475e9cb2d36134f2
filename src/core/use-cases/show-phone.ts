import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { loadCase, mayAct, ok, type UseCase } from './use-case.ts';

export interface ShowPhoneInput {
  case: number;
}

/**
 * §15.6 (§三.1; 篇二 保密): the customer's full name and number, privately, only to the case's owner, handler and
 * opener and the leaders above it; every look-up is in the timeline (号码查看). Everyone else is refused and shown
 * nothing. Accepted on a resolved case too (a callback after closure).
 */
export const showPhone: UseCase<ShowPhoneInput> = {
  run: async (k, v) => {
    const c = await loadCase(k, v.case);
    if (!mayAct(k.desk, k.actor, c)) throw new UserError('err_forbidden', { id: caseLabel(c.id) });
    const none = k.desk.t('label_none');
    await k.desk.audit(k.tx, c, k.actor.handle, 'phone_viewed', null, { handle: k.actor.handle });
    return ok(k.desk.t('ack_phone', { id: caseLabel(c.id), name: c.customerName ?? none, phone: c.customerPhone ?? none }), c.id);
  },
};
