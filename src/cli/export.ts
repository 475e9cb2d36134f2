/**
 * `complaint-desk export --from DATE --to DATE [--unit CODE] [--format csv|json] [--out FILE|-]` (the register, §六.7)
 * and `export --forms` (§14) and `export --worklog` (§12, the work log): opens the store read-only (no migrations, no roster sync, so it runs beside a live
 * server) and writes what src/reports renders.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Clock } from '../core/ports/clock.ts';
import type { Roster } from '../core/domain/roster.ts';
import { t, type Locale } from '../core/i18n/messages.ts';
import { systemClock } from '../system-clock.ts';
import { reasonOf } from '../startup-error.ts';
import { registerRows, writeRegister } from '../reports/export-register.ts';

export const EXPORT_USAGE =
  'usage: complaint-desk export --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--format csv|json] [--out FILE|-]\n' +
  '       complaint-desk export --forms --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--out DIR]\n' +
  '       complaint-desk export --worklog --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--format csv|json] [--out FILE|-]\n' +
  '       complaint-desk export --scorecard --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--out FILE|-]';

export interface ExportArgs {
  from: string;
  to: string;
  unitCode: string;
  format: 'csv' | 'json';
  /** a path, or '-' for standard output */
  out: string;
  /** true when `out` is the default path under data/exports/ (its folder is created) */
  defaultOut?: boolean;
  /** §14 `--forms`: one unmasked handling form (PDF) per case, written into the folder `out` */
  forms?: boolean;
  /** §12 `--worklog`: the work log (entries, handovers and the bot's case events) instead of the register */
  worklog?: boolean;
  /** §16.5 `--scorecard`: the per-unit, per-person scorecard (CSV) instead of the register */
  scorecard?: boolean;
}

/** Where the register goes without `--out`, relative to the current folder. */
export const DEFAULT_EXPORT_DIR = join('data', 'exports');

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Parses the command's arguments; a message (for exit code 2) when they are wrong. */
export function parseExportArgs(argv: string[], roster: Roster): { ok: true; args: ExportArgs } | { ok: false; message: string } {
  const known = ['from', 'to', 'unit', 'format', 'out'] as const;
  const v: Partial<Record<(typeof known)[number], string>> = {};
  let forms = false;
  let worklog = false;
  let scorecard = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--forms') {
      forms = true;
      continue;
    }
    if (a === '--worklog') {
      worklog = true;
      continue;
    }
    if (a === '--scorecard') {
      scorecard = true;
      continue;
    }
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(a);
    if (!m) return { ok: false, message: `unexpected argument "${a}"` };
    const name = m[1] as (typeof known)[number];
    if (!known.includes(name))
      return { ok: false, message: `unknown option --${m[1]} (options: ${known.map((k) => `--${k}`).join(', ')})` };
    if (v[name] !== undefined) return { ok: false, message: `--${name} is given twice` };
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || (value.startsWith('--') && value !== '-')) return { ok: false, message: `--${name} needs a value` };
    }
    v[name] = value;
  }
  for (const k of ['from', 'to'] as const) {
    if (v[k] === undefined) return { ok: false, message: `--${k} is required (YYYY-MM-DD, a local date in ${roster.settings.timezone})` };
    if (!validDate(v[k])) return { ok: false, message: `--${k} "${v[k]}" is not a valid date: expected YYYY-MM-DD` };
  }
  if (v.from! > v.to!) return { ok: false, message: `--from ${v.from} is after --to ${v.to}` };
  const unit = v.unit === undefined ? roster.province : roster.unit(v.unit);
  if (!unit) return { ok: false, message: `there is no unit with code "${v.unit}" in the roster` };
  if ([forms, worklog, scorecard].filter(Boolean).length > 1)
    return { ok: false, message: '--forms, --worklog and --scorecard are different exports: give one of them' };
  if (scorecard) {
    if (v.format !== undefined && v.format.toLowerCase() !== 'csv')
      return { ok: false, message: `--format "${v.format}" does not go with --scorecard: the scorecard is CSV` };
    if (v.out === '') return { ok: false, message: '--out needs a file name (or - for standard output)' };
    const out = v.out ?? join(DEFAULT_EXPORT_DIR, `scorecard-${unit.code}-${v.from}-${v.to}.csv`);
    return {
      ok: true,
      args: { from: v.from!, to: v.to!, unitCode: unit.code, format: 'csv', out, defaultOut: v.out === undefined, scorecard: true },
    };
  }
  if (forms) {
    if (v.format !== undefined) return { ok: false, message: '--format does not go with --forms (the forms are PDF files)' };
    if (v.out === '' || v.out === '-') return { ok: false, message: '--out needs a folder with --forms (one PDF per case)' };
    const out = v.out ?? join(DEFAULT_EXPORT_DIR, `complaint-forms-${unit.code}-${v.from}-${v.to}`);
    return {
      ok: true,
      args: { from: v.from!, to: v.to!, unitCode: unit.code, format: 'csv', out, defaultOut: v.out === undefined, forms: true },
    };
  }
  const format = (v.format ?? (v.out && /\.json$/i.test(v.out) ? 'json' : 'csv')).toLowerCase();
  if (format !== 'csv' && format !== 'json') return { ok: false, message: `--format "${v.format}" is not valid: expected csv or json` };
  if (v.out === '') return { ok: false, message: '--out needs a file name (or - for standard output)' };
  // Without --out the register goes under data/exports/ (git-ignored), never loose in the current folder: it holds PII.
  const out = v.out ?? join(DEFAULT_EXPORT_DIR, `${worklog ? 'work-log' : 'complaint-register'}-${unit.code}-${v.from}-${v.to}.${format}`);
  return {
    ok: true,
    args: { from: v.from!, to: v.to!, unitCode: unit.code, format, out, defaultOut: v.out === undefined, ...(worklog ? { worklog } : {}) },
  };
}

