/** Store contract (harness.ts): what the register, the chart and the forms read (ReportQueries, besides summaries). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TimelineRecord } from '../../../src/core/domain/case.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { at, makeCase } from '../../helpers/records.ts';
import { deadlineFields, dl, idsOf, storeContract, timelineFields, utc } from './harness.ts';

storeContract('report queries', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });
  const { insertCases } = x;

  describe('casesReceived', () => {
    const from = utc('01:00');
    const to = utc('05:00');
    const cases = [
      makeCase(1, { unitCode: 'OUT-11', receivedAt: from }), // exactly `from`: in
      makeCase(2, {
        unitCode: 'OUT-12',
        receivedAt: utc('02:00'),
        escalated: true,
        escalatedAt: utc('02:30'),
        escalationReasons: ['skip_level', 'media'],
      }),
      makeCase(3, { unitCode: 'OUT-31', branchCode: 'BR02', receivedAt: utc('02:00') }), // another unit
      makeCase(4, { unitCode: 'OUT-11', receivedAt: to }), // exactly `to`: out
      makeCase(5, { unitCode: 'OUT-11', receivedAt: new Date(from.getTime() - 1) }), // a millisecond early
      makeCase(6, { unitCode: 'OUT-12', receivedAt: utc('04:59'), status: 'resolved', resolvedAt: utc('06:00'), customerName: null }),
      makeCase(7, { unitCode: 'OUT-11', receivedAt: utc('01:30'), handlerHandle: 'hu' }),
    ];
    const units = ['OUT-11', 'OUT-12'];

    it('returns the units’ cases received in [from, to), by id, with every field', async () => {
      await insertCases(...cases);
      expect(await s.casesReceived({ unitCodes: units, from, to, afterId: 0, limit: 100 })).toEqual([
        cases[0],
        cases[1],
        cases[5],
        cases[6],
      ]);
      expect(idsOf(await s.casesReceived({ unitCodes: ['OUT-31', 'OUT-11'], from, to, afterId: 0, limit: 100 }))).toEqual([1, 3, 7]);
      expect(idsOf(await s.casesReceived({ unitCodes: units, from: to, to: utc('06:00'), afterId: 0, limit: 100 }))).toEqual([4]);
      expect(await s.casesReceived({ unitCodes: ['NOPE'], from, to, afterId: 0, limit: 100 })).toEqual([]);
    });

    it('pages: up to `limit` cases after `afterId`; no units, no cases', async () => {
      await insertCases(...cases);
      const page = (afterId: number, limit: number) => s.casesReceived({ unitCodes: units, from, to, afterId, limit }).then(idsOf);
      expect(await page(0, 2)).toEqual([1, 2]);
      expect(await page(2, 2)).toEqual([6, 7]);
      expect(await page(6, 2)).toEqual([7]);
      expect(await page(7, 2)).toEqual([]);
      expect(await page(0, 1)).toEqual([1]);
      expect(await s.casesReceived({ unitCodes: [], from, to, afterId: 0, limit: 100 })).toEqual([]);
    });
  });

  describe('caseDetails', () => {
    it('deadlines by case, round and id; timeline by case in insertion order; payment totals per case', async () => {
      await insertCases(makeCase(1), makeCase(2), makeCase(3));
      await s.tx(async (t) => {
        await t.insertDeadlines([
          dl(2, 'reply', { generation: 1, dueAt: at(300) }),
          dl(1, 'onsite', { generation: 1, state: 'done', completedAt: at(20, 5) }),
          dl(2, 'onsite', { generation: 0, state: 'cancelled', nextStage: null, nextFireAt: null }),
          dl(1, 'reply', { generation: 0 }),
          dl(3, 'start'),
        ]);
        const e = (caseId: number, minute: number, action: string, text: string | null = null): TimelineRecord => ({
          caseId,
          at: at(minute, 3),
          actor: 'zhang',
          action,
          text,
          data: action === 'paid' ? { amount: '500', amountFen: 50_000 } : null,
        });
        await t.appendTimeline([
          e(2, 1, 'opened', '受理'),
          e(1, 5, 'opened'),
          e(2, 0, 'paid'),
          e(1, 2, 'noted', '客户"来电"'),
          e(3, 1, 'opened'),
        ]);
        await t.insertPayment({ caseId: 1, customerKey: 'K1', amountFen: 50_000, at: at(6), actor: 'zhang' });
        await t.insertPayment({ caseId: 1, customerKey: 'K1', amountFen: 25_050, at: at(7), actor: 'li' });
        await t.insertPayment({ caseId: 3, customerKey: 'K3', amountFen: 100, at: at(8), actor: 'hu' });
      });
      const all = (await s.deadlinesOf([1, 2, 3])).map(deadlineFields);
      const of = (caseId: number, generation: number) => all.find((d) => d.caseId === caseId && d.generation === generation)!;

      const got = await s.caseDetails([2, 1]);
      expect(got.deadlines.map(deadlineFields)).toEqual([of(1, 0), of(1, 1), of(2, 0), of(2, 1)]);
      expect(got.timeline.map(timelineFields).map((t) => [t.caseId, t.action, t.text])).toEqual([
        [1, 'opened', null],
        [1, 'noted', '客户"来电"'],
        [2, 'opened', '受理'],
        [2, 'paid', null],
      ]);
      expect(got.timeline.find((t) => t.action === 'paid')!.data).toEqual({ amount: '500', amountFen: 50_000 });
      expect(got.timeline[0].at).toEqual(at(5, 3));
      // a case without payments has no total (the register reads it as 0)
      expect([...got.paidFen]).toEqual([[1, 75_050]]);
      expect(typeof got.paidFen.get(1)).toBe('number');

      const three = await s.caseDetails([3]);
      expect(three.deadlines.map((d) => d.kind)).toEqual(['start']);
      expect([...three.paidFen]).toEqual([[3, 100]]);
    });

    it('is empty for no ids and for ids without cases', async () => {
      const empty = { deadlines: [], timeline: [], paidFen: new Map() };
      expect(await s.caseDetails([])).toEqual(empty);
      expect(await s.caseDetails([98, 99])).toEqual(empty);
    });
  });
});
