import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLocal, isoLocal, localDate, localHm, localMinute, weekdayIndex } from '../../src/core/domain/time.ts';

// The formatting helpers read each minute's offset once; date-fns' own format over a TZDate is the reference.
const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'UTC',
  'Pacific/Chatham',
];

describe('local time formatting', () => {
  it('agrees with date-fns for any instant in any zone (DST, half-hour and 45-minute offsets included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...ZONES), (ms, tz) => {
        const d = new Date(ms);
        const z = new TZDate(ms, tz);
        expect(isoLocal(d, tz)).toBe(format(z, "yyyy-MM-dd'T'HH:mm:ssxxx"));
        expect(localDate(d, tz)).toBe(format(z, 'yyyy-MM-dd'));
        expect(localHm(d, tz)).toBe(format(z, 'HH:mm'));
        expect(localMinute(d, tz)).toBe(format(z, 'yyyy-MM-dd HH:mm'));
        expect(weekdayIndex(d, tz)).toBe(z.getDay());
      }),
      { numRuns: 3000 },
    );
  });

  it('is exact on both sides of a DST change', () => {
    const tz = 'America/New_York';
    // 2026-03-08 02:00 EST → 03:00 EDT (07:00 UTC)
    expect(isoLocal(new Date('2026-03-08T06:59:59Z'), tz)).toBe('2026-03-08T01:59:59-05:00');
    expect(isoLocal(new Date('2026-03-08T07:00:00Z'), tz)).toBe('2026-03-08T03:00:00-04:00');
    expect(isoLocal(atLocal('2026-12-01', '09:00', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2026-12-01T09:00:00+08:00');
  });

  it('names an unknown zone instead of printing nonsense', () => {
    expect(() => isoLocal(new Date(), 'Mars/Olympus')).toThrow();
  });
});
