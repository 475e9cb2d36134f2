/**
 * The composition root: the only file that knows every piece. `complaint-desk <console|drill|serve|start|export|discord:deploy>`.
 */
import { join } from 'node:path';
import { RosterError } from '../core/domain/roster.ts';
import { systemClock } from '../system-clock.ts';
import { createCore, loadRoster } from './app.ts';
import { discordConfigured, loadConfig, logLevelFromEnv, ROSTER_HINT, slackConfigProblem, slackConfigured } from './config.ts';
import { createLogger, loggingObserver } from '../observability/logger.ts';
import { renderFailure, wantsStacks } from '../startup-error.ts';
import { runConsole } from '../platforms/console/console-app.ts';
import { consoleDeps } from './front-ends.ts';
import { drillCommand } from './drill.ts';

const USAGE = `usage: complaint-desk <command>
  console                         interactive terminal front end (embedded SQLite, no tokens)
  drill SCRIPT [--until HH:MM|ISO] [--json]
                                  replay a drill script in virtual time on a fresh database
  serve                           run the configured Slack / Discord front ends and the HTTP endpoints
  start                           serve when Slack or Discord tokens are set, the console otherwise
  export --from DATE --to DATE [--unit CODE] [--format csv|json] [--out FILE|-]
                                  write the complaint register (unmasked customer PII: archive it per the plan)
  discord:deploy                  register /complaint in DISCORD_GUILD_ID (after each change to commands/)`;

async function main(argv: string[]): Promise<number> {
  const [cmd = 'start', ...rest] = argv;
  switch (cmd) {
    case 'drill':
      return drillCommand(rest, USAGE);
    case 'console':
      return consoleCmd();
    case 'start': {
      const config = loadConfig();
      const half = slackConfigProblem(config);
      if (half) throw half;
      if (slackConfigured(config) || discordConfigured(config)) return serve();
      return consoleCmd();
    }
    case 'serve':
      return serve();
    case 'export': {
      const { exportCommand } = await import('./export.ts');
      return exportCommand(rest);
    }
    case 'discord:deploy': {
      const { discordDeployCommand } = await import('./deploy.ts');
      return discordDeployCommand(loadConfig());
    }
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      process.stderr.write(`unknown command "${cmd}"\n${USAGE}\n`);
      return 2;
  }
}

async function consoleCmd(): Promise<number> {
  const config = loadConfig();
  // JSON logs on stderr, `warn` unless LOG_LEVEL says otherwise (the terminal stays readable)
  const log = createLogger(config.consoleLogLevel).child({ frontEnd: 'console' });
  const roster = loadRoster(config.rosterPath, ROSTER_HINT);
  const core = await createCore({ databaseUrl: config.databaseUrl, roster, clock: systemClock, observer: loggingObserver(log), log });
  log.info({ database: core.db.provider, units: roster.units.length, members: roster.members.length }, 'complaint-desk console started');
  try {
    await runConsole(consoleDeps(core, systemClock), {
      input: process.stdin,
      output: process.stdout,
      banner: { roster: config.rosterPath, database: config.databaseUrl },
      chartDir: join(process.cwd(), 'data', 'charts'),
      log,
    });
  } finally {
    await core.close();
  }
  log.info('complaint-desk console stopped');
  return 0;
}

async function serve(): Promise<number> {
  const { serve: run } = await import('./serve.ts');
  return run(loadConfig());
}

// `complaint-desk drill … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A StartupError (config, database, roster, port, front ends) is one line saying what to do; anything else
    // is a bug: one line too, and its stack with LOG_LEVEL=debug.
    if (e instanceof RosterError) process.stderr.write(`complaint-desk: ${e.message}\n`);
    else process.stderr.write(renderFailure(e, 'complaint-desk', wantsStacks()));
    process.exitCode = 1;
  },
);
