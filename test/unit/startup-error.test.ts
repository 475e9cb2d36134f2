import { describe, expect, it } from 'vitest';
import { reasonOf, renderFailure, StartupError, wantsStacks } from '../../src/startup-error.ts';

describe('start-up failures as the CLI prints them (issue 17)', () => {
  it('a StartupError is one line: what, where, why, what to do', () => {
    const e = new StartupError({ what: 'cannot read the roster', where: '/x.yml', why: 'no such file\nor folder', hint: 'set ROSTER' });
    expect(renderFailure(e, 'complaint-desk', false)).toBe(
      'complaint-desk: cannot read the roster /x.yml: no such file or folder — set ROSTER\n',
    );
  });

  it('an unexpected error is one line pointing at LOG_LEVEL=debug; the stack (and its causes) only with stacks on', () => {
    const bug = new TypeError('boom\n  0: some trace', { cause: new Error('inner') });
    const quiet = renderFailure(bug, 'complaint-desk', false);
    expect(quiet).toBe('complaint-desk: unexpected error: boom (run with LOG_LEVEL=debug for the stack)\n');
    const loud = renderFailure(bug, 'complaint-desk', true);
    expect(loud.split('\n')[0]).toBe('complaint-desk: unexpected error: boom (run with LOG_LEVEL=debug for the stack)');
    expect(loud).toMatch(/^\s+at /m);
    expect(loud).toContain('caused by: Error: inner');
  });

  it('stacks are wanted at debug and trace only', () => {
    expect(wantsStacks({ LOG_LEVEL: 'debug' })).toBe(true);
    expect(wantsStacks({ LOG_LEVEL: 'trace' })).toBe(true);
    expect(wantsStacks({ LOG_LEVEL: 'info' })).toBe(false);
    expect(wantsStacks({})).toBe(false);
  });

  it('system errors read as words with their code; an empty AggregateError by its first error', () => {
    expect(reasonOf(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('read-only file system (EROFS)');
    const agg = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })], ''), {});
    expect(reasonOf(agg)).toBe('connection refused (ECONNREFUSED)');
    expect(reasonOf(new Error('first\nsecond'))).toBe('first');
  });
});
