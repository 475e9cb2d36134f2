/** Store contract (harness.ts): the outbox, written in transactions and delivered. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutboxInput } from '../../../src/core/domain/case.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { at, makeCase, T0 } from '../../helpers/records.ts';
import { dl, idsOf, msg, sorted, storeContract } from './harness.ts';

storeContract('outbox', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });
  const { pending, pendingOne } = x;

  describe('enqueue', () => {
    it('writes messages that pendingOutbox returns in id order with every field', async () => {
      const m1 = msg('case:1:v0', {
        kind: 'case',
        at: at(0, 1),
        payload: {
          text: 'C1 新投诉："ATM 吞卡" — 客户\'张三\'',
          mentions: ['zhang', 'li'],
          deadline: 'onsite',
          reason: 'skip_level',
          unit: 'OUT-11',
          card: {
            id: 'C1',
            status: 'open',
            statusLabel: '待处理',
            title: 'C1 ATM 吞卡',
            fields: [{ label: '客户', value: '张*' }],
            guide: '一小时内到场',
            escalation: null,
            deadlines: [{ kind: 'onsite', label: '到场', dueAt: '09:30', state: 'pending' }],
            buttons: ['take', 'on_site'],
          },
        },
      });
      const m2 = msg('summary:BR01:2026-12-01', {
        kind: 'summary',
        at: at(5, 2),
        caseId: null,
        toUnit: 'BR01',
        payload: {
          text: '一分行 2026-12-01 日报',
          mentions: [],
          late: true,
          stats: {
            received: 4,
            open: 2,
            resolved: 2,
            not_counted: 1,
            consultation: 1,
            complaint: 2,
            overdue: 2,
            escalated: 2,
            carried_over: 1,
            carried_over_overdue: 0,
            callbacks: 0,
            satisfaction: null,
          },
          summary: { nested: [1, 'two', { three: null }] },
        },
      });
      const m3 = msg('dm:hu:1', {
        kind: 'reminder',
        at: at(1, 3),
        caseId: 1,
        toUnit: null,
        toHandle: 'hu',
        payload: { text: '提醒', mentions: ['hu'], late: false },
      });
      await s.tx((t) => t.enqueue([m1, m2]));
      await s.tx(async (t) => {
        await t.enqueue([m3]);
        await t.enqueue([]);
      });
      const got = await pending();
      expect(got).toHaveLength(3);
      const ids = idsOf(got);
      expect(ids[0] < ids[1] && ids[1] < ids[2]).toBe(true);
      const fresh = (m: OutboxInput, id: number) => ({
        ...m,
        id,
        attempts: 0,
        delivered: [],
        nextAttemptAt: m.at,
        leaseUntil: null,
        leaseOwner: null,
      });
      expect(got).toEqual([fresh(m1, ids[0]), fresh(m2, ids[1]), fresh(m3, ids[2])]);
      expect(got[1].payload.late).toBe(true);
      expect(got[0].payload.late).toBeUndefined();
      expect((await s.pendingOutbox(2)).map((m) => m.id)).toEqual(ids.slice(0, 2));
      expect(await s.outboxBacklog()).toBe(3);
    });

    it('a duplicate key within one call throws and rolls the whole transaction back', async () => {
      const boom = s.tx(async (t) => {
        await t.insertCase(makeCase(1));
        await t.appendTimeline([{ caseId: 1, at: T0, actor: 'zhang', action: 'new', text: null, data: null }]);
        await t.enqueue([msg('case:1:v0'), msg('case:1:v0', { kind: 'case' })]);
      });
      await expect(boom).rejects.toThrow();
      expect(await s.getCase(1)).toBeNull();
      expect(await s.timeline(1)).toEqual([]);
      expect(await s.pendingOutbox(10)).toEqual([]);
      expect(await s.outboxBacklog()).toBe(0);
    });

    it('a key already in the outbox throws and rolls the whole transaction back', async () => {
      const first = msg('case:1:v0', { payload: { text: '第一条', mentions: [] } });
      await s.tx((t) => t.enqueue([first]));
      const boom = s.tx(async (t) => {
        await t.insertCase(makeCase(2));
        await t.insertDeadlines([dl(2, 'onsite')]);
        await t.enqueue([msg('case:2:v0', { caseId: 2 }), msg('case:1:v0', { payload: { text: '第二条', mentions: [] } })]);
      });
      await expect(boom).rejects.toThrow();
      expect(await s.getCase(2)).toBeNull();
      expect(await s.deadlines(2)).toEqual([]);
      const got = await pending();
      expect(got.map((m) => [m.key, m.payload.text])).toEqual([['case:1:v0', '第一条']]);
      expect(await s.outboxBacklog()).toBe(1);
    });
  });

  describe('outbox delivery', () => {
    it('claimOutboxBatch leases free, due messages; others wait for the lease to expire or the attempt to fall due', async () => {
      await s.tx((t) =>
        t.enqueue([msg('a', { caseId: 1 }), msg('b', { caseId: 2 }), msg('c', { caseId: 3, at: at(10) }), msg('d', { caseId: 4 })]),
      );
      const [a, b, c, d] = idsOf(await pending());
      const now = at(1, 500);
      expect(sorted(await s.claimOutboxBatch([a, b, c], 'replica-A', now, 30_000))).toEqual([a, b]);
      const leaseUntil = new Date(now.getTime() + 30_000);
      expect(await pendingOne(a)).toMatchObject({ leaseOwner: 'replica-A', leaseUntil, attempts: 0, delivered: [] });
      expect(await pendingOne(b)).toMatchObject({ leaseOwner: 'replica-A', leaseUntil });
      expect(await pendingOne(c)).toMatchObject({ leaseOwner: null, leaseUntil: null, nextAttemptAt: at(10) });
      expect(await pendingOne(d)).toMatchObject({ leaseOwner: null, leaseUntil: null });
      // another owner: leased rows stay with A until the lease runs out
      expect(sorted(await s.claimOutboxBatch([a, b, d], 'replica-B', at(1, 10_500), 30_000))).toEqual([d]);
      const later = new Date(leaseUntil.getTime() + 1);
      expect(sorted(await s.claimOutboxBatch([a], 'replica-B', later, 60_000))).toEqual([a]);
      expect(await pendingOne(a)).toMatchObject({ leaseOwner: 'replica-B', leaseUntil: new Date(later.getTime() + 60_000) });
      // not yet due: no lease, however free
      expect(sorted(await s.claimOutboxBatch([c], 'replica-B', at(10, -1), 30_000))).toEqual([]);
      expect(sorted(await s.claimOutboxBatch([c], 'replica-B', at(10), 30_000))).toEqual([c]);
      expect(sorted(await s.claimOutboxBatch([], 'replica-B', at(10), 30_000))).toEqual([]);
      expect(sorted(await s.claimOutboxBatch([9999], 'replica-B', at(10), 30_000))).toEqual([]);
    });

    it('markSent takes messages out of pendingOutbox and the backlog; releaseOutbox frees a lease', async () => {
      await s.tx((t) => t.enqueue([msg('a'), msg('b', { caseId: 2 }), msg('c', { caseId: 3 })]));
      const [a, b, c] = idsOf(await pending());
      expect(await s.outboxBacklog()).toBe(3);
      const now = at(1);
      expect(sorted(await s.claimOutboxBatch([a, b, c], 'A', now, 30_000))).toEqual([a, b, c]);
      await s.markSent([a], ['slack', 'discord'], at(1, 1));
      expect(idsOf(await pending())).toEqual([b, c]);
      expect(await s.outboxBacklog()).toBe(2);
      expect(sorted(await s.claimOutboxBatch([a], 'B', at(100), 30_000))).toEqual([]);
      await s.releaseOutbox([b]);
      expect(await pendingOne(b)).toMatchObject({ leaseOwner: null, leaseUntil: null, attempts: 0 });
      expect(await pendingOne(c)).toMatchObject({ leaseOwner: 'A' });
      expect(sorted(await s.claimOutboxBatch([b, c], 'B', at(1, 1), 30_000))).toEqual([b]);
      await s.markSent([b, c], ['console'], at(2));
      await s.markSent([], ['console'], at(2));
      await s.releaseOutbox([]);
      expect(await s.pendingOutbox(10)).toEqual([]);
      expect(await s.outboxBacklog()).toBe(0);
    });

    it('markDelivered records each platform and keeps the message pending until allDone', async () => {
      await s.tx((t) => t.enqueue([msg('a'), msg('b', { caseId: 2 })]));
      const [a, b] = idsOf(await pending());
      await s.claimOutboxBatch([a], 'A', at(1), 30_000);
      await s.markDelivered(a, 'slack', false, at(1, 1));
      expect(await pendingOne(a)).toMatchObject({ delivered: ['slack'], attempts: 0 });
      await s.markDelivered(a, 'discord', false, at(1, 2));
      expect((await pendingOne(a))!.delivered).toEqual(['slack', 'discord']);
      expect(await s.outboxBacklog()).toBe(2);
      expect((await pendingOne(b))!.delivered).toEqual([]);
      await s.markDelivered(a, 'console', true, at(1, 3));
      expect(idsOf(await pending())).toEqual([b]);
      expect(await s.outboxBacklog()).toBe(1);
      await s.markDelivered(b, 'slack', true, at(2));
      expect(await s.pendingOutbox(10)).toEqual([]);
    });

    it('markFailed counts the attempt, sets the next attempt and clears the lease', async () => {
      await s.tx((t) => t.enqueue([msg('a')]));
      const [a] = idsOf(await pending());
      await s.claimOutboxBatch([a], 'A', at(1), 30_000);
      await s.markDelivered(a, 'slack', false, at(1, 1));
      await s.markFailed(a, 'discord: 429 Too Many Requests', at(5, 5));
      expect(await pendingOne(a)).toEqual({
        ...msg('a'),
        id: a,
        attempts: 1,
        delivered: ['slack'],
        nextAttemptAt: at(5, 5),
        leaseUntil: null,
        leaseOwner: null,
      });
      expect(sorted(await s.claimOutboxBatch([a], 'B', at(5, 4), 30_000))).toEqual([]);
      expect(sorted(await s.claimOutboxBatch([a], 'B', at(5, 5), 30_000))).toEqual([a]);
      await s.markFailed(a, 'x'.repeat(5000), at(7)); // a long error is fine
      expect(await pendingOne(a)).toMatchObject({ attempts: 2, nextAttemptAt: at(7), leaseUntil: null, leaseOwner: null });
      expect(await s.outboxBacklog()).toBe(1);
    });

    it('nextOutboxAttempt: the earliest attempt among the heads of the queues, a foreign lease pushing its lane back', async () => {
      const now = at(0);
      expect(await s.nextOutboxAttempt(now)).toBeNull();
      // case 1's queue: m1 due at +10, m2 behind it due at +1 (waits for m1: it doesn't count)
      await s.tx((t) => t.enqueue([msg('m1', { caseId: 1, at: at(10) }), msg('m2', { caseId: 1, at: at(1) })]));
      expect(await s.nextOutboxAttempt(now)).toEqual(at(10));
      // messages without a case are each their own lane
      await s.tx((t) => t.enqueue([msg('k1', { caseId: null, at: at(5) }), msg('k2', { caseId: null, at: at(3) })]));
      expect(await s.nextOutboxAttempt(now)).toEqual(at(3));
      const [m1, m2, k1, k2] = idsOf(await pending());
      await s.markSent([k2], ['slack'], now);
      expect(await s.nextOutboxAttempt(now)).toEqual(at(5));
      // k1 leased until +65 by someone: its lane waits for the lease
      expect(sorted(await s.claimOutboxBatch([k1], 'other', at(5), 60 * 60_000))).toEqual([k1]);
      expect(await s.nextOutboxAttempt(at(6))).toEqual(at(10));
      await s.markFailed(m1, 'timeout', at(70));
      expect(await s.nextOutboxAttempt(at(6))).toEqual(at(65));
      // an expired lease no longer counts
      expect(await s.nextOutboxAttempt(at(66))).toEqual(at(5));
      await s.releaseOutbox([k1]);
      expect(await s.nextOutboxAttempt(at(6))).toEqual(at(5));
      // once m1 is gone, m2 heads case 1's queue
      await s.markSent([m1, k1], ['slack'], at(6));
      expect(await s.nextOutboxAttempt(at(6))).toEqual(at(1));
      await s.markSent([m2], ['slack'], at(6));
      expect(await s.nextOutboxAttempt(at(6))).toBeNull();
    });

    it('nextOutboxAttempt of an overdue head is now or earlier', async () => {
      await s.tx((t) => t.enqueue([msg('m1', { caseId: 1, at: at(1) }), msg('m2', { caseId: 2, at: at(30) })]));
      const r = await s.nextOutboxAttempt(at(20));
      expect(r).not.toBeNull();
      expect(r!.getTime()).toBeLessThanOrEqual(at(20).getTime());
    });
  });
});
