import { describe, expect, it } from 'vitest';
import { ZSettings } from '../../../src/core/domain/settings.ts';
import { paymentAllowance } from '../../../src/core/rules/payments.ts';

const S = ZSettings.parse({});
const YUAN = 100; // amounts are in fen

describe('paymentAllowance (§四(三)4 emergency payment limits)', () => {
  it('§四(三)4: the default limits are 5,000 for an ordinary customer and 10,000 for a VIP', () => {
    expect(S.payment_limit).toEqual({ ordinary: 5000, vip: 10000 });
  });

  it('§四(三)4: an ordinary customer may be paid up to 5,000 (500,000 fen) in one go', () => {
    expect(paymentAllowance({ vip: false, paidFen: 0, amountFen: 5000 * YUAN }, S)).toEqual({
      ok: true,
      limitFen: 500_000,
      paidFen: 0,
      leftFen: 500_000,
    });
  });

  it('§四(三)4: 1 fen over the ordinary limit is refused, saying what is left', () => {
    expect(paymentAllowance({ vip: false, paidFen: 0, amountFen: 5000 * YUAN + 1 }, S)).toEqual({
      ok: false,
      limitFen: 500_000,
      paidFen: 0,
      leftFen: 500_000,
    });
  });

  it('§四(三)4: a VIP may be paid up to 10,000 (1,000,000 fen)', () => {
    expect(paymentAllowance({ vip: true, paidFen: 0, amountFen: 10000 * YUAN }, S)).toMatchObject({
      ok: true,
      limitFen: 1_000_000,
      leftFen: 1_000_000,
    });
  });

  it('§四(三)4: 1 fen over the VIP limit is refused', () => {
    expect(paymentAllowance({ vip: true, paidFen: 0, amountFen: 10000 * YUAN + 1 }, S)).toMatchObject({
      ok: false,
      limitFen: 1_000_000,
      leftFen: 1_000_000,
    });
  });

  it('§四(三)4: an amount above the ordinary limit is fine for a VIP', () => {
    expect(paymentAllowance({ vip: false, paidFen: 0, amountFen: 8000 * YUAN }, S).ok).toBe(false);
    expect(paymentAllowance({ vip: true, paidFen: 0, amountFen: 8000 * YUAN }, S).ok).toBe(true);
  });

  it("§四(三)4: earlier payments (over all of the customer's cases) count against the limit", () => {
    const r = paymentAllowance({ vip: false, paidFen: 3000 * YUAN, amountFen: 2000 * YUAN }, S);
    expect(r).toEqual({ ok: true, limitFen: 500_000, paidFen: 300_000, leftFen: 200_000 });
  });

  it('§四(三)4: after earlier payments, exactly the remainder is allowed and 1 fen more refused', () => {
    expect(paymentAllowance({ vip: false, paidFen: 123_456, amountFen: 500_000 - 123_456 }, S).ok).toBe(true);
    const over = paymentAllowance({ vip: false, paidFen: 123_456, amountFen: 500_000 - 123_456 + 1 }, S);
    expect(over).toMatchObject({ ok: false, leftFen: 376_544 });
  });

  it('§四(三)4: a customer who has had the full limit gets nothing more (left 0)', () => {
    expect(paymentAllowance({ vip: false, paidFen: 500_000, amountFen: 1 }, S)).toMatchObject({ ok: false, leftFen: 0 });
    expect(paymentAllowance({ vip: true, paidFen: 1_000_000, amountFen: 1 }, S)).toMatchObject({ ok: false, leftFen: 0 });
  });

  it('§四(三)4: what is left is never negative, even if more was paid than today’s limit', () => {
    expect(paymentAllowance({ vip: false, paidFen: 600_000, amountFen: 1 }, S)).toMatchObject({ ok: false, paidFen: 600_000, leftFen: 0 });
  });

  it('§四(三)4: the limits are settings (custom yuan limits, also with fen)', () => {
    const s = ZSettings.parse({ payment_limit: { ordinary: 2000, vip: 3000.5 } });
    expect(paymentAllowance({ vip: false, paidFen: 0, amountFen: 2000 * YUAN }, s)).toMatchObject({ ok: true, limitFen: 200_000 });
    expect(paymentAllowance({ vip: false, paidFen: 0, amountFen: 2000 * YUAN + 1 }, s).ok).toBe(false);
    expect(paymentAllowance({ vip: true, paidFen: 0, amountFen: 300_050 }, s)).toMatchObject({ ok: true, limitFen: 300_050 });
    expect(paymentAllowance({ vip: true, paidFen: 0, amountFen: 300_051 }, s).ok).toBe(false);
  });

  it('§四(三)4: raising one limit leaves the other as it was', () => {
    const s = ZSettings.parse({ payment_limit: { vip: 20000 } });
    expect(paymentAllowance({ vip: false, paidFen: 0, amountFen: 0 }, s).limitFen).toBe(500_000);
    expect(paymentAllowance({ vip: true, paidFen: 0, amountFen: 0 }, s).limitFen).toBe(2_000_000);
  });
});
