/** §16.3 the promise's deadline and §16.4 the general category's single reply deadline, on fixed dates. */
import { describe, expect, it } from 'vitest';
import {
  deadlinesOnReceipt,
  firstStage,
  isOverdue,
  nextStage,
  promiseDeadline,
  snapshotPolicy,
  takesOneWorkingDay,
} from '../../../src/core/rules/sla.ts';
import { ZSettings } from '../../../src/core/domain/settings.ts';
import { atLocal, localMinute } from '../../../src/core/domain/time.ts';
import { callbackFigures } from '../../../src/core/rules/satisfaction.ts';

const tz = 'Asia/Shanghai';
const p = snapshotPolicy(ZSettings.parse({}));
const cal = { tz, holidays: [], workdays: [] };

describe('§16.3 promise deadline', () => {
  it('is due at the promised moment, reminded at 80 % of the span from the promise, then breached and repeated', () => {
    const made = atLocal('2026-12-01', '09:00', tz);
    const by = atLocal('2026-12-01', '19:00', tz);
    const d = promiseDeadline(7, 0, made, by, p);
    expect(d.kind).toBe('promise');
    expect(d.dueAt).toEqual(by);
    // 10 h span: the reminder at 8 h
    expect(localMinute(d.nextFireAt!, tz)).toBe('2026-12-01 17:00');
    expect(firstStage(d, p)?.stage).toBe('reminder');
    expect(nextStage(d, 'reminder', p)).toEqual({ stage: 'breach', fireAt: by });
    expect(nextStage(d, 'breach', p)?.stage).toBe('repeat1');
    // §7: a broken promise makes the case overdue
    expect(isOverdue({ kind: 'promise', state: 'pending', dueAt: by }, new Date(by.getTime() + 60_000))).toBe(true);
  });
});

describe('§16.4 general: one reply deadline one working day after receipt', () => {
  it('gives a general case only reply (and the measured transfer), Thursday 15:00 → Friday 15:00', () => {
    const at = atLocal('2026-12-03', '15:00', tz);
    const ds = deadlinesOnReceipt({
      caseId: 1,
      generation: 0,
      at,
      policy: p,
      walkInAtOutlet: true,
      lossReport: false,
      afterTransfer: false,
      oneWorkingDay: cal,
    });
    expect(ds.map((d) => d.kind)).toEqual(['reply', 'transfer']);
    expect(localMinute(ds[0].dueAt, tz)).toBe('2026-12-04 15:00');
    // reminded at 80 % of the window like the others
    expect(localMinute(ds[0].nextFireAt!, tz)).toBe('2026-12-04 10:12');
  });

  it('after a transfer: one working day again, and the start deadline of §5', () => {
    const at = atLocal('2026-12-04', '16:00', tz);
    const ds = deadlinesOnReceipt({
      caseId: 1,
      generation: 1,
      at,
      policy: p,
      walkInAtOutlet: false,
      lossReport: false,
      afterTransfer: true,
      oneWorkingDay: cal,
    });
    expect(ds.map((d) => d.kind)).toEqual(['reply', 'transfer', 'start']);
    expect(localMinute(ds[0].dueAt, tz)).toBe('2026-12-07 16:00');
    expect(localMinute(ds[2].dueAt, tz)).toBe('2026-12-04 18:00');
  });

  it('general_process: cutover keeps §5 windows', () => {
    const cutover = snapshotPolicy(ZSettings.parse({ general_process: 'cutover' }));
    expect(takesOneWorkingDay('general', cutover)).toBe(false);
    expect(takesOneWorkingDay('general', p)).toBe(true);
    expect(takesOneWorkingDay('atm', p)).toBe(false);
    // a case frozen before §16 (no flag in its policy) keeps §5
    const { generalOneWorkingDay: _, ...old } = p;
    expect(takesOneWorkingDay('general', old)).toBe(false);
  });
});

describe('§16.5 satisfaction', () => {
  it('counts the latest callback per case; the rate is satisfied + basically over all', () => {
    const f = callbackFigures([
      { caseId: 1, result: 'unsatisfied' },
      { caseId: 2, result: 'basically' },
      { caseId: 1, result: 'satisfied' },
      { caseId: 3, result: 'unsatisfied' },
    ]);
    expect(f).toEqual({ callbacks: 3, satisfied: 1, basically: 1, unsatisfied: 1, rate: 0.6667 });
    expect(callbackFigures([]).rate).toBeNull();
  });
});
