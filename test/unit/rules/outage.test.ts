/** §16.1 the outage window (停业期间): the phase at its edges, in the roster's time zone. */
import { describe, expect, it } from 'vitest';
import { inOutage, outagePhase, outageWindow } from '../../../src/core/rules/outage.ts';
import { atLocal } from '../../../src/core/domain/time.ts';

const w = outageWindow({ outage_from: '2026-12-05 18:00', outage_to: '2026-12-07 08:00' }, 'Asia/Shanghai');
const at = (d: string, hm: string) => atLocal(d, hm, 'Asia/Shanghai');
const minute = 60_000;

describe('§16.1 outage phase', () => {
  it('reads the window as local time', () => {
    expect(w.from.toISOString()).toBe('2026-12-05T10:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('is before up to the start, during from the start, after from the end', () => {
    expect(outagePhase(w, new Date(w.from.getTime() - minute))).toBe('before');
    expect(outagePhase(w, w.from)).toBe('during');
    expect(outagePhase(w, at('2026-12-06', '12:00'))).toBe('during');
    expect(outagePhase(w, new Date(w.to.getTime() - minute))).toBe('during');
    expect(outagePhase(w, w.to)).toBe('after');
    expect(inOutage(w, w.from)).toBe(true);
    expect(inOutage(w, w.to)).toBe(false);
  });
});
