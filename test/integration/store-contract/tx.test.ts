/** Store contract (harness.ts): transactions commit together, roll back together, and are retried alike. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../../src/core/domain/errors.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { TX_RETRY } from '../../../src/db/shared/retry.ts';
import { at, makeCase, T0 } from '../../helpers/records.ts';
import { dl, idsOf, msg, storeContract } from './harness.ts';

storeContract('transactions', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });
  const { insertCases } = x;

  describe('tx', () => {
    it('commits everything together and returns the function’s value', async () => {
      const r = await s.tx(async (t) => {
        const id = await t.nextCaseId();
        await t.insertCase(makeCase(id));
        expect(await t.getCase(id)).toEqual(makeCase(id));
        return { id, note: '好' };
      });
      expect(r).toEqual({ id: 1, note: '好' });
      expect(await s.getCase(1)).toEqual(makeCase(1));
    });

    it('rolls back everything written in a transaction that throws, and rethrows the error unchanged', async () => {
      await insertCases(makeCase(7)); // committed before, and left alone
      const boom = new Error('refused: 权限不足');
      let seenInside: unknown[] = [];
      await expect(
        s.tx(async (t) => {
          const id = await t.nextCaseId();
          await t.insertCase(makeCase(id));
          await t.appendTimeline([{ caseId: id, at: T0, actor: 'zhang', action: 'new', text: '新', data: null }]);
          await t.insertDeadlines([dl(id, 'onsite'), dl(id, 'reply')]);
          await t.enqueue([msg(`case:${id}:v0`, { caseId: id })]);
          expect(await t.claimJob('summary:BR01:2026-12-01', at(1), false)).toBe(true);
          await t.insertPayment({ caseId: id, customerKey: 'K', amountFen: 100, at: at(1), actor: 'zhang' });
          await t.saveProcessedRequest('slack:Ev9', at(1), 'resp');
          expect(await t.updateCase(7, 0, { status: 'resolved' })).toBe(true);
          await t.flagBreached([7], at(2));
          seenInside = [
            (await t.getCase(id))?.id,
            (await t.timeline(id)).length,
            (await t.deadlines(id)).length,
            await t.paidTotalFen('K'),
          ];
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(seenInside).toEqual([1, 1, 2, 100]);
      expect(await s.getCase(1)).toBeNull();
      expect(await s.timeline(1)).toEqual([]);
      expect(await s.deadlines(1)).toEqual([]);
      expect(await s.deadlinesOf([1])).toEqual([]);
      expect(await s.nextFireAt()).toBeNull();
      expect(await s.pendingOutbox(10)).toEqual([]);
      expect(await s.outboxBacklog()).toBe(0);
      expect(await s.getJob('summary:BR01:2026-12-01')).toBeNull();
      expect(await s.paidTotalFen('K')).toBe(0);
      expect(await s.processedRequest('slack:Ev9')).toBeNull();
      expect(await s.getCase(7)).toEqual(makeCase(7));
      expect(idsOf(await s.listCases({}))).toEqual([7]);
      // and the same keys and numbers are free again
      expect(await s.tx((t) => t.claimJob('summary:BR01:2026-12-01', at(3), false))).toBe(true);
      expect(await s.tx((t) => t.nextCaseId())).toBe(1);
    });

    it('rethrows a non-Error rejection value as it was', async () => {
      const reason = { code: 'E_STALE', caseId: 3 };
      await expect(
        s.tx(async (t) => {
          await t.insertCase(makeCase(3));
          throw reason;
        }),
      ).rejects.toBe(reason);
      expect(await s.getCase(3)).toBeNull();
    });
  });

  describe('tx retries a lost race (src/db/shared/retry.ts)', () => {
    it('runs the whole transaction again after a ConcurrencyError, the failed run rolled back', async () => {
      await insertCases(makeCase(1));
      let runs = 0;
      const out = await s.tx(async (t) => {
        runs++;
        const id = await t.nextCaseId();
        await t.insertCase(makeCase(id + 10));
        await t.appendTimeline([{ caseId: 1, at: at(runs), actor: 'zhang', action: 'noted', text: `run ${runs}`, data: null }]);
        if (runs < 3) throw new ConcurrencyError('case 1');
        return id;
      });
      expect(runs).toBe(3);
      // each failed run gave its case number back and left nothing behind
      expect(out).toBe(1);
      expect(idsOf(await s.listCases({}))).toEqual([1, 11]);
      expect((await s.timeline(1)).map((e) => e.text)).toEqual(['run 3']);
    });

    it('gives up after the last attempt and throws the ConcurrencyError as it was', async () => {
      let runs = 0;
      let last: ConcurrencyError | undefined;
      const err = await s
        .tx(async (t) => {
          runs++;
          await t.insertCase(makeCase(runs));
          throw (last = new ConcurrencyError(`case ${runs}`));
        })
        .catch((e: unknown) => e);
      expect(runs).toBe(TX_RETRY.attempts);
      expect(err).toBe(last);
      expect(err).toBeInstanceOf(ConcurrencyError);
      expect(await s.listCases({})).toEqual([]);
    });

    it('does not retry other errors, whatever their text says', async () => {
      let runs = 0;
      await expect(
        s.tx(async () => {
          runs++;
          throw new Error('case 1 changed concurrently (database is locked, could not serialize access)');
        }),
      ).rejects.toThrow('changed concurrently');
      expect(runs).toBe(1);
    });
  });
});
