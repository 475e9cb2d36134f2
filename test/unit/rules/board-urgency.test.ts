import { describe, expect, it } from 'vitest';
import { AMBER_FRACTION, urgency } from '../../../src/core/rules/board-urgency.ts';

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 1, 0) + min * 60_000);

describe('§13 the board’s urgency of a countdown', () => {
  const d = { kind: 'reply' as const, startAt: at(0), dueAt: at(240) };
  it('is amber from the last fifth of the window on, red once a nagging deadline is breached', () => {
    expect(AMBER_FRACTION).toBe(0.2);
    expect(urgency(d, at(191))).toBe('');
    expect(urgency(d, at(192))).toBe('amber'); // 48 of 240 minutes left
    expect(urgency(d, at(240))).toBe('amber');
    expect(urgency(d, at(241))).toBe('red');
  });
  it('a deadline that is only measured never turns red', () => {
    expect(urgency({ ...d, kind: 'transfer' }, at(241))).toBe('');
  });
  it('takes another threshold when one is given (the page’s is the same value, handed to it)', () => {
    expect(urgency(d, at(150), 0.5)).toBe('amber');
    expect(urgency(d, at(150))).toBe('');
  });
});
