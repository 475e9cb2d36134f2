/** §9/§16 grammar: promise, formal, callback, scorecard. */
import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../commands/index.ts';

const values = (line: string) => parseCommandText(line).values as Record<string, unknown>;
const refusal = (line: string) => {
  try {
    parseCommandText(line);
  } catch (e) {
    return e as { code: string; params: Record<string, unknown> };
  }
  throw new Error(`accepted: ${line}`);
};

describe('§16 grammar', () => {
  it('promise takes by=HH:MM or a date and time, quoted or not, and optional text', () => {
    expect(values('/complaint promise C3 by=18:00')).toEqual({ case: 3, by: '18:00' });
    expect(values('/complaint promise C3 by=9:30 明早办结')).toEqual({ case: 3, by: '09:30', text: '明早办结' });
    expect(values('/complaint promise C3 by="2026-12-02 18:00" 系统恢复后')).toEqual({
      case: 3,
      by: '2026-12-02 18:00',
      text: '系统恢复后',
    });
    expect(values('/complaint promise C3 by=2026-12-02 18:00 系统恢复后')).toEqual({ case: 3, by: '2026-12-02 18:00', text: '系统恢复后' });
    expect(values('/complaint promise C3 by=2026-12-02T18:00')).toEqual({ case: 3, by: '2026-12-02 18:00' });
  });

  it('promise without by= or with a bad time is refused, naming the expected form', () => {
    expect(refusal('/complaint promise C3 明天').code).toBe('err_missing_arg');
    expect(refusal('/complaint promise C3 by=25:00').code).toBe('err_bad_value');
    expect(refusal('/complaint promise C3 by=2026-02-30 10:00').code).toBe('err_bad_value');
    expect(refusal('/complaint promise C3 by=2026-12-02').code).toBe('err_bad_value');
  });

  it('callback takes a result of three (Chinese words too); an unknown one is refused', () => {
    expect(values('/complaint callback C3 result=basically 还行')).toEqual({ case: 3, result: 'basically', text: '还行' });
    expect(values('/complaint callback C3 result=不满意')).toEqual({ case: 3, result: 'unsatisfied' });
    const r = refusal('/complaint callback C3 result=happy');
    expect(r.code).toBe('err_bad_value');
    expect(refusal('/complaint callback C3').code).toBe('err_missing_arg');
  });

  it('formal takes a case and text; scorecard takes from, to and unit', () => {
    expect(values('/complaint formal C5 已办理')).toEqual({ case: 5, text: '已办理' });
    expect(values('/complaint scorecard from=2026-12-01 to=2026-12-07 unit=br01')).toEqual({
      from: '2026-12-01',
      to: '2026-12-07',
      unit: 'BR01',
    });
  });
});
