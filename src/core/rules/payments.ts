import type { TSettings } from '../domain/settings.ts';

/**
 * §四(三)4: an emergency payment is allowed up to 5,000 per ordinary customer and 10,000 per VIP (settings
 * `payment_limit`), counted over all of that customer's cases. Amounts are in fen (1/100 yuan).
 */
export function paymentAllowance(
  args: { vip: boolean; paidFen: number; amountFen: number },
  s: Pick<TSettings, 'payment_limit'>,
): { ok: boolean; limitFen: number; paidFen: number; leftFen: number } {
  const limitFen = Math.round((args.vip ? s.payment_limit.vip : s.payment_limit.ordinary) * 100);
  const leftFen = Math.max(0, limitFen - args.paidFen);
  return { ok: args.amountFen <= leftFen, limitFen, paidFen: args.paidFen, leftFen };
}
