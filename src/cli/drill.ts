/**
 * `complaint-desk drill SCRIPT [--until HH:MM|ISO] [--json]`: a drill composed on a throwaway database (§10), its
 * lines printed readable or as JSON Lines (pure: nothing else on stdout).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../core/ports/clock.ts';
import type { Observer } from '../core/ports/observer.ts';
import { RosterError, type Roster } from '../core/domain/roster.ts';
import { createLogger, loggingObserver } from '../observability/logger.ts';
import { ConsoleNotifier, readableLine, type DrillMessage } from '../platforms/console/console-notifier.ts';
import { playDrill } from '../platforms/console/drill.ts';
import { checkUntil, DrillScriptError, parseDrillScript, planDrill } from '../platforms/console/drill-script.ts';
import { createMailNotifier } from '../platforms/mail/mail-notifier.ts';
import { dailyMailComposer } from '../reports/mail-for-summary.ts';
import { createCore, loadRoster } from './app.ts';
import { DEMO_ROSTER, logLevelFromEnv } from './config.ts';

export { DrillScriptError, parseDrillScript } from '../platforms/console/drill-script.ts';

export interface DrillOptions {
  until?: string;
  onMessage?: (m: DrillMessage) => void;
  /** where the throwaway database goes (default: a temp folder, removed afterwards) */
  workDir?: string;
  /** §14 where the drill's mails are written as .eml files (default data/mail): a drill never sends real mail */
  mailDir?: string;
  /** an empty database to play on instead of the throwaway SQLite file (tests compare the two drivers this way) */
  databaseUrl?: string;
  /** sees each command and deadline stage (the CLI logs them at LOG_LEVEL) */
  observer?: Observer;
}

/**
 * Replays a drill in virtual time against a fresh database (§10): every deadline, nag and summary fires at its
 * exact virtual moment. Returns every message in time order.
 */
export async function runDrill(scriptPath: string, opts: DrillOptions = {}): Promise<DrillMessage[]> {
  const until = checkUntil(opts.until);
  let src: string;
  try {
    src = readFileSync(scriptPath, 'utf8');
  } catch (e) {
    throw new DrillScriptError(0, `cannot read drill script ${scriptPath}: ${(e as Error).message}`);
  }
  const script = parseDrillScript(src, scriptPath);
  let roster: Roster;
  try {
    roster = loadRoster(script.rosterPath ?? DEMO_ROSTER);
  } catch (e) {
    if (e instanceof RosterError) throw e;
    throw new DrillScriptError(script.rosterLine ?? 0, (e as Error).message);
  }
  const plan = planDrill(script, roster.settings.timezone, until, new Date());
  const dir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'complaint-drill-'));
  const clock = new ManualClock(plan.start);
  const core = await createCore({ databaseUrl: opts.databaseUrl ?? `file:${join(dir, 'drill.sqlite')}`, roster, clock, throwaway: true, observer: opts.observer });
  const out: DrillMessage[] = [];
  const emit = (m: DrillMessage) => {
    out.push(m);
    opts.onMessage?.(m);
  };
  // §14: units with an `email` get the daily report; a drill writes it as an .eml file and prints a `mail` line
  const mailer = createMailNotifier({ mailDir: opts.mailDir, compose: dailyMailComposer(core.store, roster) });
  try {
    await playDrill({ desk: core.desk, passes: core.store, clock, notifiers: [new ConsoleNotifier(roster, emit), mailer], emit }, plan);
  } finally {
    await core.close();
    if (!opts.workDir) rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** A drill's logs: commands and deadline stages as JSON lines on stderr, at LOG_LEVEL (default warn: none). */
function drillObserver() {
  return loggingObserver(createLogger(logLevelFromEnv(process.env, 'warn')).child({ frontEnd: 'drill' }));
}

/** The CLI command: 0 when the drill ran, 2 for a bad script, option or roster. */
export async function drillCommand(args: string[], usage: string): Promise<number> {
  let json = false;
  let until: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--until') until = args[++i];
    else if (a.startsWith('--until=')) until = a.slice(8);
    else if (a.startsWith('--')) {
      process.stderr.write(`unknown option ${a}\n${usage}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1 || (args.includes('--until') && !until)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  // Lines go out in blocks (one write per 256 lines, and at least every 100 ms, so a long drill still streams): a
  // write per line was a system call per message, about 0.4 s of a 1,000-case day.
  let block: string[] = [];
  const flush = () => {
    if (block.length) process.stdout.write(block.join(''));
    block = [];
  };
  const streaming = setInterval(flush, 100);
  streaming.unref();
  try {
    await runDrill(files[0], {
      until,
      onMessage: (m) => {
        block.push((json ? JSON.stringify(m) : readableLine(m)) + '\n');
        if (block.length >= 256) flush();
      },
      observer: drillObserver(),
    });
    return 0;
  } catch (e) {
    if (e instanceof DrillScriptError || e instanceof RosterError) {
      process.stderr.write(`complaint-desk drill: ${files[0]}: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    clearInterval(streaming);
    flush();
  }
}
