import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { fmtYuan } from '../i18n/render.ts';
import { paymentAllowance } from '../rules/payments.ts';
import { phaseText, rosterOutage } from '../i18n/clock-render.ts';
import { inOutage } from '../rules/outage.ts';
import { caseUseCase, type UseCaseCtx } from './use-case.ts';
import type { Payments } from '../ports/store.ts';

interface PayCaseInput {
  case: number;
  /** in fen */
  amount: number;
}

/** §四(三)4: emergency payments only on urgent-cash cases, within the customer's limit over all their cases. */
export const payCase = caseUseCase<PayCaseInput>('pay', async ({ tx, desk, actor, usage }: UseCaseCtx<Payments>, c, v) => {
  const id = caseLabel(c.id);
  if (c.category !== 'urgent_cash')
    throw new UserError('err_pay_category', { id, category: `${c.category} (${desk.label('category', c.category)})` }, usage);
  // §16.1: emergency payments belong to the outage (应急支付仅限停业期间)
  const outage = rosterOutage(desk.r);
  const cutover = desk.roster.settings.cutover;
  if (outage && cutover && !inOutage(outage, desk.now()))
    throw new UserError(
      'err_pay_outside_outage',
      { from: cutover.outage_from, to: cutover.outage_to, phase: phaseText(desk.r, desk.now()) ?? '' },
      usage,
    );
  if (!c.customerKey) throw new UserError('err_pay_no_customer', { id }, usage);
  const a = paymentAllowance({ vip: c.vip, paidFen: await tx.paidTotalFen(c.customerKey), amountFen: v.amount }, desk.roster.settings);
  if (!a.ok)
    throw new UserError(
      'err_pay_limit',
      {
        kind: desk.t(c.vip ? 'label_vip_customer' : 'label_ordinary'),
        limit: fmtYuan(a.limitFen),
        paid: fmtYuan(a.paidFen),
        left: fmtYuan(a.leftFen),
      },
      usage,
    );
  await tx.insertPayment({ caseId: c.id, customerKey: c.customerKey, amountFen: v.amount, at: desk.now(), actor: actor.handle });
  const amount = fmtYuan(v.amount);
  return {
    timeline: { action: 'paid', data: { amount, amountFen: v.amount } },
    ack: desk.t('ack_pay', { id, amount, paid: fmtYuan(a.paidFen + v.amount), left: fmtYuan(a.leftFen - v.amount) }),
  };
});
