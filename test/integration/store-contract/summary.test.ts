/** Store contract (harness.ts): the daily summary's aggregates (§8), counted by the database. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../src/core/domain/case.ts';
import type { Store, SummaryAggregates } from '../../../src/core/ports/store.ts';
import { makeCase } from '../../helpers/records.ts';
import { dl, storeContract, utc } from './harness.ts';

storeContract('summaries', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });

  describe('summaryAggregates', () => {
    const from = new Date('2026-11-30T16:00:00.000Z'); // 2026-12-01 00:00 Asia/Shanghai
    const to = new Date('2026-12-01T16:00:00.000Z');
    const asOf = utc('12:00'); // 20:00 local
    const q = { unitCodes: ['OUT-11', 'OUT-12'], from, to, asOf, listLimit: 10 };

    const seed = async () => {
      const c = (id: number, o: Partial<CaseRecord>) => makeCase(id, { statClass: null, ...o });
      await s.tx(async (t) => {
        for (const x of [
          c(1, {
            unitCode: 'OUT-11',
            category: 'general',
            receivedAt: utc('01:00'),
            status: 'resolved',
            resolvedAt: utc('02:00'),
            responsibility: 'not_at_fault',
          }),
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
            escalationReasons: ['skip_level', 'media'],
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
            escalationReasons: ['breach'],
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
            escalationReasons: ['repeat'],
            status: 'resolved',
            resolvedAt: utc('05:00'),
            responsibility: 'shared',
          }),
          c(6, {
            unitCode: 'OUT-12',
            category: 'transaction',
            receivedAt: utc('05:00'),
            status: 'resolved',
            resolvedAt: utc('06:00'),
            responsibility: 'shared',
          }),
          c(7, {
            unitCode: 'OUT-11',
            category: 'general',
            receivedAt: utc('06:00'),
            status: 'resolved',
            resolvedAt: asOf,
            responsibility: null,
          }),
          c(8, { unitCode: 'OUT-12', category: 'waiting', receivedAt: from, status: 'open', ownerHandle: 'chen', handlerHandle: 'wang' }),
          // out of scope: another unit, just before `from`, exactly at `to`
          c(9, {
            unitCode: 'OUT-31',
            branchCode: 'BR02',
            category: 'general',
            receivedAt: utc('03:00'),
            lateTransfer: true,
            escalated: true,
            escalatedAt: utc('03:00'),
            escalationReasons: ['media'],
            ownerHandle: 'hu',
          }),
          c(10, {
            unitCode: 'OUT-11',
            category: 'general',
            receivedAt: new Date(from.getTime() - 1),
            resolvedAt: utc('01:00'),
            status: 'resolved',
            responsibility: 'at_fault',
          }),
          c(11, {
            unitCode: 'OUT-12',
            category: 'general',
            receivedAt: to,
            lateTransfer: true,
            escalated: true,
            escalatedAt: utc('11:00'),
            escalationReasons: ['manual'],
          }),
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
      deadlines: {
        on_time: nonZero(a.deadlines.on_time),
        late: nonZero(a.deadlines.late),
        overdue: nonZero(a.deadlines.overdue),
        open: nonZero(a.deadlines.open),
      },
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
      expect(
        normal(
          await s.summaryAggregates({
            ...q,
            from: to,
            to: new Date(to.getTime() + 86_400_000 - 1),
            asOf: new Date(to.getTime() + 86_400_000),
          }),
        ),
      ).toEqual({
        byUnitCategory: [{ unit: 'OUT-12', category: 'general', count: 1 }],
        byFlags: [flags({ lateTransfer: true, escalated: true }, 1)],
        resolved: 0,
        byResponsibility: {},
        escalations: [{ id: 11, reasons: ['manual'] }],
        openCases: [{ id: 11, receivedAt: to, ownerHandle: 'zhang', handlerHandle: null, overdue: true }],
        lateTransfers: [11],
        deadlines: { on_time: {}, late: {}, overdue: { onsite: 1 }, open: {} },
      });
      const none = await s.summaryAggregates({
        ...q,
        from: new Date('2026-12-05T16:00:00Z'),
        to: new Date('2026-12-06T16:00:00Z'),
        asOf: new Date('2026-12-06T12:00:00Z'),
      });
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

    it('§8 carried over: cases received before the window and open at asOf, with whether each is overdue then', async () => {
      await seed();
      await s.tx(async (t) => {
        // C12 received before the window; its on-site deadline was missed and only done after asOf
        await t.insertCase(
          makeCase(12, {
            statClass: null,
            unitCode: 'OUT-11',
            category: 'atm',
            receivedAt: utc('03:00'),
            status: 'open',
            ownerHandle: 'li',
            handlerHandle: 'he',
          }),
        );
        await t.insertDeadlines([dl(12, 'onsite', { dueAt: utc('04:00'), state: 'done', completedAt: utc('13:00') })]);
      });
      const w = { ...q, from: utc('04:30') };
      const c = await s.carriedOver(w);
      // 2 (resolved only after asOf; reply overdue), 3 (report not yet due), 4 (start overdue), 8 (reply due exactly
      // at asOf), 12 (on-site done late, after asOf); 1 and 10 were resolved before asOf, 9 is another unit, 5–7 in the window
      expect(c.count).toBe(5);
      expect(c.overdue).toBe(3);
      expect(c.cases).toEqual([
        { id: 2, receivedAt: utc('01:30'), ownerHandle: 'zhang', handlerHandle: 'he', overdue: true },
        { id: 3, receivedAt: utc('02:00'), ownerHandle: 'li', handlerHandle: 'hu', overdue: false },
        { id: 4, receivedAt: utc('03:00'), ownerHandle: 'hu', handlerHandle: null, overdue: true },
        { id: 8, receivedAt: from, ownerHandle: 'chen', handlerHandle: 'wang', overdue: false },
        { id: 12, receivedAt: utc('03:00'), ownerHandle: 'li', handlerHandle: 'he', overdue: true },
      ]);
      for (const o of c.cases) expect(o.receivedAt).toBeInstanceOf(Date);
      // the list stops at listLimit, the counts don't
      const two = await s.carriedOver({ ...w, listLimit: 2 });
      expect([two.count, two.overdue, two.cases.map((o) => o.id)]).toEqual([5, 3, [2, 3]]);
      // later: 2 is resolved by then, 12's deadline done, 8's reply now past its time
      const later = await s.carriedOver({ ...w, asOf: utc('14:00') });
      expect(later.cases.map((o) => [o.id, o.overdue])).toEqual([
        [3, false],
        [4, true],
        [8, true],
        [12, false],
      ]);
      expect([later.count, later.overdue]).toEqual([4, 2]);
      expect(await s.carriedOver({ ...w, unitCodes: [] })).toEqual({ count: 0, overdue: 0, cases: [] });
      expect(await s.carriedOver({ ...w, from: new Date(from.getTime() - 1) })).toEqual({ count: 0, overdue: 0, cases: [] });
    });
  });
});
