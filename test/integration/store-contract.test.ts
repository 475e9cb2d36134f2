/**
 * The Store port's contract (src/core/ports/): the same scenarios against every implementation listed in
 * test/helpers/stores.ts, each test on a fresh, empty, migrated database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord, DeadlineKind, DeadlineRecord, NewDeadline, OutboxInput, TimelineRecord } from '../../src/core/domain/case.ts';
import type { Store, SummaryAggregates } from '../../src/core/ports/store.ts';
import { pgUnreachable } from '../helpers/pg.ts';
import { STORE_KINDS, type OpenStore } from '../helpers/stores.ts';
import { at, makeCase, POLICY, T0 } from '../helpers/records.ts';

const pgDown = STORE_KINDS.some((k) => k.needsPg) ? await pgUnreachable() : null;
if (pgDown) console.warn(`Store contract on PostgreSQL skipped: server not reachable (${pgDown})`);

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

/** 2026-12-01 at hh:mm UTC */
const utc = (hhmm: string): Date => new Date(`2026-12-01T${hhmm}:00.000Z`);

function dl(caseId: number, kind: DeadlineKind, o: Partial<NewDeadline> = {}): NewDeadline {
  return {
    caseId,
    kind,
    generation: 0,
    startAt: T0,
    dueAt: at(60),
    state: 'pending',
    completedAt: null,
    breachedAt: null,
    nextStage: 'reminder',
    nextFireAt: at(48),
    repeatsSent: 0,
    ...o,
  };
}

