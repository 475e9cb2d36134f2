import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ManualClock } from '../../core/ports/clock.ts';
import { fireDueDeadlines } from '../../core/use-cases/fire-due-deadlines.ts';
import { caseLabel } from '../../core/domain/case.ts';
import { RosterError, type Roster } from '../../core/domain/roster.ts';
import { epoch, nextSummaryAt, postDueSummaries } from '../../core/use-cases/post-daily-summaries.ts';
import { nextHandoverAt, postDueHandovers } from '../../core/use-cases/post-handovers.ts';
import { addLocalDays, atLocal, isoLocal, localDate } from '../../core/domain/time.ts';
import { createCore, loadRoster } from '../../cli/app.ts';
import type { Observer } from '../../core/ports/observer.ts';
import { DEMO_ROSTER } from '../../cli/config.ts';
import { deliverOutbox } from '../../scheduler/deliver-outbox.ts';
import { ConsoleNotifier, type DrillMessage } from './console-notifier.ts';
import { createMailNotifier } from '../mail/mail-notifier.ts';
import { dailyMailComposer } from '../../reports/mail-for-summary.ts';

/** A drill script that cannot be run: exit status 2, naming the line. */
export class DrillScriptError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line ? `line ${line}: ${message}` : message);
    this.name = 'DrillScriptError';
  }
}

export interface DrillStep {
  line: number;
  /** wall-clock text as written: HH:MM (on the drill's current day) or a full ISO time */
  time: string;
  iso: boolean;
  actor: string;
  text: string;
}

export interface DrillScript {
  date?: string;
  rosterPath?: string;
  rosterLine?: number;
  steps: DrillStep[];
}

/** A script line's time, and `--until`: `HH:MM` or a full ISO time (date, `T`, hours and minutes; seconds and zone optional). */
const TIME = String.raw`\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?`;
const EXPECTED_TIME = 'expected HH:MM between 00:00 and 23:59 or an ISO time such as 2026-12-01T09:00 (or 2026-12-01T09:00+08:00)';

/** True when a time in the §10 form names a real moment: hours 00–23, minutes and seconds 00–59, a real date and zone. */
function isRealTime(time: string): boolean {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2})T)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|([+-])(\d{2}):?(\d{2}))?$/.exec(time);
  if (!m) return false;
  const [, y, mo, d, hh, mm, ss, , oh, om] = m;
  if (+hh > 23 || +mm > 59 || (ss !== undefined && +ss > 59)) return false;
  if (oh !== undefined && (+oh > 14 || +om > 59)) return false;
  if (y === undefined) return true;
  const day = new Date(Date.UTC(+y, +mo - 1, +d));
  return day.getUTCFullYear() === +y && day.getUTCMonth() === +mo - 1 && day.getUTCDate() === +d;
}

/** §10 script lines: `@date`, `@roster`, `HH:MM handle: text` (or a full ISO time); blank lines and `#` comments ignored. */
export function parseDrillScript(src: string, scriptPath = 'script'): DrillScript {
  const out: DrillScript = { steps: [] };
  const lines = src.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('@')) {
      const m = /^@(\w+)\s+(\S+)\s*(#.*)?$/.exec(line);
      if (!m) throw new DrillScriptError(n, `malformed directive "${line.slice(0, 60)}": expected "@date YYYY-MM-DD" or "@roster PATH"`);
      const [, name, value] = m;
      if (name === 'date') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
          throw new DrillScriptError(n, `bad @date "${value}": expected YYYY-MM-DD`);
        if (out.steps.length) throw new DrillScriptError(n, '@date must come before the first timed line');
        out.date = value;
      } else if (name === 'roster') {
        out.rosterPath = isAbsolute(value) ? value : resolve(dirname(resolve(scriptPath)), value);
        out.rosterLine = n;
      } else {
        throw new DrillScriptError(n, `unknown directive "@${name}": expected @date or @roster`);
      }
      return;
    }
    const m = new RegExp(`^(${TIME})\\s+([A-Za-z0-9_.-]+)\\s*:\\s?(.*)$`).exec(line);
    if (!m) throw new DrillScriptError(n, `malformed line "${line.slice(0, 60)}": expected "HH:MM handle: /complaint …"`);
    const [, time, actor, text] = m;
    if (!isRealTime(time)) throw new DrillScriptError(n, `bad time "${time}": ${EXPECTED_TIME}`);
    if (!text.trim()) throw new DrillScriptError(n, 'missing command text after "handle:"');
    out.steps.push({ line: n, time, iso: time.includes('T'), actor, text: text.trim() });
  });
  return out;
}

function resolveTime(step: Pick<DrillStep, 'time' | 'iso' | 'line'>, day: string, tz: string): Date {
  if (!step.iso) return atLocal(day, step.time.padStart(5, '0'), tz);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(step.time);
  if (hasZone) {
    const d = new Date(step.time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(d.getTime())) throw new DrillScriptError(step.line, `bad time "${step.time}"`);
    return d;
  }
  const [date, hm] = step.time.split('T');
  return atLocal(date, hm.slice(0, 5), tz);
}

export interface DrillOptions {
  until?: string;
  onMessage?: (m: DrillMessage) => void;
  /** where the throwaway database goes (default: a temp folder, removed afterwards) */
  workDir?: string;
  /** §14 where the drill's mails are written as .eml files (default data/mail): a drill never sends real mail */
  mailDir?: string;
  /** run on the Prisma store instead of the default SQLite store (to compare the two) */
  prismaStore?: boolean;
  /** sees each command and deadline stage (the CLI logs them at LOG_LEVEL) */
  observer?: Observer;
}

