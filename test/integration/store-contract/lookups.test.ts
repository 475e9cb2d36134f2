/** Store contract (harness.ts): look-ups, jobs, the request journal, card refs and pickers. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../src/core/domain/case.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { at, makeCase } from '../../helpers/records.ts';
import { idsOf, pick, storeContract } from './harness.ts';

storeContract('look-ups', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });
  const { insertCases } = x;

  describe('customer, cluster and payment look-ups', () => {
    it('casesOfCustomerSince: the customer’s cases received since `since`, without the given one, by id', async () => {
      const since = at(0);
      await insertCases(
        makeCase(1, { customerKey: 'K', receivedAt: at(-10 * 1440) }), // too old
        makeCase(2, { customerKey: 'K', receivedAt: at(300, 1) }),
        makeCase(3, { customerKey: 'K', receivedAt: since }), // exactly `since`
        makeCase(4, { customerKey: 'K2', receivedAt: at(10) }), // another customer
        makeCase(5, { customerKey: 'K', receivedAt: at(400) }), // the excluded one
        makeCase(6, { customerKey: null, receivedAt: at(10) }),
        makeCase(7, { customerKey: 'K', receivedAt: at(0, -1) }), // a millisecond too old
      );
      expect(await s.tx((t) => t.casesOfCustomerSince('K', since, 5))).toEqual([
        { id: 2, receivedAt: at(300, 1) },
        { id: 3, receivedAt: since },
      ]);
      expect(await s.casesOfCustomerSince('K', since, 2)).toEqual([
        { id: 3, receivedAt: since },
        { id: 5, receivedAt: at(400) },
      ]);
      expect(await s.casesOfCustomerSince('K2', since, 99)).toEqual([{ id: 4, receivedAt: at(10) }]);
      expect(await s.casesOfCustomerSince('nobody', since, 99)).toEqual([]);
    });

    it('clusterStats counts the branch and category since `since`: cases, distinct customers, the given one; clusterMembers names them', async () => {
      const since = at(0);
      await insertCases(
        makeCase(1, { branchCode: 'BR01', category: 'atm', receivedAt: at(5), customerKey: 'K1' }),
        makeCase(2, { branchCode: 'BR01', category: 'atm', receivedAt: at(6), customerKey: null, cluster: true }),
        makeCase(3, { branchCode: 'BR01', category: 'atm', receivedAt: at(-1), customerKey: 'K3' }),
        makeCase(4, { branchCode: 'BR02', category: 'atm', receivedAt: at(5), customerKey: 'K1' }),
        makeCase(5, { branchCode: 'BR01', category: 'general', receivedAt: at(5), customerKey: 'K5' }),
        makeCase(6, { branchCode: 'BR01', category: 'atm', receivedAt: since, customerKey: 'K6' }),
        makeCase(7, { branchCode: 'BR01', category: 'atm', receivedAt: at(7), customerKey: 'K1' }),
        makeCase(8, { branchCode: 'BR01', category: 'atm', receivedAt: at(8), customerKey: null }),
      );
      // 1 (K1), 2 (anonymous), 6 (K6, exactly at `since`), 7 (K1 again), 8 (anonymous): 4 customers
      expect(await s.tx((t) => t.clusterStats('BR01', 'atm', since, 'K1'))).toEqual({ cases: 5, customers: 4, includesCustomer: true });
      expect(await s.clusterStats('BR01', 'atm', since, 'K9')).toEqual({ cases: 5, customers: 4, includesCustomer: false });
      expect(await s.clusterStats('BR01', 'atm', since, null)).toEqual({ cases: 5, customers: 4, includesCustomer: false });
      expect(await s.clusterStats('BR01', 'atm', at(-2), 'K3')).toEqual({ cases: 6, customers: 5, includesCustomer: true });
      expect(await s.clusterStats('BR02', 'atm', since, 'K1')).toEqual({ cases: 1, customers: 1, includesCustomer: true });
      expect(await s.clusterStats('BR01', 'media', since, 'K1')).toEqual({ cases: 0, customers: 0, includesCustomer: false });
      // the members: the lowest ids (up to the limit), and those not yet flagged
      expect(await s.tx((t) => t.clusterMembers('BR01', 'atm', since, 10))).toEqual({ ids: [1, 2, 6, 7, 8], unflagged: [1, 6, 7, 8] });
      expect(await s.clusterMembers('BR01', 'atm', since, 2)).toEqual({ ids: [1, 2], unflagged: [1, 6, 7, 8] });
      expect(await s.clusterMembers('BR01', 'atm', at(-2), 10)).toEqual({ ids: [1, 2, 3, 6, 7, 8], unflagged: [1, 3, 6, 7, 8] });
      expect(await s.clusterMembers('BR01', 'media', since, 10)).toEqual({ ids: [], unflagged: [] });
    });

    it('clusterMembers lists the group’s cases not yet flagged as a cluster, in id order', async () => {
      const since = at(0);
      await insertCases(
        makeCase(3, { branchCode: 'BR01', category: 'atm', receivedAt: at(5) }),
        makeCase(1, { branchCode: 'BR01', category: 'atm', receivedAt: at(5), cluster: true }),
        makeCase(2, { branchCode: 'BR01', category: 'atm', receivedAt: at(6) }),
        makeCase(4, { branchCode: 'BR01', category: 'atm', receivedAt: at(-1) }),
        makeCase(5, { branchCode: 'BR02', category: 'atm', receivedAt: at(5) }),
      );
      expect((await s.tx((t) => t.clusterMembers('BR01', 'atm', since, 10))).unflagged).toEqual([2, 3]);
      expect((await s.clusterMembers('BR01', 'atm', at(-2), 10)).unflagged).toEqual([2, 3, 4]);
      expect((await s.clusterMembers('BR01', 'general', since, 10)).unflagged).toEqual([]);
    });

    it('paidTotalFen sums a customer’s payments across cases (0 when none)', async () => {
      expect(await s.paidTotalFen('K')).toBe(0);
      await insertCases(makeCase(1), makeCase(2), makeCase(3));
      await s.tx(async (t) => {
        await t.insertPayment({ caseId: 1, customerKey: 'K', amountFen: 50_000, at: at(1), actor: 'zhang' });
        await t.insertPayment({ caseId: 2, customerKey: 'K', amountFen: 25_050, at: at(2), actor: 'li' });
        expect(await t.paidTotalFen('K')).toBe(75_050);
      });
      await s.insertPayment({ caseId: 3, customerKey: 'K2', amountFen: 100, at: at(3), actor: 'hu' });
      expect(await s.paidTotalFen('K')).toBe(75_050);
      expect(await s.tx((t) => t.paidTotalFen('K2'))).toBe(100);
      expect(await s.paidTotalFen('K3')).toBe(0);
      expect(typeof (await s.paidTotalFen('K'))).toBe('number');
    });
  });

  describe('jobs and processed requests', () => {
    it('claimJob is true once per key, in or across transactions; getJob returns when', async () => {
      const key = 'summary:BR01:2026-12-01';
      expect(await s.getJob(key)).toBeNull();
      expect(await s.tx((t) => t.claimJob(key, at(0, 1), false))).toBe(true);
      expect(await s.tx((t) => t.claimJob(key, at(5), true))).toBe(false);
      expect(await s.claimJob(key, at(6), false)).toBe(false);
      expect(await s.getJob(key)).toEqual({ at: at(0, 1) });
      expect(
        await s.tx(async (t) => [await t.claimJob('prune:2026-12-01', at(1), true), await t.claimJob('prune:2026-12-01', at(2), true)]),
      ).toEqual([true, false]);
      expect(await s.tx((t) => t.getJob('prune:2026-12-01'))).toEqual({ at: at(1) });
      // a job claimed in a transaction that still goes on to commit other writes
      expect(
        await s.tx(async (t) => {
          const again = await t.claimJob(key, at(9), false);
          await t.insertCase(makeCase(1));
          return again;
        }),
      ).toBe(false);
      expect(await s.getCase(1)).not.toBeNull();
    });

    it('processedRequest returns the saved response; pruneProcessedRequests deletes only older ones and counts them', async () => {
      expect(await s.processedRequest('slack:Ev1')).toBeNull();
      const resp = JSON.stringify({ ok: true, text: '已受理 C1："ATM 吞卡"' });
      await s.tx((t) => t.saveProcessedRequest('slack:Ev1', at(-120), resp));
      expect(await s.processedRequest('slack:Ev1')).toBe(resp);
      expect(await s.tx((t) => t.processedRequest('slack:Ev1'))).toBe(resp);
      await s.saveProcessedRequest('slack:Ev2', at(-60, 1), 'two');
      await s.saveProcessedRequest('discord:3', at(0), 'three'); // exactly `before`: kept
      await s.saveProcessedRequest('discord:4', at(60), 'four');
      expect(await s.pruneProcessedRequests(at(0))).toBe(2);
      expect(await s.processedRequest('slack:Ev1')).toBeNull();
      expect(await s.processedRequest('slack:Ev2')).toBeNull();
      expect(await s.processedRequest('discord:3')).toBe('three');
      expect(await s.processedRequest('discord:4')).toBe('four');
      expect(await s.pruneProcessedRequests(at(0))).toBe(0);
      expect(await s.pruneProcessedRequests(at(61))).toBe(2);
      expect(await s.processedRequest('discord:4')).toBeNull();
    });
  });

  describe('request journal', () => {
    it('journals once per key, lists a platform’s requests oldest first, and forgets them', async () => {
      const r = (key: string, platform: string, minute: number, o: Partial<{ text: string; replyTo: string | null }> = {}) => ({
        key,
        at: at(minute, 7),
        platform,
        actor: platform === 'slack' ? 'U024BE7LH' : '80351110224678912',
        text: '/complaint new category=atm 客户"张三"说 ATM 吞卡',
        replyTo: platform === 'slack' ? 'https://hooks.slack.com/commands/T1/2/xyz' : null,
        ...o,
      });
      const r3 = r('slack:3', 'slack', 2);
      const r1 = r('slack:1', 'slack', 0);
      const r2 = r('slack:2', 'slack', 1, { replyTo: null });
      const d1 = r('discord:1', 'discord', -1);
      for (const x of [r3, r1, d1, r2]) await s.journalRequest(x);
      expect(await s.pendingRequests('slack')).toEqual([r1, r2, r3]);
      expect(await s.pendingRequests('discord')).toEqual([d1]);
      expect(await s.pendingRequests('console')).toEqual([]);
      // a second journal of the same key changes nothing
      await s.journalRequest({ ...r1, at: at(-100), text: 'other', replyTo: 'x' });
      await s.journalRequest({ ...r2, platform: 'discord' });
      expect(await s.pendingRequests('slack')).toEqual([r1, r2, r3]);
      expect(await s.pendingRequests('discord')).toEqual([d1]);
      await s.forgetRequest('slack:2');
      await s.forgetRequest('slack:missing');
      expect(await s.pendingRequests('slack')).toEqual([r1, r3]);
      expect(await s.pendingRequests('discord')).toEqual([d1]);
      // forgotten: it may be journalled again
      await s.journalRequest({ ...r2, text: 'again' });
      expect(await s.pendingRequests('slack')).toEqual([r1, { ...r2, text: 'again' }, r3]);
    });
  });

  describe('card refs', () => {
    it('setCardRef inserts, then moves the message of the same case, platform and channel', async () => {
      const byChannel = (xs: { channel: string }[]) => [...xs].sort((a, b) => a.channel.localeCompare(b.channel));
      expect(await s.cardRefs(1, 'slack')).toEqual([]);
      const a = { caseId: 1, platform: 'slack', channel: 'C0BR01', messageId: '1764549000.000100' };
      const b = { caseId: 1, platform: 'slack', channel: 'C0OUT12', messageId: '1764549000.000200' };
      const c = { caseId: 1, platform: 'discord', channel: '1188000000000000001', messageId: '1188000000000000999' };
      const d = { caseId: 2, platform: 'slack', channel: 'C0BR01', messageId: '1764549999.000300' };
      for (const x of [a, b, c, d]) await s.setCardRef(x);
      expect(byChannel(await s.cardRefs(1, 'slack'))).toEqual([a, b]);
      expect(await s.cardRefs(1, 'discord')).toEqual([c]);
      expect(await s.cardRefs(2, 'slack')).toEqual([d]);
      expect(await s.cardRefs(3, 'slack')).toEqual([]);
      const moved = { ...a, messageId: '1764550000.000400' };
      await s.setCardRef(moved);
      expect(byChannel(await s.cardRefs(1, 'slack'))).toEqual([moved, b]);
      expect(await s.cardRefs(2, 'slack')).toEqual([d]);
      expect(await s.cardRefs(1, 'discord')).toEqual([c]);
    });
  });

  describe('caseChoices and ping', () => {
    it('caseChoices: newest first, open or resolved, up to the limit', async () => {
      const cs = [
        makeCase(1, { status: 'open', category: 'atm', unitCode: 'OUT-11', matter: '吞卡', customerName: '张三' }),
        makeCase(2, { status: 'resolved', category: 'waiting', unitCode: 'OUT-12', matter: '排队"太久"', customerName: null }),
        makeCase(3, { status: 'on_site', category: 'cutover', unitCode: 'OUT-11', matter: '切换后余额不符', customerName: "O'Neil" }),
        makeCase(4, { status: 'resolved', category: 'general', unitCode: 'OUT-31', matter: '态度', customerName: '王五' }),
        makeCase(5, { status: 'reopened', category: 'claim', unitCode: 'OUT-12', matter: '要求赔偿', customerName: '赵六' }),
        makeCase(6, { status: 'replied', category: 'media', unitCode: 'OUT-11', matter: '扬言曝光', customerName: null }),
      ];
      await insertCases(...cs);
      const choice = (c: CaseRecord) => pick(c, ['id', 'category', 'unitCode', 'matter', 'customerName'] as const);
      expect(await s.caseChoices(false, 10)).toEqual([cs[5], cs[4], cs[2], cs[0]].map(choice));
      expect(await s.caseChoices(false, 2)).toEqual([cs[5], cs[4]].map(choice));
      expect(await s.caseChoices(true, 10)).toEqual([cs[3], cs[1]].map(choice));
      expect(await s.caseChoices(true, 1)).toEqual([cs[3]].map(choice));
      await s.tx((t) => t.updateCase(6, 0, { status: 'resolved' }));
      expect(idsOf(await s.caseChoices(true, 10))).toEqual([6, 4, 2]);
      expect(idsOf(await s.caseChoices(false, 10))).toEqual([5, 3, 1]);
    });

    it('caseChoices is empty without cases; ping resolves', async () => {
      expect(await s.caseChoices(false, 10)).toEqual([]);
      expect(await s.caseChoices(true, 10)).toEqual([]);
      await expect(s.ping()).resolves.toBeUndefined();
    });
  });
});
