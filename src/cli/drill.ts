/**
 * `complaint-desk drill SCRIPT [--until HH:MM|ISO] [--json] [--out DIR]`: a drill composed on a throwaway database (§10), its
 * lines printed readable or as JSON Lines (pure: nothing else on stdout).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../core/ports/clock.ts';
import type { Observer } from '../core/ports/observer.ts';
import { ALL_KINDS } from '../core/ports/outbox.ts';
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

interface DrillOptions {
  until?: string;
  onMessage?: (m: DrillMessage) => void;
  /** where the throwaway database goes (default: a temp folder, removed afterwards) */
  workDir?: string;
  /**
   * §11, §14: where the drill's paperwork goes, `forms/` and `mail/` (.eml; a drill never sends real mail). Default: a
   * fresh temporary folder of its own, never the live desk's `data/` (a drill's C2 is another case than the desk's C2).
   */
  outDir?: string;
  /** where the drill's mails are written (default `mail/` in `outDir`) */
  mailDir?: string;
  /** §15.5 where the drill's outage notices are written (default `notices/` in `outDir`) */
  documentsDir?: string;
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
  return (await runDrillWithPaperwork(scriptPath, opts)).messages;
}

/** The drill, and the folder its forms and mails went to (removed again when it holds nothing). */
export async function runDrillWithPaperwork(
  scriptPath: string,
  opts: DrillOptions = {},
): Promise<{ messages: DrillMessage[]; outDir: string | null }> {
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
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'complaint-drill-out-'));
  const clock = new ManualClock(plan.start);
  // §11: a drill never writes the live desk's files: its forms and notices go to its own folder
  const documentsDir = opts.documentsDir ?? join(outDir, 'notices');
  const core = await createCore({
    databaseUrl: opts.databaseUrl ?? `file:${join(dir, 'drill.sqlite')}`,
    roster,
    clock,
    throwaway: true,
    observer: opts.observer,
    formsDir: join(outDir, 'forms'),
    noticesDir: documentsDir,
  });
  const out: DrillMessage[] = [];
  const emit = (m: DrillMessage) => {
    out.push(m);
    opts.onMessage?.(m);
  };
  // §14: units with an `email` get the daily report; a drill writes it as an .eml file and prints a `mail` line
  const mailer = createMailNotifier({ mailDir: opts.mailDir ?? join(outDir, 'mail'), compose: dailyMailComposer(core.store, roster) });
  let kept: string | null = outDir;
  try {
    await playDrill(
      { desk: core.desk, passes: core.store, clock, notifiers: [new ConsoleNotifier(roster, emit, ALL_KINDS), mailer], emit },
      plan,
    );
  } finally {
    await core.close();
    if (!opts.workDir) rmSync(dir, { recursive: true, force: true });
    if (!opts.outDir && isEmpty(outDir)) {
      rmSync(outDir, { recursive: true, force: true });
      kept = null;
    }
  }
  return { messages: out, outDir: kept };
}

const isEmpty = (dir: string): boolean => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).every((e) => e.isDirectory());
  } catch {
    return true;
  }
};

/** A drill's logs: commands and deadline stages as JSON lines on stderr, at LOG_LEVEL (default warn: none). */
function drillObserver() {
  return loggingObserver(createLogger(logLevelFromEnv(process.env, 'warn')).child({ frontEnd: 'drill' }));
}

/** The CLI command: 0 when the drill ran, 2 for a bad script, option or roster. */
export async function drillCommand(args: string[], usage: string): Promise<number> {
  let json = false;
  let until: string | undefined;
  let outDir: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--until') until = args[++i];
    else if (a.startsWith('--until=')) until = a.slice(8);
    else if (a === '--out') outDir = args[++i];
    else if (a.startsWith('--out=')) outDir = a.slice(6);
    else if (a.startsWith('--')) {
      process.stderr.write(`unknown option ${a}\n${usage}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1 || (args.includes('--until') && !until) || (args.includes('--out') && !outDir)) {
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
    const { outDir: wrote } = await runDrillWithPaperwork(files[0], {
      until,
      outDir,
      onMessage: (m) => {
        block.push((json ? JSON.stringify(m) : readableLine(m)) + '\n');
        if (block.length >= 256) flush();
      },
      observer: drillObserver(),
    });
    // stdout holds only the drill's lines (JSON Lines with --json): where the paperwork went is said on stderr
    flush();
    if (wrote) process.stderr.write(`complaint-desk drill: forms and mails of this drill are in ${wrote}\n`);
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