/**
 * Replays a drill in virtual time against a fresh database (§10): every deadline, nag and summary fires at its
 * exact virtual moment. Returns every message in time order.
 */
export async function runDrill(scriptPath: string, opts: DrillOptions = {}): Promise<DrillMessage[]> {
  const until = opts.until?.trim();
  if (until !== undefined && (!new RegExp(`^(?:${TIME})$`).test(until) || !isRealTime(until)))
    throw new DrillScriptError(0, `bad --until "${opts.until}": ${EXPECTED_TIME}`);
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
  const tz = roster.settings.timezone;
  // The day: @date, else the first line's own date when it is a full ISO time, else today.
  const firstIso = script.steps.find((s) => s.iso);
  const day0 =
    script.date ??
    (script.steps[0]?.iso && firstIso ? localDate(resolveTime(firstIso, localDate(new Date(), tz), tz), tz) : localDate(new Date(), tz));

  // Resolve every step's instant; HH:MM lines follow the day of the previous line (an ISO line may move it on).
  let day = day0;
  let prev: Date | null = null;
  const timed = script.steps.map((s) => {
    const at = resolveTime(s, day, tz);
    if (s.iso) day = localDate(at, tz);
    if (prev && at < prev) throw new DrillScriptError(s.line, `time ${s.time} goes backwards (previous line was at ${isoLocal(prev, tz)})`);
    prev = at;
    return { ...s, at };
  });
  let end: Date;
  if (until !== undefined) {
    // HH:MM is on the drill's first day.
    end = resolveTime({ time: until, iso: until.includes('T'), line: 0 }, day0, tz);
    // §10: a drill stopped before its first line would run nothing; that is a mistake in the command, not a drill.
    if (timed.length && end < timed[0].at)
      throw new DrillScriptError(
        0,
        `--until ${until} (${isoLocal(end, tz)}) is before the script's first line (line ${timed[0].line}, ${isoLocal(timed[0].at, tz)}): ` +
          `the drill would run nothing; expected a time at or after it`,
      );
  } else {
    // By default the drill runs to the end of the day of its last line (so the day's nags and summary fire).
    const lastDay = timed.length ? localDate(timed[timed.length - 1].at, tz) : day0;
    end = new Date(atLocal(addLocalDays(lastDay, 1, tz), '00:00', tz).getTime() - 1);
  }

  const dir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'complaint-drill-'));
  const start = atLocal(day0, '00:00', tz);
  const clock = new ManualClock(timed.length && timed[0].at < start ? timed[0].at : start);
  const core = await createCore({ databaseUrl: `file:${join(dir, 'drill.sqlite')}`, roster, clock, throwaway: true, prismaStore: opts.prismaStore, observer: opts.observer });
  const out: DrillMessage[] = [];
  const emit = (m: DrillMessage) => {
    out.push(m);
    opts.onMessage?.(m);
  };
  const notifier = new ConsoleNotifier(roster, emit);
  const ctx = core.desk.ctx;
  // §14: units with an `email` get the daily report; a drill writes it as an .eml file and prints a `mail` line
  const mailer = createMailNotifier({ mailDir: opts.mailDir, compose: dailyMailComposer(core.store, roster) });
  const deliver = () => deliverOutbox(core.store, [notifier, mailer], clock, 'drill', { limit: 100_000 });
  try {
    await epoch(ctx);
    let i = 0;
    let lastT = -1;
    let stuck = 0;
    let undelivered = 0;
    let fire = await core.store.nextFireAt();
    let handover = await nextHandoverAt(ctx);
    for (;;) {
      const nextLine = i < timed.length ? timed[i].at : null;
      const summary = nextSummaryAt(ctx);
      const candidates = [nextLine, fire, summary, handover].filter((d): d is Date => !!d).map((d) => d.getTime());
      const t = Math.max(clock.now().getTime(), Math.min(...candidates));
      if (t > end.getTime()) break;
      stuck = t === lastT ? stuck + 1 : 0;
      if (stuck > 10) throw new Error(`drill made no progress at ${isoLocal(new Date(t), tz)}`);
      lastT = t;
      clock.set(t);
      // Script lines at this minute run first: a step done exactly at its deadline is on time.
      let ran = false;
      while (i < timed.length && timed[i].at.getTime() === t) {
        const step = timed[i++];
        // the actor's reply comes after everything the bot said before it
        if (undelivered) {
          await deliver();
          undelivered = 0;
        }
        const reply = await core.desk.handleText(step.actor, step.text);
        emit({
          at: isoLocal(clock.now(), tz),
          to: `@${step.actor}`,
          kind: reply.kind,
          case: reply.caseId != null ? caseLabel(reply.caseId) : null,
          mentions: [],
          text: reply.text,
        });
        undelivered++;
        ran = true;
      }
      if (ran) fire = await core.store.nextFireAt();
      while (fire && fire.getTime() <= t) {
        undelivered += await fireDueDeadlines(ctx, 5000, 200);
        fire = await core.store.nextFireAt();
      }
      undelivered += await postDueSummaries(ctx);
      // §12: a shift starting (scheduled, or taken by a line just run) hands over at its minute
      undelivered += await postDueHandovers(ctx);
      handover = await nextHandoverAt(ctx);
      // Messages keep their own time; delivering them in batches changes nothing in the output.
      if (undelivered > 500) {
        await deliver();
        undelivered = 0;
      }
    }
    await deliver();
  } finally {
    await core.close();
    if (!opts.workDir) rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
