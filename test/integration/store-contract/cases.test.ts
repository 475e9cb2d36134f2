/** Store contract (harness.ts): case numbers, cases and their timeline. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord, TimelineData, TimelineRecord } from '../../../src/core/domain/case.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { at, makeCase, POLICY } from '../../helpers/records.ts';
import { byId, rawRows, storeContract, timelineFields } from './harness.ts';

storeContract('cases', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });
  const { insertCases } = x;

  describe('nextCaseId', () => {
    it('counts 1, 2, 3 … across transactions and within one', async () => {
      expect(await s.tx((t) => t.nextCaseId())).toBe(1);
      expect(await s.tx((t) => t.nextCaseId())).toBe(2);
      expect(await s.tx(async (t) => [await t.nextCaseId(), await t.nextCaseId()])).toEqual([3, 4]);
      expect(await s.tx((t) => t.nextCaseId())).toBe(5);
    });

    it('gives a number back when its transaction throws', async () => {
      expect(await s.tx((t) => t.nextCaseId())).toBe(1);
      let inside = 0;
      await expect(
        s.tx(async (t) => {
          inside = await t.nextCaseId();
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(inside).toBe(2);
      expect(await s.tx((t) => t.nextCaseId())).toBe(2);
      expect(await s.tx((t) => t.nextCaseId())).toBe(3);
    });
  });

  describe('cases', () => {
    const rich = makeCase(1, {
      receivedAt: new Date('2026-12-01T00:30:00.123Z'),
      intake: 'minxin',
      customerName: '李"四"·O\'Brien',
      customerPhone: '+86 139-0000-1111',
      customerKey: 'cust-13900001111',
      vip: true,
      unitCode: 'OUT-12',
      branchCode: 'BR01',
      category: 'cross_province',
      matter: '客户称"系统切换后"转账失败，\'余额\'不符 \\ 要求说明；emoji 🙂',
      request: '退还手续费 ¥20.00，并书面道歉',
      cutover: true,
      openerHandle: 'zhang',
      ownerHandle: 'li',
      handlerHandle: 'hu',
      status: 'reopened',
      level: 'branch',
      levelUnitCode: 'BR01',
      levelSince: new Date('2026-12-01T01:02:03.456Z'),
      mediaThreat: true,
      repeat: false,
      skipLevel: true,
      cluster: false,
      crossProvince: true,
      claim: false,
      aggressive: true,
      transferred: false,
      lateTransfer: true,
      escalated: true,
      escalatedAt: new Date('2026-12-01T01:02:03.999Z'),
      escalationReasons: ['skip_level', 'media', 'cross_province'],
      breached: false,
      responsibility: 'shared',
      validity: 'special',
      statClass: 'complaint',
      resolvedAt: new Date('2026-12-02T09:59:59.001Z'),
      version: 7,
      updatedAt: new Date('2026-12-02T10:00:00.002Z'),
    });
    // every nullable field null, every flag the other way round
    const sparse = makeCase(2, {
      customerName: null,
      customerPhone: null,
      customerKey: null,
      vip: false,
      request: null,
      cutover: false,
      handlerHandle: null,
      mediaThreat: false,
      repeat: true,
      skipLevel: false,
      cluster: true,
      crossProvince: false,
      claim: true,
      aggressive: false,
      transferred: true,
      lateTransfer: false,
      escalated: false,
      escalatedAt: null,
      escalationReasons: [],
      breached: true,
      responsibility: null,
      validity: null,
      statClass: null,
      resolvedAt: null,
    });

    it('insertCase / getCase round-trips every field (dates to the millisecond, booleans, nulls, text)', async () => {
      const inTx = await s.tx(async (t) => {
        await t.insertCase(rich);
        await t.insertCase(sparse);
        return [await t.getCase(1), await t.getCase(2)];
      });
      expect(inTx).toEqual([rich, sparse]);
      const [a, b] = [await s.getCase(1), await s.getCase(2)];
      expect(a).toEqual(rich);
      expect(b).toEqual(sparse);
      for (const k of ['receivedAt', 'levelSince', 'escalatedAt', 'resolvedAt', 'updatedAt'] as const) {
        expect(a![k]).toBeInstanceOf(Date);
        expect((a![k] as Date).getTime()).toBe((rich[k] as Date).getTime());
      }
      expect(a!.vip).toBe(true);
      expect(b!.vip).toBe(false);
      expect(a!.policy).toEqual(POLICY);
    });

    it('getCase of a missing id is null; getCases returns the ones that exist', async () => {
      expect(await s.getCase(1)).toBeNull();
      await insertCases(rich, sparse, makeCase(3));
      expect(await s.getCase(4)).toBeNull();
      expect(byId(await s.getCases([2, 99, 1]))).toEqual([rich, sparse]);
      expect(await s.getCases([3])).toEqual([makeCase(3)]);
      expect(await s.getCases([])).toEqual([]);
      expect(await s.getCases([98, 99])).toEqual([]);
      expect(byId(await s.tx((t) => t.getCases([3, 1])))).toEqual([rich, makeCase(3)]);
    });

    it('updateCase applies the patch and bumps the version when the version matches', async () => {
      await insertCases(makeCase(1), makeCase(2, { version: 5 }));
      const p1 = { status: 'on_site' as const, handlerHandle: 'hu', updatedAt: at(10, 7) };
      expect(await s.tx((t) => t.updateCase(1, 0, p1))).toBe(true);
      expect(await s.getCase(1)).toEqual({ ...makeCase(1), ...p1, version: 1 });
      expect(await s.tx((t) => t.updateCase(2, 5, { matter: '改："新"说明' }))).toBe(true);
      expect(await s.getCase(2)).toEqual({ ...makeCase(2), matter: '改："新"说明', version: 6 });
      // outside a transaction too
      expect(await s.updateCase(2, 6, { vip: true })).toBe(true);
      expect((await s.getCase(2))!.version).toBe(7);
    });

    it('updateCase with a stale version returns false and changes nothing', async () => {
      await insertCases(makeCase(1));
      expect(await s.tx((t) => t.updateCase(1, 0, { status: 'on_site', updatedAt: at(5) }))).toBe(true);
      const now = await s.getCase(1);
      expect(await s.tx((t) => t.updateCase(1, 0, { status: 'resolved', resolvedAt: at(9), vip: true, updatedAt: at(9) }))).toBe(false);
      expect(await s.tx((t) => t.updateCase(1, 2, { status: 'resolved' }))).toBe(false);
      expect(await s.getCase(1)).toEqual(now);
      expect(now!.version).toBe(1);
      expect(await s.tx((t) => t.updateCase(42, 0, { status: 'resolved' }))).toBe(false);
      expect(await s.getCase(42)).toBeNull();
    });

    it('updateCase round-trips Date, boolean and null fields of a patch', async () => {
      await insertCases(rich);
      const patch: Partial<CaseRecord> = {
        status: 'resolved',
        resolvedAt: new Date('2026-12-03T04:05:06.789Z'),
        escalatedAt: null,
        escalationReasons: [],
        handlerHandle: null,
        customerName: null,
        vip: false,
        mediaThreat: false,
        breached: true,
        repeat: true,
        responsibility: 'at_fault',
        validity: 'valid',
        statClass: 'consultation',
        levelSince: new Date('2026-12-03T00:00:00.001Z'),
        updatedAt: new Date('2026-12-03T04:05:06.790Z'),
      };
      expect(await s.tx((t) => t.updateCase(1, 7, patch))).toBe(true);
      const got = await s.getCase(1);
      expect(got).toEqual({ ...rich, ...patch, version: 8 });
      expect(got!.resolvedAt!.getTime()).toBe(Date.parse('2026-12-03T04:05:06.789Z'));
      expect(got!.vip).toBe(false);
      expect(got!.breached).toBe(true);
      // and back again
      expect(await s.tx((t) => t.updateCase(1, 8, { resolvedAt: null, vip: true, escalationReasons: ['manual'] }))).toBe(true);
      expect(await s.getCase(1)).toEqual({ ...rich, ...patch, resolvedAt: null, vip: true, escalationReasons: ['manual'], version: 9 });
    });

    it('flagBreached sets breached, moves the version (old versions then fail) and sets updatedAt', async () => {
      await insertCases(makeCase(1), makeCase(2, { version: 3 }), makeCase(3));
      const now = at(300, 321);
      await s.tx((t) => t.flagBreached([1, 2], now));
      expect(await s.getCase(1)).toEqual({ ...makeCase(1), breached: true, version: 1, updatedAt: now });
      expect(await s.getCase(2)).toEqual({ ...makeCase(2), breached: true, version: 4, updatedAt: now });
      expect(await s.getCase(3)).toEqual(makeCase(3));
      expect(await s.tx((t) => t.updateCase(1, 0, { status: 'on_site' }))).toBe(false);
      expect(await s.tx((t) => t.updateCase(2, 3, { status: 'on_site' }))).toBe(false);
      // an idempotent flag: flagging again keeps it set, and the version still moves
      await s.tx((t) => t.flagBreached([1], at(400)));
      expect(await s.getCase(1)).toEqual({ ...makeCase(1), breached: true, version: 2, updatedAt: at(400) });
      expect(await s.tx((t) => t.updateCase(1, 2, { status: 'on_site' }))).toBe(true);
      await s.tx((t) => t.flagBreached([], at(500)));
      expect((await s.getCase(3))!.version).toBe(0);
    });
  });

  describe('timeline', () => {
    it('returns a case’s entries in insertion order with every field', async () => {
      await insertCases(makeCase(1), makeCase(2));
      const e = (caseId: number, minute: number, action: string, text: string | null, data: TimelineData | null): TimelineRecord => ({
        caseId,
        at: at(minute, 5),
        actor: caseId === 1 ? 'zhang' : 'li',
        action,
        text,
        data,
      });
      const e1 = e(1, 10, 'assigned', '受理："ATM 吞卡"', { handle: 'hu', from: 'OUT-11' });
      const e2 = e(1, 5, 'assign', null, null); // an earlier instant, inserted later: order is insertion order
      const f1 = e(2, 1, 'new', 'it\'s "quoted"', null);
      const e3 = e(1, 20, 'resolve', '已解决', { fault: 'shared', valid: true });
      await s.tx(async (t) => {
        await t.appendTimeline([e1, e2]);
        await t.appendTimeline([f1]);
        await t.appendTimeline([]);
      });
      await s.tx((t) => t.appendTimeline([e3]));
      expect((await s.timeline(1)).map(timelineFields)).toEqual([e1, e2, e3]);
      expect((await s.tx((t) => t.timeline(2))).map(timelineFields)).toEqual([f1]);
      expect(await s.timeline(3)).toEqual([]);
      const got = await s.timeline(1);
      expect(got[0].at).toBeInstanceOf(Date);
      expect(got[0].at.getTime()).toBe(e1.at.getTime());
    });
  });

  describe('encodings: domain values ⇄ the schema text columns (src/db/shared/encodings.ts)', () => {
    const stored = async () =>
      (await rawRows(x.url, `SELECT id, "escalationNote", policy FROM "Case" ORDER BY id`)).map((r) => ({
        id: Number(r.id),
        escalationNote: r.escalationNote,
        policy: JSON.parse(String(r.policy)),
      }));

    it('escalation reasons: a list in order ⇄ `|`-joined, none ⇄ NULL; the policy: an object ⇄ JSON', async () => {
      const policy = { ...POLICY, windows: { ...POLICY.windows, reply: 180 }, reminderFraction: 0.75, repeatMax: 2 };
      const none = makeCase(1, { escalationReasons: [], policy });
      const one = makeCase(2, { escalated: true, escalatedAt: at(3), escalationReasons: ['manual'] });
      const several = makeCase(3, { escalated: true, escalatedAt: at(4), escalationReasons: ['skip_level', 'media', 'breach'] });
      await insertCases(none, one, several);
      expect(byId(await s.getCases([3, 2, 1]))).toEqual([none, one, several]);
      expect((await s.getCase(1))!.policy).toEqual(policy);
      expect(await stored()).toEqual([
        { id: 1, escalationNote: null, policy },
        { id: 2, escalationNote: 'manual', policy: POLICY },
        { id: 3, escalationNote: 'skip_level|media|breach', policy: POLICY },
      ]);
      // a patch writes the same encodings: reasons added in order, or cleared back to NULL; a new policy
      expect(await s.tx((t) => t.updateCase(1, 0, { escalationReasons: ['cluster', 'repeat'], policy: POLICY }))).toBe(true);
      expect(await s.tx((t) => t.updateCase(3, 0, { escalationReasons: [] }))).toBe(true);
      expect((await s.listCases({})).map((c) => [c.id, c.escalationReasons, c.policy])).toEqual([
        [1, ['cluster', 'repeat'], POLICY],
        [2, ['manual'], POLICY],
        [3, [], POLICY],
      ]);
      expect((await stored()).map((r) => [r.id, r.escalationNote])).toEqual([
        [1, 'cluster|repeat'],
        [2, 'manual'],
        [3, null],
      ]);
      // a patch without them leaves them as they are
      expect(await s.tx((t) => t.updateCase(2, 0, { status: 'on_site' }))).toBe(true);
      expect(await s.getCase(2)).toEqual({ ...one, status: 'on_site', version: 1 });
    });

    it('timeline data: an object (lists, numbers, flags) ⇄ JSON text, none ⇄ NULL, read alike by timeline() and caseDetails()', async () => {
      await insertCases(makeCase(1));
      const data: TimelineData = {
        reasons: ['cluster', 'media'],
        trigger: 'C7',
        amountFen: 300_000,
        amount: '3000',
        valid: false,
        deadline: 'reply',
        stage: 'repeat2',
      };
      const entries: TimelineRecord[] = [
        { caseId: 1, at: at(1), actor: 'bot', action: 'escalated', text: '同类投诉：C1、C7', data },
        { caseId: 1, at: at(2), actor: 'zhang', action: 'noted', text: '客户来电', data: null },
        { caseId: 1, at: at(3), actor: 'bot', action: 'breached', text: null, data: { deadline: 'onsite', stage: 'breach' } },
      ];
      await s.tx((t) => t.appendTimeline(entries));
      expect((await s.timeline(1)).map(timelineFields)).toEqual(entries);
      expect((await s.caseDetails([1])).timeline.map(timelineFields)).toEqual(entries);
      const raw = await rawRows(x.url, `SELECT data FROM "TimelineEntry" ORDER BY id`);
      expect(raw.map((r) => (r.data == null ? null : JSON.parse(String(r.data))))).toEqual([
        data,
        null,
        { deadline: 'onsite', stage: 'breach' },
      ]);
    });
  });
});
