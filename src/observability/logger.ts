import { pino, destination as pinoDestination, stdTimeFunctions, type Logger } from 'pino';
import type { Observer } from '../core/ports/store.ts';
import { redactUrl, redactUrlsIn } from '../redact-url.ts';

/**
 * Structured JSON logs. Only case ids, command names and outcomes are logged: never customer names, phones
 * or free text (the register export is the only place with PII).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'complaint-desk', pid: process.pid },
      redact: { paths: ['*.customerName', '*.customerPhone', '*.phone', '*.text', '*.matter', '*.request'], censor: '[redacted]' },
      timestamp: stdTimeFunctions.isoTime,
      // credentials in any URL a record carries (a database or SMTP address in an error) are masked
      formatters: { log: (o) => redactUrlsIn(o) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactUrl(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pinoDestination(2),
  );
}

/** An Observer that logs (next to the metrics one). */
export function loggingObserver(log: Logger): Observer {
  return {
    commandRun(command, ok, code, caseId) {
      log.info({ event: 'command', command, ok, code, case: caseId != null ? `C${caseId}` : undefined }, 'command');
    },
    stageFired(kind, stage, caseId, late) {
      log.info({ event: 'deadline', deadline: kind, stage, case: `C${caseId}`, late }, 'deadline stage');
    },
  };
}

export function combineObservers(...os: Observer[]): Observer {
  return {
    commandRun: (...a) => os.forEach((o) => o.commandRun(...a)),
    stageFired: (...a) => os.forEach((o) => o.stageFired(...a)),
  };
}
