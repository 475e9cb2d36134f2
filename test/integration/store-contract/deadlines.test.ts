/** Store contract (harness.ts): deadlines, the scheduler's sweep, and case lists. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports/store.ts';
import { at, makeCase } from '../../helpers/records.ts';
import { deadlineFields, dl, idsOf, sorted, storeContract } from './harness.ts';

storeContract('deadlines and lists', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });
  const { insertCases, insertDeadlines } = x;

  describe('deadlines', () => {
    it('insertDeadlines assigns increasing ids; deadlines() and deadlinesOf() return every field in id order', async () => {
      await insertCases(makeCase(1)); // inserted by an earlier transaction
      const ds1 = [
        dl(1, 'onsite', { dueAt: at(60, 1), nextStage: 'reminder', nextFireAt: at(48, 2) }),
        dl(1, 'reply', {
          generation: 2,
          startAt: at(1, 3),
          dueAt: at(240, 4),
          state: 'done',
          completedAt: at(200, 5),
          breachedAt: at(241, 6),
          nextStage: null,
          nextFireAt: null,
          repeatsSent: 3,
        }),
        dl(1, 'oral_loss_report', { dueAt: at(5 * 1440), nextStage: 'expiry', nextFireAt: at(5 * 1440) }),
      ];
      const ds2 = [
        dl(2, 'transfer', { nextStage: 'repeat2', nextFireAt: at(90) }),
        dl(1, 'report', { state: 'cancelled', nextStage: null, nextFireAt: null }),
      ];
      await s.tx(async (t) => {
        await t.insertDeadlines(ds1);
        await t.insertCase(makeCase(2)); // inserted in the same transaction
        await t.insertDeadlines(ds2);
        await t.insertDeadlines([]);
      });
      const got1 = (await s.deadlines(1)).map(deadlineFields);
      const got2 = (await s.deadlines(2)).map(deadlineFields);
      expect(got1).toHaveLength(4);
      expect(got2).toHaveLength(1);
      const all = [...got1, ...got2].map((d) => d.id);
      expect(new Set(all).size).toBe(5);
      for (const id of all) expect(Number.isInteger(id) && id > 0).toBe(true);
      const [a, b, c, e] = got1;
      expect(a.id < b.id && b.id < c.id && c.id < got2[0].id && got2[0].id < e.id).toBe(true);
      expect(got1).toEqual([
        { id: a.id, ...ds1[0] },
        { id: b.id, ...ds1[1] },
        { id: c.id, ...ds1[2] },
        { id: e.id, ...ds2[1] },
      ]);
      expect(got2).toEqual([{ id: got2[0].id, ...ds2[0] }]);
      expect((await s.tx((t) => t.deadlines(1))).map(deadlineFields)).toEqual(got1);
      expect((await s.deadlinesOf([2, 1])).map(deadlineFields)).toEqual([a, b, c, got2[0], e]);
      expect((await s.deadlinesOf([2, 77])).map(deadlineFields)).toEqual(got2);
      expect(await s.deadlinesOf([])).toEqual([]);
      expect(await s.deadlines(3)).toEqual([]);
    });

    it('updateDeadline and updateDeadlines patch only the given deadlines', async () => {
      await insertCases(makeCase(1), makeCase(2));
      const [a, b, c, d] = await insertDeadlines([dl(1, 'onsite'), dl(1, 'reply'), dl(1, 'report'), dl(2, 'onsite')]);
      const done = { state: 'done' as const, completedAt: at(30, 9), nextStage: null, nextFireAt: null };
      await s.tx((t) => t.updateDeadline(a.id, done));
      const bumped = { nextStage: 'repeat1' as const, nextFireAt: at(90, 1), breachedAt: at(60, 2), repeatsSent: 1 };
      await s.tx((t) => t.updateDeadlines([b.id, d.id], bumped));
      await s.tx((t) => t.updateDeadlines([c.id], { dueAt: at(2000, 3), startAt: at(2, 4), generation: 1 }));
      await s.tx((t) => t.updateDeadlines([], { state: 'cancelled' }));
      expect((await s.deadlinesOf([1, 2])).map(deadlineFields)).toEqual([
        { ...a, ...done },
        { ...b, ...bumped },
        { ...c, dueAt: at(2000, 3), startAt: at(2, 4), generation: 1 },
        { ...d, ...bumped },
      ]);
      // back from null
      await s.updateDeadline(a.id, { state: 'pending', completedAt: null, nextStage: 'breach', nextFireAt: at(60) });
      expect((await s.deadlines(1)).map(deadlineFields)[0]).toEqual({ ...a, completedAt: null, nextStage: 'breach', nextFireAt: at(60) });
    });

    it('claimStages claims only the deadlines still at the expected stage and fire time, once', async () => {
      await insertCases(makeCase(1), makeCase(2));
      const T1 = at(48, 11);
      const T2 = at(49, 12);
      const [d1, d2, d3, d4, d5] = await insertDeadlines([
        dl(1, 'onsite', { nextStage: 'reminder', nextFireAt: T1 }),
        dl(2, 'onsite', { nextStage: 'reminder', nextFireAt: T1 }),
        dl(1, 'reply', { nextStage: 'reminder', nextFireAt: T2 }), // other fire time
        dl(1, 'report', { nextStage: 'breach', nextFireAt: T1 }), // other stage
        dl(2, 'reply', { nextStage: 'reminder', nextFireAt: T1 }), // same, but not asked for
      ]);
      const T3 = at(60, 13);
      const next = { stage: 'breach' as const, fireAt: T3, patch: { repeatsSent: 1, breachedAt: at(59, 14) } };
      const ids = [d1.id, d2.id, d3.id, d4.id];
      const claimed = await s.tx((t) => t.claimStages(ids, { stage: 'reminder', fireAt: T1 }, next));
      expect(sorted(claimed)).toEqual([d1.id, d2.id]);
      const moved = { nextStage: 'breach', nextFireAt: T3, repeatsSent: 1, breachedAt: at(59, 14) };
      expect((await s.deadlinesOf([1, 2])).map(deadlineFields)).toEqual([{ ...d1, ...moved }, { ...d2, ...moved }, d3, d4, d5]);
      // someone else fired them: a second identical claim gets nothing and changes nothing
      expect(sorted(await s.tx((t) => t.claimStages(ids, { stage: 'reminder', fireAt: T1 }, next)))).toEqual([]);
      expect(sorted(await s.tx((t) => t.claimStages([], { stage: 'reminder', fireAt: T1 }, next)))).toEqual([]);
      // a millisecond off is another fire time
      expect(sorted(await s.tx((t) => t.claimStages([d3.id], { stage: 'reminder', fireAt: at(49, 13) }, next)))).toEqual([]);
      // the last stage: no next stage, no fire time
      const last = await s.tx((t) =>
        t.claimStages(
          [d1.id, d4.id],
          { stage: 'breach', fireAt: T3 },
          { stage: null, fireAt: null, patch: { state: 'done', completedAt: at(61, 15) } },
        ),
      );
      expect(sorted(last)).toEqual([d1.id]);
      expect((await s.deadlines(1)).map(deadlineFields)).toEqual([
        { ...d1, ...moved, nextStage: null, nextFireAt: null, state: 'done', completedAt: at(61, 15) },
        d3,
        d4,
      ]);
    });

    it('dueDeadlines returns those with nextFireAt <= now by fire time then id, up to the limit; nextFireAt is the earliest', async () => {
      expect(await s.nextFireAt()).toBeNull();
      expect(await s.dueDeadlines(at(10_000), 10)).toEqual([]);
      await insertCases(makeCase(1), makeCase(2));
      const [d1, d2, d3, d4, d5, d6] = await insertDeadlines([
        dl(1, 'onsite', { nextFireAt: at(3) }),
        dl(1, 'reply', { nextFireAt: at(1) }),
        dl(2, 'onsite', { nextFireAt: at(1) }),
        dl(2, 'reply', { nextFireAt: at(5) }),
        dl(1, 'report', { nextStage: null, nextFireAt: null, state: 'done', completedAt: at(0) }),
        dl(2, 'report', { nextFireAt: at(2) }),
      ]);
      expect((await s.dueDeadlines(at(3), 10)).map(deadlineFields)).toEqual([d2, d3, d6, d1]);
      expect((await s.dueDeadlines(at(3), 2)).map(deadlineFields)).toEqual([d2, d3]);
      expect(idsOf(await s.dueDeadlines(at(3, -1), 10))).toEqual([d2.id, d3.id, d6.id]);
      expect(idsOf(await s.dueDeadlines(at(1, -1), 10))).toEqual([]);
      expect(idsOf(await s.dueDeadlines(at(100), 10))).toEqual([d2.id, d3.id, d6.id, d1.id, d4.id]);
      expect(idsOf(await s.dueDeadlines(at(100), 10))).not.toContain(d5.id);
      expect(await s.nextFireAt()).toEqual(at(1));
      await s.tx((t) => t.updateDeadlines([d2.id, d3.id], { nextStage: null, nextFireAt: null }));
      expect(await s.nextFireAt()).toEqual(at(2));
      await s.tx((t) => t.updateDeadlines([d1.id, d4.id, d6.id], { nextStage: null, nextFireAt: null }));
      expect(await s.nextFireAt()).toBeNull();
      expect(await s.dueDeadlines(at(10_000), 10)).toEqual([]);
    });
  });

  describe('listCases', () => {
    const T = (h: number) => at(h * 60);
    const cases = [
      makeCase(1, {
        unitCode: 'OUT-11',
        ownerHandle: 'zhang',
        openerHandle: 'zhang',
        handlerHandle: null,
        status: 'open',
        receivedAt: T(0),
      }),
      makeCase(2, {
        unitCode: 'OUT-12',
        ownerHandle: 'li',
        openerHandle: 'wang',
        handlerHandle: 'zhang',
        status: 'resolved',
        resolvedAt: T(2),
        receivedAt: T(1),
      }),
      makeCase(3, {
        unitCode: 'OUT-11',
        ownerHandle: 'li',
        openerHandle: 'zhang',
        handlerHandle: 'hu',
        status: 'on_site',
        receivedAt: T(2),
      }),
      makeCase(4, { unitCode: 'OUT-31', branchCode: 'BR02', ownerHandle: 'hu', openerHandle: 'hu', status: 'reopened', receivedAt: T(3) }),
      makeCase(5, {
        unitCode: 'OUT-11',
        ownerHandle: 'chen',
        openerHandle: 'chen',
        status: 'resolved',
        resolvedAt: T(5),
        receivedAt: T(4),
      }),
      makeCase(6, { unitCode: 'OUT-12', ownerHandle: 'li', openerHandle: 'li', handlerHandle: 'li', status: 'replied', receivedAt: T(-1) }),
    ];
    const seed = async () => {
      await insertCases(...cases);
      await insertDeadlines([
        dl(1, 'reply', { dueAt: T(5) }), // overdue at 6 h
        dl(1, 'onsite', { dueAt: T(1) }), // overdue too: case 1 still listed once
        dl(2, 'onsite', { dueAt: T(2), state: 'done', completedAt: T(1) }), // done
        dl(3, 'oral_loss_report', { dueAt: T(1) }), // not a kind that makes a case overdue
        dl(3, 'transfer', { dueAt: T(1) }), // nor is a transfer
        dl(4, 'start', { dueAt: T(5.5) }), // overdue at 6 h
        dl(4, 'report', { dueAt: T(0.5), state: 'cancelled' }), // cancelled
        dl(5, 'report', { dueAt: T(7) }), // not yet
        dl(6, 'onsite', { dueAt: T(6) }), // due exactly at 6 h: not before it
      ]);
    };

    it('lists every case by id with every field when unfiltered', async () => {
      await seed();
      expect(await s.listCases({})).toEqual(cases);
      expect(await s.listCases({ status: 'all' })).toEqual(cases);
    });

    it('filters by units, open status, who is involved, and limits', async () => {
      await seed();
      expect(idsOf(await s.listCases({ unitCodes: ['OUT-11'] }))).toEqual([1, 3, 5]);
      expect(idsOf(await s.listCases({ unitCodes: ['OUT-31', 'OUT-11'] }))).toEqual([1, 3, 4, 5]);
      expect(idsOf(await s.listCases({ unitCodes: ['NOPE'] }))).toEqual([]);
      expect(idsOf(await s.listCases({ status: 'open' }))).toEqual([1, 3, 4, 6]);
      expect(idsOf(await s.listCases({ involving: 'zhang' }))).toEqual([1, 2, 3]); // owner, handler, opener
      expect(idsOf(await s.listCases({ involving: 'li' }))).toEqual([2, 3, 6]);
      expect(idsOf(await s.listCases({ involving: 'nobody' }))).toEqual([]);
      expect(idsOf(await s.listCases({ involving: 'zhang', status: 'open' }))).toEqual([1, 3]);
      expect(idsOf(await s.listCases({ limit: 2 }))).toEqual([1, 2]);
      expect(idsOf(await s.listCases({ unitCodes: ['OUT-11', 'OUT-12'], status: 'open', limit: 2 }))).toEqual([1, 3]);
      expect(await s.listCases({ unitCodes: ['OUT-12'], status: 'open' })).toEqual([cases[5]]);
    });

    it('orders by urgency (earliest pending deadline, transfer aside; none last), pages and counts', async () => {
      await seed();
      expect(idsOf(await s.listCases({ order: 'urgency' }))).toEqual([1, 3, 4, 6, 5, 2]);
      expect(idsOf(await s.listCases({ order: 'urgency', status: 'open' }))).toEqual([1, 3, 4, 6]);
      expect(idsOf(await s.listCases({ order: 'urgency', offset: 1, limit: 2 }))).toEqual([3, 4]);
      expect(idsOf(await s.listCases({ offset: 4 }))).toEqual([5, 6]);
      expect((await s.listCases({ order: 'urgency', limit: 1 }))[0]).toEqual(cases[0]);
      expect(await s.countCases({})).toBe(6);
      expect(await s.countCases({ status: 'open', unitCodes: ['OUT-11'] })).toBe(2);
      expect(await s.countCases({ overdueAt: T(6) })).toBe(2);
    });

    it('filters by received time, [from, to)', async () => {
      await seed();
      expect(idsOf(await s.listCases({ receivedFrom: T(1), receivedTo: T(3) }))).toEqual([2, 3]);
      expect(idsOf(await s.listCases({ receivedFrom: T(3) }))).toEqual([4, 5]);
      expect(idsOf(await s.listCases({ receivedTo: T(1) }))).toEqual([1, 6]);
      expect(idsOf(await s.listCases({ receivedFrom: at(60, 1), receivedTo: at(180, 1) }))).toEqual([3, 4]);
      expect(idsOf(await s.listCases({ receivedFrom: T(0), receivedTo: T(4), status: 'open', unitCodes: ['OUT-11', 'OUT-31'] }))).toEqual([
        1, 3, 4,
      ]);
    });

    it('overdueAt: cases with a pending onsite, reply, report or start deadline due before the time', async () => {
      await seed();
      expect(idsOf(await s.listCases({ overdueAt: T(6) }))).toEqual([1, 4]);
      expect(idsOf(await s.listCases({ overdueAt: at(360, 1) }))).toEqual([1, 4, 6]);
      expect(idsOf(await s.listCases({ overdueAt: T(5) }))).toEqual([1]); // onsite due at 1 h
      expect(idsOf(await s.listCases({ overdueAt: T(1) }))).toEqual([]);
      expect(idsOf(await s.listCases({ overdueAt: T(8) }))).toEqual([1, 4, 5, 6]);
      expect(idsOf(await s.listCases({ overdueAt: T(6), unitCodes: ['OUT-11'] }))).toEqual([1]);
      expect(idsOf(await s.listCases({ overdueAt: T(8), status: 'open', limit: 2 }))).toEqual([1, 4]);
      // a deadline done meanwhile no longer counts
      const [reply, onsite] = await s.deadlines(1);
      await s.tx((t) => t.updateDeadlines([reply.id, onsite.id], { state: 'done', completedAt: T(5.9) }));
      expect(idsOf(await s.listCases({ overdueAt: T(6) }))).toEqual([4]);
    });
  });
});
