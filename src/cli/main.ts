/**
 * The command line, `complaint-desk <console|drill|serve|start|export|backup|restore|discord:deploy>`: each command is
 * composed in its own file here in src/cli (console.ts, drill.ts, serve.ts, export.ts, backup.ts, deploy.ts), the only folder that composes.
 */
import { RosterError } from '../core/domain/roster.ts';
import { discordConfigured, loadConfig, slackConfigProblem, slackConfigured } from './config.ts';
import { renderFailure, wantsStacks } from '../startup-error.ts';
import { consoleCommand } from './console.ts';
import { drillCommand } from './drill.ts';

const USAGE = `usage: complaint-desk <command>
  console                         interactive terminal front end (embedded SQLite, no tokens)
  drill SCRIPT [--until HH:MM|ISO] [--json] [--out DIR]
                                  replay a drill script in virtual time on a fresh database; its forms and mails
                                  go to DIR (default: a temporary folder of its own, never data/)
  serve                           run the configured Slack / Discord front ends and the HTTP endpoints
  start                           serve when Slack or Discord tokens are set, the console otherwise
  export --from DATE --to DATE [--unit CODE] [--format csv|json] [--out FILE|-]
                                  write the complaint register (unmasked customer PII: archive it per the plan)
  export --forms --from DATE --to DATE [--unit CODE] [--out DIR]
                                  write each case's handling form (PDF, unmasked) into DIR for the archive
  export --worklog --from DATE --to DATE [--unit CODE] [--format csv|json] [--out FILE|-]
                                  write the work log (entries, handovers and case events)
  backup --out FILE               a checked copy of the SQLite database while the desk runs (PostgreSQL: prints
                                  the pg_dump command to use)
  restore FILE                    put a backup in place of the SQLite database (the desk stopped; refused while
                                  it is in use; the file replaced is kept beside it)
  discord:deploy                  register /complaint in DISCORD_GUILD_ID (after each change to commands/)`;

async function main(argv: string[]): Promise<number> {
  const [cmd = 'start', ...rest] = argv;
  switch (cmd) {
    case 'drill':
      return drillCommand(rest, USAGE);
    case 'console':
      return consoleCommand();
    case 'start': {
      const config = loadConfig();
      const half = slackConfigProblem(config);
      if (half) throw half;
      if (slackConfigured(config) || discordConfigured(config)) return serve();
      return consoleCommand();
    }
    case 'serve':
      return serve();
    case 'export': {
      const { exportCommand } = await import('./export.ts');
      return exportCommand(rest);
    }
    case 'backup': {
      const { backupCommand } = await import('./backup.ts');
      return backupCommand(rest);
    }
    case 'restore': {
      const { restoreCommand } = await import('./backup.ts');
      return restoreCommand(rest);
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