function msg(key: string, o: Partial<OutboxInput> = {}): OutboxInput {
  return {
    key,
    at: T0,
    kind: 'update',
    caseId: 1,
    toUnit: 'BR01',
    toHandle: null,
    payload: { text: `${key}：C1 已到场`, mentions: ['zhang'] },
    ...o,
  };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
const DEADLINE_KEYS = ['id', 'caseId', 'kind', 'generation', 'startAt', 'dueAt', 'state', 'completedAt', 'breachedAt', 'nextStage', 'nextFireAt', 'repeatsSent'] as const;
const TIMELINE_KEYS = ['caseId', 'at', 'actor', 'action', 'text', 'data'] as const;
const OUTBOX_KEYS = ['id', 'key', 'at', 'kind', 'caseId', 'toUnit', 'toHandle', 'payload', 'attempts', 'delivered', 'nextAttemptAt', 'leaseUntil', 'leaseOwner'] as const;
/** only the port's fields (implementations may carry more columns) */
const deadlineFields = (d: DeadlineRecord): DeadlineRecord => pick(d, DEADLINE_KEYS);
const timelineFields = (e: TimelineRecord): TimelineRecord => pick(e, TIMELINE_KEYS);
const byId = <T extends { id: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id - b.id);
const idsOf = (xs: { id: number }[]): number[] => xs.map((x) => x.id);
const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------------------------

describe.each(STORE_KINDS)('Store contract: $name', (kind) => {
  const skipped = !!kind.needsPg && pgDown !== null;
  describe.skipIf(skipped)(skipped ? `skipped: PostgreSQL unreachable (${pgDown})` : 'on an empty database', () => {
    let handle: OpenStore | undefined;
    let s: Store;
    beforeEach(async () => {
      handle = await kind.open();
      s = handle.store;
    });
    afterEach(async () => {
      await handle?.close();
      handle = undefined;
    });

    const insertCases = (...cs: CaseRecord[]) =>
      s.tx(async (t) => {
        for (const c of cs) await t.insertCase(c);
      });
    /** inserts deadlines (one transaction) and returns them as stored, with their ids, in id order */
    const insertDeadlines = async (ds: NewDeadline[]): Promise<DeadlineRecord[]> => {
      const caseIds = [...new Set(ds.map((d) => d.caseId))];
      const before = new Set(idsOf(await s.deadlinesOf(caseIds)));
      await s.tx((t) => t.insertDeadlines(ds));
      return (await s.deadlinesOf(caseIds)).filter((d) => !before.has(d.id)).map(deadlineFields);
    };
    const pending = async () => (await s.pendingOutbox(1000)).map((m) => pick(m, OUTBOX_KEYS));
    const pendingOne = async (id: number) => (await pending()).find((m) => m.id === id);

    // ------------------------------------------------------------------------------------------ case numbers

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

    // ------------------------------------------------------------------------------------------ cases

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
        escalationNote: 'skip_level|media|cross_province',
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
        escalationNote: null,
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
        expect(JSON.parse(a!.policy)).toEqual(POLICY);
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
          escalationNote: null,
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
        expect(await s.tx((t) => t.updateCase(1, 8, { resolvedAt: null, vip: true, escalationNote: 'manual' }))).toBe(true);
        expect(await s.getCase(1)).toEqual({ ...rich, ...patch, resolvedAt: null, vip: true, escalationNote: 'manual', version: 9 });
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

    // ------------------------------------------------------------------------------------------ timeline

    describe('timeline', () => {
      it('returns a case’s entries in insertion order with every field', async () => {
        await insertCases(makeCase(1), makeCase(2));
        const e = (caseId: number, minute: number, action: string, text: string | null, data: string | null): TimelineRecord => ({
          caseId,
          at: at(minute, 5),
          actor: caseId === 1 ? 'zhang' : 'li',
          action,
          text,
          data,
        });
        const e1 = e(1, 10, 'new', '受理："ATM 吞卡"', JSON.stringify({ channel: 'walk_in' }));
        const e2 = e(1, 5, 'assign', null, null); // an earlier instant, inserted later: order is insertion order
        const f1 = e(2, 1, 'new', 'it\'s "quoted"', null);
        const e3 = e(1, 20, 'resolve', '已解决', '{"fault":"shared"}');
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

    // ------------------------------------------------------------------------------------------ deadlines

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
        const ds2 = [dl(2, 'transfer', { nextStage: 'repeat2', nextFireAt: at(90) }), dl(1, 'report', { state: 'cancelled', nextStage: null, nextFireAt: null })];
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
          t.claimStages([d1.id, d4.id], { stage: 'breach', fireAt: T3 }, { stage: null, fireAt: null, patch: { state: 'done', completedAt: at(61, 15) } }),
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

    // ------------------------------------------------------------------------------------------ outbox: enqueue

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
            stats: { received: 4, open: 2, resolved: 2, not_counted: 1, consultation: 1, complaint: 2, overdue: 2, escalated: 2 },
            summary: { nested: [1, 'two', { three: null }] },
          },
        });
        const m3 = msg('dm:hu:1', { kind: 'reminder', at: at(1, 3), caseId: 1, toUnit: null, toHandle: 'hu', payload: { text: '提醒', mentions: ['hu'], late: false } });
        await s.tx((t) => t.enqueue([m1, m2]));
        await s.tx(async (t) => {
          await t.enqueue([m3]);
          await t.enqueue([]);
        });
        const got = await pending();
        expect(got).toHaveLength(3);
        const ids = idsOf(got);
        expect(ids[0] < ids[1] && ids[1] < ids[2]).toBe(true);
        const fresh = (m: OutboxInput, id: number) => ({ ...m, id, attempts: 0, delivered: [], nextAttemptAt: m.at, leaseUntil: null, leaseOwner: null });
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

    // ------------------------------------------------------------------------------------------ outbox: delivery

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

    // ------------------------------------------------------------------------------------------ look-ups

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

      it('clusterStats counts the branch and category since `since`: cases, distinct customers, the given one, lowest ids', async () => {
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
        expect(await s.tx((t) => t.clusterStats('BR01', 'atm', since, 'K1', 10))).toEqual({ cases: 5, customers: 4, includesCustomer: true, ids: [1, 2, 6, 7, 8] });
        expect(await s.clusterStats('BR01', 'atm', since, 'K9', 2)).toEqual({ cases: 5, customers: 4, includesCustomer: false, ids: [1, 2] });
        expect(await s.clusterStats('BR01', 'atm', since, null, 10)).toMatchObject({ customers: 4, includesCustomer: false });
        expect(await s.clusterStats('BR01', 'atm', at(-2), 'K3', 10)).toEqual({ cases: 6, customers: 5, includesCustomer: true, ids: [1, 2, 3, 6, 7, 8] });
        expect(await s.clusterStats('BR02', 'atm', since, 'K1', 10)).toEqual({ cases: 1, customers: 1, includesCustomer: true, ids: [4] });
        expect(await s.clusterStats('BR01', 'media', since, 'K1', 10)).toEqual({ cases: 0, customers: 0, includesCustomer: false, ids: [] });
      });

      it('unflaggedClusterCases: the group’s cases not yet flagged as a cluster, in id order', async () => {
        const since = at(0);
        await insertCases(
          makeCase(3, { branchCode: 'BR01', category: 'atm', receivedAt: at(5) }),
          makeCase(1, { branchCode: 'BR01', category: 'atm', receivedAt: at(5), cluster: true }),
          makeCase(2, { branchCode: 'BR01', category: 'atm', receivedAt: at(6) }),
          makeCase(4, { branchCode: 'BR01', category: 'atm', receivedAt: at(-1) }),
          makeCase(5, { branchCode: 'BR02', category: 'atm', receivedAt: at(5) }),
        );
        expect(await s.tx((t) => t.unflaggedClusterCases('BR01', 'atm', since))).toEqual([2, 3]);
        expect(await s.unflaggedClusterCases('BR01', 'atm', at(-2))).toEqual([2, 3, 4]);
        expect(await s.unflaggedClusterCases('BR01', 'general', since)).toEqual([]);
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

    // ------------------------------------------------------------------------------------------ jobs, requests

    describe('jobs and processed requests', () => {
      it('claimJob is true once per key, in or across transactions; getJob returns when', async () => {
        const key = 'summary:BR01:2026-12-01';
        expect(await s.getJob(key)).toBeNull();
        expect(await s.tx((t) => t.claimJob(key, at(0, 1), false))).toBe(true);
        expect(await s.tx((t) => t.claimJob(key, at(5), true))).toBe(false);
        expect(await s.claimJob(key, at(6), false)).toBe(false);
        expect(await s.getJob(key)).toEqual({ at: at(0, 1) });
        expect(await s.tx(async (t) => [await t.claimJob('prune:2026-12-01', at(1), true), await t.claimJob('prune:2026-12-01', at(2), true)])).toEqual([true, false]);
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

    // ------------------------------------------------------------------------------------------ transactions

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
            seenInside = [(await t.getCase(id))?.id, (await t.timeline(id)).length, (await t.deadlines(id)).length, await t.paidTotalFen('K')];
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

    // ------------------------------------------------------------------------------------------ listCases

    describe('listCases', () => {
      const T = (h: number) => at(h * 60);
      const cases = [
        makeCase(1, { unitCode: 'OUT-11', ownerHandle: 'zhang', openerHandle: 'zhang', handlerHandle: null, status: 'open', receivedAt: T(0) }),
        makeCase(2, { unitCode: 'OUT-12', ownerHandle: 'li', openerHandle: 'wang', handlerHandle: 'zhang', status: 'resolved', resolvedAt: T(2), receivedAt: T(1) }),
        makeCase(3, { unitCode: 'OUT-11', ownerHandle: 'li', openerHandle: 'zhang', handlerHandle: 'hu', status: 'on_site', receivedAt: T(2) }),
        makeCase(4, { unitCode: 'OUT-31', branchCode: 'BR02', ownerHandle: 'hu', openerHandle: 'hu', status: 'reopened', receivedAt: T(3) }),
        makeCase(5, { unitCode: 'OUT-11', ownerHandle: 'chen', openerHandle: 'chen', status: 'resolved', resolvedAt: T(5), receivedAt: T(4) }),
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
        expect(idsOf(await s.listCases({ receivedFrom: T(0), receivedTo: T(4), status: 'open', unitCodes: ['OUT-11', 'OUT-31'] }))).toEqual([1, 3, 4]);
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

    // ------------------------------------------------------------------------------------------ summaries

    describe('summaryAggregates', () => {
      const from = new Date('2026-11-30T16:00:00.000Z'); // 2026-12-01 00:00 Asia/Shanghai
      const to = new Date('2026-12-01T16:00:00.000Z');
      const asOf = utc('12:00'); // 20:00 local
      const q = { unitCodes: ['OUT-11', 'OUT-12'], from, to, asOf, listLimit: 10 };

      const seed = async () => {
        const c = (id: number, o: Partial<CaseRecord>) => makeCase(id, { statClass: null, ...o });
        await s.tx(async (t) => {
          for (const x of [
            c(1, { unitCode: 'OUT-11', category: 'general', receivedAt: utc('01:00'), status: 'resolved', resolvedAt: utc('02:00'), responsibility: 'not_at_fault' }),
            c(2, {
              unitCode: 'OUT-11',
              category: 'general',
              receivedAt: utc('01:30'),
              transferred: true,
              lateTransfer: true,
              status: 'resolved',
              resolvedAt: utc('13:00'), // after asOf: still open as of then
              responsibility: 'at_fault',
              ownerHandle: 'zhang',
              handlerHandle: 'he',
            }),
            c(3, {
              unitCode: 'OUT-11',
              category: 'atm',
              receivedAt: utc('02:00'),
              skipLevel: true,
              escalated: true,
              escalatedAt: utc('02:05'),
              escalationNote: 'skip_level|media',
              status: 'on_site',
              ownerHandle: 'li',
              handlerHandle: 'hu',
            }),
            c(4, {
              unitCode: 'OUT-12',
              category: 'atm',
              receivedAt: utc('03:00'),
              repeat: true,
              breached: true,
              escalated: true,
              escalatedAt: utc('13:00'), // after asOf
              escalationNote: 'breach',
              status: 'replied',
              ownerHandle: 'hu',
              handlerHandle: null,
            }),
            c(5, {
              unitCode: 'OUT-12',
              category: 'transaction',
              receivedAt: utc('04:00'),
              transferred: true,
              escalated: true,
              escalatedAt: utc('04:30'),
              escalationNote: 'repeat',
              status: 'resolved',
              resolvedAt: utc('05:00'),
              responsibility: 'shared',
            }),
            c(6, { unitCode: 'OUT-12', category: 'transaction', receivedAt: utc('05:00'), status: 'resolved', resolvedAt: utc('06:00'), responsibility: 'shared' }),
            c(7, { unitCode: 'OUT-11', category: 'general', receivedAt: utc('06:00'), status: 'resolved', resolvedAt: asOf, responsibility: null }),
            c(8, { unitCode: 'OUT-12', category: 'waiting', receivedAt: from, status: 'open', ownerHandle: 'chen', handlerHandle: 'wang' }),
            // out of scope: another unit, just before `from`, exactly at `to`
            c(9, { unitCode: 'OUT-31', branchCode: 'BR02', category: 'general', receivedAt: utc('03:00'), lateTransfer: true, escalated: true, escalatedAt: utc('03:00'), escalationNote: 'media', ownerHandle: 'hu' }),
            c(10, { unitCode: 'OUT-11', category: 'general', receivedAt: new Date(from.getTime() - 1), resolvedAt: utc('01:00'), status: 'resolved', responsibility: 'at_fault' }),
            c(11, { unitCode: 'OUT-12', category: 'general', receivedAt: to, lateTransfer: true, escalated: true, escalatedAt: utc('11:00'), escalationNote: 'manual' }),
          ])
            await t.insertCase(x);
          // deadlines of cases inserted in this transaction
          await t.insertDeadlines([
            dl(1, 'onsite', { dueAt: utc('01:30'), state: 'done', completedAt: utc('01:20') }), // on time
            dl(1, 'reply', { dueAt: utc('01:45'), state: 'done', completedAt: utc('02:00') }), // late
            dl(2, 'onsite', { dueAt: utc('01:50'), state: 'done', completedAt: utc('01:50') }), // on time, to the ms
            dl(2, 'reply', { dueAt: utc('05:30') }), // overdue
            dl(3, 'oral_loss_report', { dueAt: utc('03:00') }), // overdue (but doesn't make the case overdue)
            dl(3, 'report', { dueAt: new Date('2026-12-02T00:00:00.000Z') }), // open
            dl(4, 'start', { dueAt: utc('11:00') }), // overdue
            dl(4, 'onsite', { dueAt: utc('03:30'), state: 'cancelled' }), // counted nowhere
            dl(9, 'onsite', { dueAt: utc('03:30'), state: 'done', completedAt: utc('04:00') }), // other unit: late
          ]);
        });
        // deadlines of cases inserted by an earlier transaction
        await s.tx((t) =>
          t.insertDeadlines([
            dl(5, 'transfer', { dueAt: utc('04:30'), state: 'done', completedAt: utc('04:10') }), // on time
            dl(8, 'transfer', { dueAt: utc('00:00') }), // overdue (but doesn't make the case overdue)
            dl(8, 'reply', { dueAt: asOf }), // due exactly at asOf: open, not overdue
            dl(10, 'reply', { dueAt: utc('02:00') }), // before `from`
            dl(11, 'onsite', { dueAt: utc('17:00') }), // at `to`
          ]),
        );
      };

      const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n !== 0));
      const normal = (a: SummaryAggregates) => ({
        ...a,
        byUnitCategory: [...a.byUnitCategory].sort((x, y) => `${x.unit}/${x.category}`.localeCompare(`${y.unit}/${y.category}`)),
        byFlags: [...a.byFlags].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
        deadlines: { on_time: nonZero(a.deadlines.on_time), late: nonZero(a.deadlines.late), overdue: nonZero(a.deadlines.overdue), open: nonZero(a.deadlines.open) },
      });
      const flags = (o: Partial<SummaryAggregates['byFlags'][number]>, count: number) => ({
        skipLevel: false,
        repeat: false,
        breached: false,
        lateTransfer: false,
        escalated: false,
        transferred: false,
        ...o,
        count,
      });

      it('counts a known day: units × categories, flags, resolutions, lists and deadline outcomes', async () => {
        await seed();
        const a = await s.summaryAggregates(q);
        const expected = {
          byUnitCategory: [
            { unit: 'OUT-11', category: 'atm', count: 1 },
            { unit: 'OUT-11', category: 'general', count: 3 },
            { unit: 'OUT-12', category: 'atm', count: 1 },
            { unit: 'OUT-12', category: 'transaction', count: 2 },
            { unit: 'OUT-12', category: 'waiting', count: 1 },
          ],
          byFlags: [
            flags({}, 4), // 1, 6, 7, 8
            flags({ transferred: true, lateTransfer: true }, 1), // 2
            flags({ skipLevel: true, escalated: true }, 1), // 3
            flags({ repeat: true, breached: true, escalated: true }, 1), // 4
            flags({ transferred: true, escalated: true }, 1), // 5
          ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
          resolved: 4, // 1, 5, 6, 7 (7 exactly at asOf); 2 only after asOf
          byResponsibility: { not_at_fault: 1, shared: 2 },
          escalations: [
            { id: 3, reasons: ['skip_level', 'media'] },
            { id: 5, reasons: ['repeat'] },
          ],
          openCases: [
            { id: 2, receivedAt: utc('01:30'), ownerHandle: 'zhang', handlerHandle: 'he', overdue: true },
            { id: 3, receivedAt: utc('02:00'), ownerHandle: 'li', handlerHandle: 'hu', overdue: false },
            { id: 4, receivedAt: utc('03:00'), ownerHandle: 'hu', handlerHandle: null, overdue: true },
            { id: 8, receivedAt: from, ownerHandle: 'chen', handlerHandle: 'wang', overdue: false },
          ],
          lateTransfers: [2],
          deadlines: {
            on_time: { onsite: 2, transfer: 1 },
            late: { reply: 1 },
            overdue: { reply: 1, oral_loss_report: 1, start: 1, transfer: 1 },
            open: { report: 1, reply: 1 },
          },
        };
        expect(normal(a)).toEqual(expected);
        for (const o of a.openCases) expect(o.receivedAt).toBeInstanceOf(Date);
        for (const r of a.byUnitCategory) expect(typeof r.count).toBe('number');
        for (const r of a.byFlags) expect(typeof r.count).toBe('number');
        expect(typeof a.resolved).toBe('number');

        // the lists stop at listLimit (lowest ids first); the counts don't
        const one = normal(await s.summaryAggregates({ ...q, listLimit: 1 }));
        expect(one).toEqual({ ...expected, escalations: [expected.escalations[0]], openCases: [expected.openCases[0]] });
      });

      it('counts nothing for no units (and does not send `IN ()` to the database)', async () => {
        await seed();
        expect(normal(await s.summaryAggregates({ ...q, unitCodes: [] }))).toEqual({
          byUnitCategory: [],
          byFlags: [],
          resolved: 0,
          byResponsibility: {},
          escalations: [],
          openCases: [],
          lateTransfers: [],
          deadlines: { on_time: {}, late: {}, overdue: {}, open: {} },
        });
      });

      it('counts only the units asked for', async () => {
        await seed();
        expect(normal(await s.summaryAggregates({ ...q, unitCodes: ['OUT-31'] }))).toEqual({
          byUnitCategory: [{ unit: 'OUT-31', category: 'general', count: 1 }],
          byFlags: [flags({ lateTransfer: true, escalated: true }, 1)],
          resolved: 0,
          byResponsibility: {},
          escalations: [{ id: 9, reasons: ['media'] }],
          openCases: [{ id: 9, receivedAt: utc('03:00'), ownerHandle: 'hu', handlerHandle: null, overdue: false }],
          lateTransfers: [9],
          deadlines: { on_time: {}, late: { onsite: 1 }, overdue: {}, open: {} },
        });
        // a later asOf: case 2 resolved by then, its reply still overdue, case 8's reply now overdue too
        const later = normal(await s.summaryAggregates({ ...q, unitCodes: ['OUT-11', 'OUT-12'], asOf: utc('14:00') }));
        expect(later.resolved).toBe(5);
        expect(later.byResponsibility).toEqual({ not_at_fault: 1, shared: 2, at_fault: 1 });
        expect(later.escalations).toEqual([
          { id: 3, reasons: ['skip_level', 'media'] },
          { id: 4, reasons: ['breach'] },
          { id: 5, reasons: ['repeat'] },
        ]);
        expect(later.openCases.map((o) => [o.id, o.overdue])).toEqual([
          [3, false],
          [4, true],
          [8, true],
        ]);
        expect(later.deadlines.overdue).toEqual({ reply: 2, oral_loss_report: 1, start: 1, transfer: 1 });
        expect(later.deadlines.open).toEqual({ report: 1 });
      });

      it('the next day holds the case received exactly at the previous `to`; a day without cases is empty', async () => {
        await seed();
        expect(normal(await s.summaryAggregates({ ...q, from: to, to: new Date(to.getTime() + 86_400_000 - 1), asOf: new Date(to.getTime() + 86_400_000) }))).toEqual({
          byUnitCategory: [{ unit: 'OUT-12', category: 'general', count: 1 }],
          byFlags: [flags({ lateTransfer: true, escalated: true }, 1)],
          resolved: 0,
          byResponsibility: {},
          escalations: [{ id: 11, reasons: ['manual'] }],
          openCases: [{ id: 11, receivedAt: to, ownerHandle: 'zhang', handlerHandle: null, overdue: true }],
          lateTransfers: [11],
          deadlines: { on_time: {}, late: {}, overdue: { onsite: 1 }, open: {} },
        });
        const none = await s.summaryAggregates({ ...q, from: new Date('2026-12-05T16:00:00Z'), to: new Date('2026-12-06T16:00:00Z'), asOf: new Date('2026-12-06T12:00:00Z') });
        expect(normal(none)).toEqual({
          byUnitCategory: [],
          byFlags: [],
          resolved: 0,
          byResponsibility: {},
          escalations: [],
          openCases: [],
          lateTransfers: [],
          deadlines: { on_time: {}, late: {}, overdue: {}, open: {} },
        });
      });
    });

    // ------------------------------------------------------------------------------------------ journal, cards, pickers

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
});
