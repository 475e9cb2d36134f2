import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggingObserver } from '../../src/observability/logger.ts';
import { loadConfig, logLevelFromEnv } from '../../src/cli/config.ts';

describe('structured logs (issue 7)', () => {
  it('are JSON lines with case ids and no customer PII', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const log = createLogger('info', out);
    const o = loggingObserver(log);
    o.commandRun('new', true, undefined, 12);
    o.stageFired('reply', 'breach', 12, false);
    log.info({ case: { customerPhone: '13800001111', customerName: '王芳', text: '找记者' } }, 'should be redacted');
    // pino hands each line to the stream; wait until all three have come through (no fixed delay)
    while (text.split('\n').filter(Boolean).length < 3) await once(out, 'data');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ event: 'command', command: 'new', ok: true, case: 'C12', app: 'complaint-desk' });
    expect(lines[1]).toMatchObject({ event: 'deadline', deadline: 'reply', stage: 'breach', case: 'C12' });
    expect(text).not.toContain('13800001111');
    expect(text).not.toContain('王芳');
    expect(text).not.toContain('找记者');
  });
});

describe('LOG_LEVEL (issue 17)', () => {
  it('defaults to info for serve and warn for the console and drills; set, it holds for all of them', () => {
    expect(loadConfig({})).toMatchObject({ LOG_LEVEL: 'info', consoleLogLevel: 'warn' });
    expect(loadConfig({ LOG_LEVEL: 'debug' })).toMatchObject({ LOG_LEVEL: 'debug', consoleLogLevel: 'debug' });
    expect(logLevelFromEnv({}, 'warn')).toBe('warn');
    expect(logLevelFromEnv({ LOG_LEVEL: 'info' }, 'warn')).toBe('info');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'loud' }, 'warn')).toThrow(/LOG_LEVEL="loud": expected one of fatal/);
  });
});
