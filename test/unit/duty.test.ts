import { describe, expect, it } from 'vitest';
import { handoverMoments, nextShift, onDutyAt, shiftsBetween, takenShiftEnd, type ShiftDef } from '../../src/core/rules/duty.ts';
import { atLocal } from '../../src/core/domain/time.ts';

const SH = 'Asia/Shanghai';
const at = (d: string, hm: string, tz = SH) => atLocal(d, hm, tz);
const DEFS: ShiftDef[] = [
  { unit: 'BR01', handles: ['lin'], kind: 'daily', from: '08:00', to: '20:00' },
  { unit: 'BR01', handles: ['chen'], kind: 'daily', from: '20:00', to: '08:00' },
  { unit: 'SB01', handles: ['sun'], kind: 'dated', from: at('2026-12-01', '08:00'), to: at('2026-12-03', '08:00') },
];

describe('§12 duty shifts', () => {
  const shifts = shiftsBetween(DEFS, at('2026-12-01', '00:00'), at('2026-12-03', '00:00'), SH);

  it('a daily shift every day, an overnight one into the next morning, a dated one once', () => {
    expect(onDutyAt(shifts, 'BR01', at('2026-12-01', '09:00'))).toEqual([{ handle: 'lin', until: at('2026-12-01', '20:00') }]);
    expect(onDutyAt(shifts, 'BR01', at('2026-12-01', '23:30'))).toEqual([{ handle: 'chen', until: at('2026-12-02', '08:00') }]);
    // the overnight shift that began the evening before `from` is still running at 03:00
    expect(onDutyAt(shifts, 'BR01', at('2026-12-01', '03:00'))).toEqual([{ handle: 'chen', until: at('2026-12-01', '08:00') }]);
    expect(onDutyAt(shifts, 'SB01', at('2026-12-02', '12:00'))).toEqual([{ handle: 'sun', until: at('2026-12-03', '08:00') }]);
    expect(onDutyAt(shifts, 'SB01', at('2026-12-01', '07:59'))).toEqual([]);
    // a shift ends at its `to`: the outgoing member is off duty at that minute
    expect(onDutyAt(shifts, 'BR01', at('2026-12-01', '20:00')).map((x) => x.handle)).toEqual(['chen']);
  });

  it('overlapping shifts of one unit: both are on duty', () => {
    const s = shiftsBetween(
      [...DEFS, { unit: 'BR01', handles: ['wu'], kind: 'daily', from: '12:00', to: '14:00' }],
      at('2026-12-01', '00:00'),
      at('2026-12-02', '00:00'),
      SH,
    );
    expect(onDutyAt(s, 'BR01', at('2026-12-01', '13:00')).map((x) => x.handle)).toEqual(['lin', 'wu']);
  });

  it('hands over at each shift start, naming incoming and outgoing', () => {
    const m = handoverMoments(shifts, 'BR01', at('2026-12-01', '00:00'), at('2026-12-02', '00:00'));
    expect(m.map((x) => [x.at, x.incoming, x.outgoing, x.gap])).toEqual([
      [at('2026-12-01', '08:00'), ['lin'], ['chen'], false],
      [at('2026-12-01', '20:00'), ['chen'], ['lin'], false],
    ]);
    expect(m[0].until).toEqual(at('2026-12-01', '20:00'));
  });

  it('announces a gap when nobody is on duty any more, and the next shift', () => {
    const s = shiftsBetween(
      [{ unit: 'OUT-12', handles: ['zhang'], kind: 'daily', from: '09:00', to: '17:00' }],
      at('2026-12-01', '00:00'),
      at('2026-12-02', '12:00'),
      SH,
    );
    const m = handoverMoments(s, 'OUT-12', at('2026-12-01', '00:00'), at('2026-12-02', '00:00'));
    expect(m.map((x) => [x.at, x.incoming, x.outgoing, x.gap])).toEqual([
      [at('2026-12-01', '09:00'), ['zhang'], [], false],
      [at('2026-12-01', '17:00'), [], ['zhang'], true],
    ]);
    expect(m[1].until).toEqual(at('2026-12-02', '09:00'));
    expect(nextShift(s, 'OUT-12', at('2026-12-01', '18:00'))?.start).toEqual(at('2026-12-02', '09:00'));
  });

  it('keeps wall-clock hours across a DST change (a roster in Europe/Berlin)', () => {
    const tz = 'Europe/Berlin';
    // 2026-03-29: clocks go from 02:00 to 03:00; the night shift 22:00–06:00 is one hour shorter
    const s = shiftsBetween(
      [{ unit: 'BR01', handles: ['chen'], kind: 'daily', from: '22:00', to: '06:00' }],
      at('2026-03-28', '12:00', tz),
      at('2026-03-30', '12:00', tz),
      tz,
    );
    const night = s.find((x) => x.start.getTime() === at('2026-03-28', '22:00', tz).getTime())!;
    expect(night.end).toEqual(at('2026-03-29', '06:00', tz));
    expect(night.end.getTime() - night.start.getTime()).toBe(7 * 3_600_000);
    const next = s.find((x) => x.start.getTime() === at('2026-03-29', '22:00', tz).getTime())!;
    expect(next.end.getTime() - next.start.getTime()).toBe(8 * 3_600_000);
    expect(onDutyAt(s, 'BR01', new Date(at('2026-03-29', '03:30', tz))).map((x) => x.handle)).toEqual(['chen']);
  });

  it('duty take: to `until` (the next such time), else to the end of the shift running, else 8 hours', () => {
    const now = at('2026-12-01', '21:00');
    expect(takenShiftEnd({ now, until: '23:00', tz: SH })).toEqual(at('2026-12-01', '23:00'));
    expect(takenShiftEnd({ now, until: '06:00', tz: SH })).toEqual(at('2026-12-02', '06:00'));
    expect(takenShiftEnd({ now, currentEnd: at('2026-12-02', '08:00'), tz: SH })).toEqual(at('2026-12-02', '08:00'));
    expect(takenShiftEnd({ now, currentEnd: null, tz: SH })).toEqual(at('2026-12-02', '05:00'));
  });
});
