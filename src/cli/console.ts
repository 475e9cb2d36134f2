/** `complaint-desk console` (and `start` without tokens): composed here, run by src/platforms/console. */
import { join } from 'node:path';
import { systemClock } from '../system-clock.ts';
import { redactUrl } from '../redact-url.ts';
import { reasonOf } from '../startup-error.ts';
import { t } from '../core/i18n/messages.ts';
import { DEFAULT_MAIL_DIR } from '../platforms/mail/mail-notifier.ts';
import { createLogger, loggingObserver } from '../observability/logger.ts';
import { runConsole } from '../platforms/console/console-app.ts';
import { createCore, loadRoster } from './app.ts';
import { DEMO_DUTY_ROSTER, loadConfig, ROSTER_HINT } from './config.ts';
import { consoleDeps } from './front-ends.ts';
import { listenBoard } from './web-board.ts';

/** `complaint-desk console`: the terminal front end on the configured database (the embedded SQLite default). */
export async function consoleCommand(): Promise<number> {
  const config = loadConfig();
  // JSON logs on stderr, `warn` unless LOG_LEVEL says otherwise (the terminal stays readable)
  const log = createLogger(config.consoleLogLevel).child({ frontEnd: 'console' });
  // §12: the console's demo shows duty shifts (examples/duty-roster.yml) unless ROSTER names a roster
  const rosterPath = config.ROSTER ? config.rosterPath : DEMO_DUTY_ROSTER;
  const roster = loadRoster(rosterPath, ROSTER_HINT);
  const core = await createCore({ databaseUrl: config.databaseUrl, roster, clock: systemClock, observer: loggingObserver(log), log });
  log.info({ database: core.provider, units: roster.units.length, members: roster.members.length }, 'complaint-desk console started');
  // §13: the console serves the board too, on PORT (taken: the console runs on, and /complaint board says there is none)
  const web = await listenBoard(core, {
    port: config.PORT,
    host: '127.0.0.1',
    secret: config.BOARD_SECRET,
    publicUrl: config.PUBLIC_URL,
    clock: systemClock,
    log,
  });
  const L = roster.settings.locale;
  // said at start: a busy port (the console runs on without a board) and where the daily report mails go (§14)
  const notices: string[] = [];
  if ('error' in web) {
    log.warn({ port: config.PORT, err: web.error.message }, 'board not served');
    notices.push(t(L, 'console_board_down', { port: config.PORT, why: reasonOf(web.error) }));
  }
  notices.push(
    config.SMTP_URL
      ? t(L, 'console_mail_smtp', { url: redactUrl(config.SMTP_URL) })
      : t(L, 'console_mail_files', { dir: DEFAULT_MAIL_DIR }),
  );
  try {
    await runConsole(consoleDeps(core, systemClock, { smtpUrl: config.SMTP_URL, log }), {
      notices,
      input: process.stdin,
      output: process.stdout,
      banner: { roster: rosterPath, database: redactUrl(config.databaseUrl) },
      chartDir: join(process.cwd(), 'data', 'charts'),
      log,
    });
  } finally {
    if (!('error' in web)) await web.close();
    await core.close();
  }
  log.info('complaint-desk console stopped');
  return 0;
}
