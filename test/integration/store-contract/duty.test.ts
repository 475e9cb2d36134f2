/** Store contract (harness.ts): §12 duty shifts taken and the work log (DutyWrites, DutyReads). */
import { beforeEach, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports/store.ts';
import type { WorkLogRecord } from '../../../src/core/ports/duty.ts';
import { makeCase } from '../../helpers/records.ts';
import { dl, storeContract, utc } from './harness.ts';

storeContract('duty and work log', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });

  it('taken shifts: those overlapping [from, to), oldest first, inside and outside a transaction', async () => {
    await s.tx(async (t) => {
      await t.insertTakenShift({ unitCode: 'BR01', handle: 'lin', startAt: utc('01:00'), endAt: utc('05:00'), takenBy: 'lin' });
      await t.insertTakenShift({ unitCode: 'SB01', handle: 'sun', startAt: utc('00:00'), endAt: utc('02:00'), takenBy: 'sun' });
      // seen by the transaction's own reads
      expect((await t.takenShiftsBetween(utc('04:00'), utc('04:01'))).map((r) => r.handle)).toEqual(['lin']);
    });
    expect(await s.takenShiftsBetween(utc('01:30'), utc('03:00'))).toEqual([
      { unitCode: 'SB01', handle: 'sun', startAt: utc('00:00'), endAt: utc('02:00'), takenBy: 'sun' },
      { unitCode: 'BR01', handle: 'lin', startAt: utc('01:00'), endAt: utc('05:00'), takenBy: 'lin' },
    ]);
    // a shift ends at its end: not on duty then; nor before it starts
    expect(await s.takenShiftsBetween(utc('05:00'), utc('06:00'))).toEqual([]);
    expect((await s.takenShiftsBetween(utc('00:30'), utc('01:00'))).map((r) => r.handle)).toEqual(['sun']);
  });

  it('work log: entries of the units in [from, to), by kind, oldest first, with the total; data kept', async () => {
    const e = (at: string, unitCode: string, kind: WorkLogRecord['kind'] = 'entry', data: WorkLogRecord['data'] = null): WorkLogRecord => ({
      at: utc(at),
      unitCode,
      actor: 'lin',
      kind,
      text: `${unitCode} ${at} 客户13800001111来电`,
      data,
    });
    await s.tx((t) =>
      t.appendWorkLog([
        e('02:00', 'BR01'),
        e('01:00', 'OUT-12'),
        e('03:00', 'BR02'),
        e('04:00', 'BR01', 'handover', { incoming: ['lin'], gap: false }),
      ]),
    );
    const all = await s.workLog({ unitCodes: ['BR01', 'OUT-12'], from: utc('00:00'), to: utc('05:00'), limit: 10 });
    expect(all.total).toBe(3);
    expect(all.entries).toEqual([
      e('01:00', 'OUT-12'),
      e('02:00', 'BR01'),
      e('04:00', 'BR01', 'handover', { incoming: ['lin'], gap: false }),
    ]);
    const entries = await s.workLog({ unitCodes: ['BR01', 'OUT-12'], from: utc('00:00'), to: utc('04:00'), kinds: ['entry'], limit: 1 });
    expect(entries.total).toBe(2);
    expect(entries.entries.map((x) => x.unitCode)).toEqual(['OUT-12']);
    expect((await s.workLog({ unitCodes: ['BR01'], from: utc('02:00'), to: utc('02:00'), limit: 0 })).total).toBe(0);
    expect(await s.workLog({ unitCodes: ['BR01'], from: utc('00:00'), to: utc('05:00'), limit: 0 })).toEqual({ total: 2, entries: [] });
  });

  it('case events: timeline entries of the units’ cases by action in [from, to), oldest first, with the total', async () => {
    await x.insertCases(
      makeCase(1, { unitCode: 'OUT-12' }),
      makeCase(2, { unitCode: 'OUT-31', branchCode: 'BR02' }),
      makeCase(3, { unitCode: 'SB01' }),
    );
    await s.tx((t) =>
      t.appendTimeline([
        { caseId: 1, at: utc('01:00'), actor: 'zhang', action: 'opened', text: 'x', data: null },
        { caseId: 1, at: utc('02:00'), actor: 'bot', action: 'escalated', text: 'y', data: { reasons: ['media'] } },
        { caseId: 2, at: utc('02:30'), actor: 'bot', action: 'escalated', text: null, data: { reasons: ['repeat'] } },
        { caseId: 3, at: utc('03:00'), actor: 'he', action: 'noted', text: 'z', data: null },
        { caseId: 3, at: utc('04:00'), actor: 'he', action: 'resolved', text: null, data: { fault: 'shared', valid: true } },
      ]),
    );
    const units = ['SB01', 'OUT-11', 'OUT-12'];
    const r = await s.caseEvents({
      unitCodes: units,
      from: utc('00:00'),
      to: utc('05:00'),
      actions: ['opened', 'escalated', 'resolved'],
      limit: 10,
    });
    expect(r.total).toBe(3);
    expect(r.events).toEqual([
      { caseId: 1, at: utc('01:00'), actor: 'zhang', action: 'opened', text: 'x', data: null },
      { caseId: 1, at: utc('02:00'), actor: 'bot', action: 'escalated', text: 'y', data: { reasons: ['media'] } },
      { caseId: 3, at: utc('04:00'), actor: 'he', action: 'resolved', text: null, data: { fault: 'shared', valid: true } },
    ]);
    const cut = await s.caseEvents({
      unitCodes: units,
      from: utc('01:30'),
      to: utc('04:00'),
      actions: ['escalated', 'resolved'],
      limit: 1,
    });
    expect(cut.total).toBe(1);
    expect(cut.events.map((e) => e.caseId)).toEqual([1]);
    expect(await s.caseEvents({ unitCodes: [], from: utc('00:00'), to: utc('05:00'), actions: ['opened'], limit: 5 })).toEqual({
      total: 0,
      events: [],
    });
  });

  it('deadlines due between: pending, the transfer aside, of the units’ cases, soonest first, with the total', async () => {
    await x.insertCases(makeCase(1, { unitCode: 'OUT-12' }), makeCase(2, { unitCode: 'OUT-31', branchCode: 'BR02' }));
    const ds = await x.insertDeadlines([
      dl(1, 'reply', { dueAt: utc('03:00') }),
      dl(1, 'onsite', { dueAt: utc('02:00') }),
      dl(1, 'transfer', { dueAt: utc('02:30') }),
      dl(1, 'report', { dueAt: utc('02:45'), state: 'done' }),
      dl(2, 'reply', { dueAt: utc('02:15') }),
    ]);
    const r = await s.deadlinesDueBetween({ unitCodes: ['OUT-12'], from: utc('02:00'), to: utc('03:00'), limit: 10 });
    expect(r.total).toBe(1);
    expect(r.deadlines.map((d) => [d.id, d.kind])).toEqual([[ds[1].id, 'onsite']]);
    const both = await s.deadlinesDueBetween({ unitCodes: ['OUT-12', 'OUT-31'], from: utc('00:00'), to: utc('04:00'), limit: 2 });
    expect(both.total).toBe(3);
    expect(both.deadlines.map((d) => d.kind)).toEqual(['onsite', 'reply']);
  });

  it('open cases by urgency: how many are open in the units, and those with the soonest pending deadline first', async () => {
    await x.insertCases(
      makeCase(1, { unitCode: 'OUT-12' }),
      makeCase(2, { unitCode: 'OUT-12' }),
      makeCase(3, { unitCode: 'OUT-12', status: 'resolved', resolvedAt: utc('01:00') }),
      makeCase(4, { unitCode: 'OUT-31', branchCode: 'BR02' }),
      makeCase(5, { unitCode: 'SB01' }),
    );
    await x.insertDeadlines([
      dl(1, 'reply', { dueAt: utc('05:00') }),
      dl(1, 'onsite', { dueAt: utc('03:00') }),
      dl(2, 'reply', { dueAt: utc('02:00') }),
      dl(2, 'transfer', { dueAt: utc('01:00') }), // the transfer deadline does not count
      dl(3, 'reply', { dueAt: utc('00:30'), state: 'done' }),
      dl(4, 'reply', { dueAt: utc('00:10') }), // another unit
    ]);
    const r = await s.openCasesByUrgency({ unitCodes: ['SB01', 'OUT-12'], limit: 10 });
    expect(r.total).toBe(3);
    // case 5 has no pending deadline: counted, not listed
    expect(r.cases.map((c) => c.id)).toEqual([2, 1]);
    expect(r.cases[0]).toEqual(makeCase(2, { unitCode: 'OUT-12' }));
    expect((await s.openCasesByUrgency({ unitCodes: ['SB01', 'OUT-12'], limit: 1 })).cases.map((c) => c.id)).toEqual([2]);
    expect(await s.openCasesByUrgency({ unitCodes: ['BR02'], limit: 5 })).toEqual({ total: 0, cases: [] });
  });
});