const NOTICE: Record<Locale, (n: number, where: string) => string> = {
  'zh-CN': (n, where) =>
    `已导出投诉登记簿 ${n} 件至 ${where}。\n注意：该文件含未脱敏的客户个人信息（姓名、手机号等），仅用于按预案要求归档，须妥善保管，不得在工作群或其他渠道传播。`,
  en: (n, where) =>
    `Wrote the complaint register, ${n} cases, to ${where}.\nNote: this file contains UNMASKED customer personal data (names, phone numbers). Archive it as the plan requires; do not share it in chat or elsewhere.`,
};

const FORMS_NOTICE: Record<Locale, (n: number, where: string) => string> = {
  'zh-CN': (n, where) =>
    `已导出客户投诉处理单 ${n} 份（每案一份 PDF）至 ${where}。\n注意：处理单含未脱敏的客户个人信息（姓名、手机号等），仅用于按预案要求归档，须妥善保管，不得在工作群或其他渠道传播。`,
  en: (n, where) =>
    `Wrote ${n} handling forms (one PDF per case) to ${where}.\nNote: these files contain UNMASKED customer personal data (names, phone numbers). Archive them as the plan requires; do not share them in chat or elsewhere.`,
};

export interface ExportIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: Writable;
  stderr?: Writable;
  clock?: Clock;
}

