/**
 * §10 drill scripts: the line grammar (`@date`, `@roster`, `HH:MM handle: text` or a full ISO time), the checks a
 * script and `--until` get (exit status 2, naming the line), and the plan a drill runs: each line's instant and
 * where the drill stops.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { addLocalDays, atLocal, isoLocal, localDate } from '../../core/domain/time.ts';

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
        if (
          !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
          Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) ||
          new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
        )
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

export interface DrillPlan {
  /** every line with its instant, in order */
  timed: (DrillStep & { at: Date })[];
  /** the drill's first day (local) */
  day0: string;
  /** where the virtual clock starts: the first day's midnight, or the first line when it is earlier */
  start: Date;
  /** where the drill stops: --until, else the end of the last line's day (so the day's nags and summary fire) */
  end: Date;
}

/** Checks `--until` like a script line's time (before anything is read). */
export function checkUntil(raw: string | undefined): string | undefined {
  const until = raw?.trim();
  if (until !== undefined && (!new RegExp(`^(?:${TIME})$`).test(until) || !isRealTime(until)))
    throw new DrillScriptError(0, `bad --until "${raw}": ${EXPECTED_TIME}`);
  return until;
}

/** Each line's instant in the roster's zone, and where the drill starts and stops. */
export function planDrill(script: DrillScript, tz: string, until: string | undefined, today: Date): DrillPlan {
  // The day: @date, else the first line's own date when it is a full ISO time, else today.
  const firstIso = script.steps.find((s) => s.iso);
  const day0 =
    script.date ??
    (script.steps[0]?.iso && firstIso ? localDate(resolveTime(firstIso, localDate(today, tz), tz), tz) : localDate(today, tz));

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

  const start0 = atLocal(day0, '00:00', tz);
  return { timed, day0, start: timed.length && timed[0].at < start0 ? timed[0].at : start0, end };
}