/** `complaint-desk export …`: returns the exit code (2 for bad arguments). */
export async function exportCommand(argv: string[], io: ExportIo = {}): Promise<number> {
  const { loadConfig } = await import('./config.ts');
  const { loadRoster } = await import('./app.ts');
  const { openStore } = await import('../db/open-store.ts');
  const { providerOf, sqlitePathOf } = await import('../db/database-url.ts');
  const stderr = io.stderr ?? process.stderr;
  const stdout = io.stdout ?? process.stdout;
  const cwd = io.cwd ?? process.cwd();
  const config = loadConfig(io.env ?? process.env, cwd);
  const roster = loadRoster(config.rosterPath);
  const parsed = parseExportArgs(argv, roster);
  if (!parsed.ok) {
    stderr.write(`complaint-desk export: ${parsed.message}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const a = parsed.args;
  const clock = io.clock ?? systemClock;
  if (providerOf(config.databaseUrl) === 'sqlite' && !existsSync(resolve(cwd, sqlitePathOf(config.databaseUrl)))) {
    stderr.write(`complaint-desk export: no database at ${sqlitePathOf(config.databaseUrl)} (set DATABASE_URL)\n`);
    return 1;
  }
  // Read-only: no migrations and no roster sync, so it runs beside a live server on the same database.
  const { store } = await openStore(config.databaseUrl);
  const locale = roster.settings.locale;
  try {
    if (a.forms) {
      // §14: the archive's forms, unmasked, with the register's PII warning
      const { exportForms } = await import('../reports/export-forms.ts');
      const dir = resolve(cwd, a.out);
      if (existsSync(dir) && !statSync(dir).isDirectory()) {
        stderr.write(`complaint-desk export: --out ${a.out} is a file: give a folder for the forms\n`);
        return 2;
      }
      const { count } = await exportForms(store, roster, { from: a.from, to: a.to, unitCode: a.unitCode, asOf: clock.now(), dir });
      stderr.write(FORMS_NOTICE[locale](count, dir) + '\n');
      return 0;
    }
    if (a.scorecard) {
      // §16.5: the scorecard as CSV with BOM; it names staff but no customer, so no PII notice
      const { buildScorecard } = await import('../core/use-cases/build-scorecard.ts');
      const { scorecardCsv } = await import('../reports/export-scorecard.ts');
      const card = await buildScorecard({ store, roster }, { unitCode: a.unitCode, from: a.from, to: a.to, now: clock.now() });
      const { text, rows } = scorecardCsv({ roster, locale, tz: roster.settings.timezone }, card);
      if (a.out === '-') {
        stdout.write(text);
      } else {
        const target = resolve(cwd, a.out);
        if (a.defaultOut) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
        try {
          const { writeFileSync } = await import('node:fs');
          writeFileSync(target, text);
        } catch (e) {
          stderr.write(
            `complaint-desk export: cannot write ${target}: ${reasonOf(e)} (--out needs a file in a folder that exists and is writable, or - for standard output)\n`,
          );
          return 1;
        }
      }
      stderr.write(
        t(locale, 'scorecard_notice', { n: rows, where: a.out === '-' ? t(locale, 'export_to_stdout') : resolve(cwd, a.out) }) + '\n',
      );
      return 0;
    }
    const rows = registerRows(store, roster, { from: a.from, to: a.to, unitCode: a.unitCode, asOf: clock.now() });
    // §12: the work log instead of the register, written the same way
    const { worklogRows, writeWorklog } = await import('../reports/export-worklog.ts');
    const logRows = a.worklog ? await worklogRows(store, roster, { from: a.from, to: a.to, unitCode: a.unitCode }) : [];
    const writeRows = (out: Writable) =>
      a.worklog ? writeWorklog(logRows, a.format, locale, out) : writeRegister(rows, a.format, locale, out);
    let n: number;
    let where: string;
    if (a.out === '-') {
      n = await writeRows(stdout);
      where = t(locale, 'export_to_stdout');
    } else {
      // Written beside the target and renamed at the end, so an archive never holds half a register.
      const target = resolve(cwd, a.out);
      if (!a.defaultOut && (/[\\/]$/.test(a.out) || (existsSync(target) && statSync(target).isDirectory()))) {
        stderr.write(
          `complaint-desk export: --out ${a.out} is a folder: give a file name, e.g. --out ${join(a.out, `register.${a.format}`)} (or - for standard output)\n`,
        );
        return 2;
      }
      if (a.defaultOut) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      const partial = `${target}.partial-${process.pid}`;
      const file = createWriteStream(partial, { mode: 0o600 });
      let opened = false;
      try {
        await once(file, 'open');
        opened = true;
        n = await writeRows(file);
        file.end();
        await once(file, 'finish');
        renameSync(partial, target);
      } catch (e) {
        file.destroy();
        rmSync(partial, { force: true });
        if (!opened) {
          stderr.write(
            `complaint-desk export: cannot write ${target}: ${reasonOf(e)} (--out needs a file in a folder that exists and is writable, or - for standard output)\n`,
          );
          return 1;
        }
        throw e;
      }
      where = target;
    }
    stderr.write((a.worklog ? t(locale, 'wl_notice', { n, where }) : NOTICE[locale](n, where)) + '\n');
    return 0;
  } finally {
    await store.close();
  }
}
