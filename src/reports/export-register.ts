/**
 * The complaint register (登记簿), §六.7: the written record the plan requires to be archived. Every case received
 * in a date range (local dates, roster time zone) in a unit's subtree, with every field, its class (§7),
 * deadline compliance per kind (§五) and its timeline. Customer PII appears in full here, and only here (§3).
 *
 * `complaint-desk export --from DATE --to DATE [--unit CODE] [--format csv|json] [--out FILE|-]`
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { categoryNumber, type CategorySlug, type StatClass } from '../core/domain/categories.ts';
import type { Clock } from '../core/ports/clock.ts';
import { systemClock } from '../system-clock.ts';
import { reasonOf } from '../startup-error.ts';
import { label, t, type Locale, type MessageKey } from '../core/i18n/messages.ts';
import type { CaseRecord, DeadlineKind, DeadlineRecord } from '../core/domain/case.ts';
import { caseLabel } from '../core/domain/case.ts';
import { fmtYuan, unitLabel, type RenderCtx } from '../core/i18n/render.ts';
import type { Roster } from '../core/domain/roster.ts';
import { compliance } from '../core/rules/sla.ts';
import { statClass } from '../core/rules/statistics.ts';
import { dayBounds, isoLocal, localMinute, weekdayIndex } from '../core/domain/time.ts';
import type { Db } from '../db/client.ts';

type Col = { key: string; 'zh-CN': string; en: string };

const DEADLINE_KINDS: DeadlineKind[] = ['onsite', 'reply', 'report', 'transfer', 'start', 'oral_loss_report'];

/** The register's columns, in order: a stable key (the JSON field) and the CSV header in each locale. */
export const REGISTER_COLUMNS: readonly Col[] = [
  { key: 'id', 'zh-CN': '案件编号', en: 'Case' },
  { key: 'receivedAt', 'zh-CN': '受理时间', en: 'Received at' },
  { key: 'weekday', 'zh-CN': '星期', en: 'Weekday' },
  { key: 'intake', 'zh-CN': '受理渠道', en: 'Intake channel' },
  { key: 'customerName', 'zh-CN': '客户姓名', en: 'Customer name' },
  { key: 'customerPhone', 'zh-CN': '客户电话', en: 'Customer phone' },
  { key: 'vip', 'zh-CN': 'VIP客户', en: 'VIP' },
  { key: 'unit', 'zh-CN': '受理单位', en: 'Unit' },
  { key: 'branch', 'zh-CN': '所属分行', en: 'Branch' },
  { key: 'category', 'zh-CN': '投诉类别', en: 'Category' },
  { key: 'matter', 'zh-CN': '投诉事由', en: 'Matter' },
  { key: 'request', 'zh-CN': '客户诉求', en: 'Request' },
  { key: 'cutover', 'zh-CN': '切换相关', en: 'Cutover-related' },
  { key: 'opener', 'zh-CN': '受理人', en: 'Opened by' },
  { key: 'owner', 'zh-CN': '首问负责人', en: 'First-responsible' },
  { key: 'handler', 'zh-CN': '承办人', en: 'Handler' },
  { key: 'status', 'zh-CN': '状态', en: 'Status' },
  { key: 'level', 'zh-CN': '当前层级', en: 'Level' },
  { key: 'flags', 'zh-CN': '标记', en: 'Flags' },
  { key: 'escalated', 'zh-CN': '是否升级', en: 'Escalated' },
  { key: 'escalatedAt', 'zh-CN': '升级时间', en: 'Escalated at' },
  { key: 'escalationReasons', 'zh-CN': '升级原因', en: 'Escalation reasons' },
  { key: 'transferred', 'zh-CN': '是否移交', en: 'Transferred' },
  { key: 'lateTransfer', 'zh-CN': '移交超时', en: 'Late transfer' },
  { key: 'responsibility', 'zh-CN': '责任认定', en: 'Responsibility' },
  { key: 'validity', 'zh-CN': '投诉性质', en: 'Validity' },
  { key: 'statClass', 'zh-CN': '统计口径', en: 'Statistic class' },
  { key: 'resolvedAt', 'zh-CN': '办结时间', en: 'Resolved at' },
  { key: 'paymentsTotal', 'zh-CN': '紧急支付合计（元）', en: 'Emergency payments total' },
  ...DEADLINE_KINDS.map((k) => ({ key: `deadline_${k}`, 'zh-CN': `时限：${label('zh-CN', 'deadline', k)}`, en: `Deadline: ${label('en', 'deadline', k)}` })),
  { key: 'timeline', 'zh-CN': '处理记录', en: 'Timeline' },
];

/** One register line: every value is the text of the CSV cell ('' for none), so the CSV and JSON agree. */
export type RegisterRow = Record<string, string>;

/** The register's own cell words. */
const WORDS = {
  'zh-CN': {
    yes: '是', no: '否', on_time: '按时完成', late: '超时完成', open: '未到期', overdue: '已超时未完成', void: '已取消',
    not_transferred: '未移交', in_force: '有效期内', lapsed: '已失效', due: '期限', done: '完成', sep: '；', list: '、',
  },
  en: {
    yes: 'yes', no: 'no', on_time: 'done on time', late: 'done late', open: 'not yet due', overdue: 'overdue, not done', void: 'cancelled',
    not_transferred: 'not transferred', in_force: 'in force', lapsed: 'lapsed', due: 'due', done: 'done', sep: '; ', list: ', ',
  },
} as const;

type PageDeadline = Pick<DeadlineRecord, 'caseId' | 'kind' | 'generation' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>;
type PageTimeline = { caseId: number; at: Date; actor: string; action: string; text: string | null; data: string | null };

const FLAG_KEYS = ['mediaThreat', 'repeat', 'skipLevel', 'cluster', 'crossProvince', 'claim', 'aggressive', 'lateTransfer', 'cutover'] as const;

function memberLabel(roster: Roster, handle: string | null): string {
  if (!handle) return '';
  const m = roster.member(handle);
  return m ? `${m.name}(@${m.handle})` : `@${handle}`;
}

/** The timeline's action in words (the same words the desk uses in its posts), and its text. */
function timelineLine(r: RenderCtx, e: PageTimeline): string {
  const L = r.locale;
  const zh = L === 'zh-CN';
  let d: Record<string, string> = {};
  try {
    d = e.data ? (JSON.parse(e.data) as Record<string, string>) : {};
  } catch {
    d = {};
  }
  let text = e.text;
  // the scheduler records a breach or breach escalation as `<deadline kind>:<stage>`
  const nag = text ? /^([a-z_]+):([a-z0-9]+)$/.exec(text) : null;
  if (nag && (DEADLINE_KINDS as string[]).includes(nag[1])) {
    text = zh ? `「${label(L, 'deadline', nag[1])}」超时` : `"${label(L, 'deadline', nag[1])}" overdue`;
  }
  let what: string;
  switch (e.action) {
    case 'assigned':
      what = t(L, 'act_assigned', { handle: d.handle });
      break;
    case 'transferred':
      what = t(L, 'act_transferred', { from: d.from, to: d.to });
      break;
    case 'escalated':
      what = d.level ? t(L, 'act_escalated', { level: label(L, 'level', d.level) }) : label(L, 'action', 'escalate');
      break;
    case 'paid':
      what = t(L, 'act_paid', { amount: d.amount });
      break;
    case 'breached':
      what = text ?? (zh ? '超时' : 'overdue');
      text = null;
      break;
    default:
      try {
        what = t(L, `act_${e.action}` as MessageKey);
      } catch {
        what = e.action;
      }
  }
  return `${localMinute(e.at, r.tz)} @${e.actor} ${what}${text ? (zh ? `：${text}` : `: ${text}`) : ''}`;
}

function deadlineCell(r: RenderCtx, kind: DeadlineKind, ds: PageDeadline[], transferred: boolean, asOf: Date): string {
  const w = WORDS[r.locale];
  const zh = r.locale === 'zh-CN';
  const mine = ds.filter((d) => d.kind === kind).sort((a, b) => a.generation - b.generation);
  // §五: each transfer starts the deadlines again at the receiving level; number the rounds when there are several
  const rounds = new Set(ds.map((d) => d.generation)).size > 1;
  return mine
    .map((d) => {
      const v = compliance(d, asOf);
      let word: string;
      if (kind === 'transfer' && v !== 'on_time' && v !== 'late') word = transferred && v === 'void' ? w.void : w.not_transferred;
      else if (kind === 'oral_loss_report' && (v === 'open' || v === 'overdue')) word = v === 'open' ? w.in_force : w.lapsed;
      else word = w[v];
      const parts = [`${w.due} ${localMinute(d.dueAt, r.tz)}`];
      if (d.completedAt) parts.push(`${w.done} ${localMinute(d.completedAt, r.tz)}`);
      const round = rounds ? (zh ? `第${d.generation + 1}轮 ` : `round ${d.generation + 1}: `) : '';
      return zh ? `${round}${word}（${parts.join('，')}）` : `${round}${word} (${parts.join(', ')})`;
    })
    .join(w.sep);
}

/** One case as a register line. */
export function registerRow(
  r: RenderCtx,
  c: CaseRecord,
  ds: PageDeadline[],
  tl: PageTimeline[],
  paidFen: number,
  asOf: Date,
): RegisterRow {
  const L = r.locale;
  const w = WORDS[L];
  const yn = (b: boolean) => (b ? w.yes : w.no);
  const iso = (d: Date | null) => (d ? isoLocal(d, r.tz) : '');
  // §7: a resolved case keeps the class fixed at resolution; an open one is classed from its history as of now.
  const cls: StatClass = c.statClass && c.status === 'resolved' ? c.statClass : statClass(c, ds, asOf);
  const row: RegisterRow = {
    id: caseLabel(c.id),
    receivedAt: iso(c.receivedAt),
    weekday: label(L, 'weekday', String(weekdayIndex(c.receivedAt, r.tz))),
    intake: label(L, 'intake', c.intake),
    customerName: c.customerName ?? '',
    customerPhone: c.customerPhone ?? '',
    vip: yn(c.vip),
    unit: unitLabel(r, c.unitCode),
    branch: unitLabel(r, c.branchCode),
    category: `${categoryNumber(c.category as CategorySlug)} ${label(L, 'category', c.category)}`,
    matter: c.matter,
    request: c.request ?? '',
    cutover: yn(c.cutover),
    opener: memberLabel(r.roster, c.openerHandle),
    owner: memberLabel(r.roster, c.ownerHandle),
    handler: memberLabel(r.roster, c.handlerHandle),
    status: label(L, 'status', c.status),
    level: `${label(L, 'level', c.level)} · ${unitLabel(r, c.levelUnitCode)}`,
    flags: FLAG_KEYS.filter((k) => c[k]).map((k) => label(L, 'flag', k)).join(w.list),
    escalated: yn(c.escalated),
    escalatedAt: iso(c.escalatedAt),
    escalationReasons: (c.escalationNote ?? '').split('|').filter(Boolean).map((x) => label(L, 'reason', x)).join(w.list),
    transferred: yn(c.transferred),
    lateTransfer: yn(c.lateTransfer),
    responsibility: c.responsibility ? label(L, 'fault', c.responsibility) : '',
    validity: c.validity ? label(L, 'validity', c.validity) : '',
    statClass: label(L, 'class', cls),
    resolvedAt: iso(c.resolvedAt),
    paymentsTotal: paidFen ? fmtYuan(paidFen) : '0',
  };
  for (const k of DEADLINE_KINDS) row[`deadline_${k}`] = deadlineCell(r, k, ds, c.transferred, asOf);
  row.timeline = tl.map((e) => timelineLine(r, e)).join('\n');
  return row;
}

export interface RegisterQuery {
  /** first and last local date, inclusive (YYYY-MM-DD) */
  from: string;
  to: string;
  unitCode: string;
  /** the moment deadlines and open cases are judged at */
  asOf: Date;
}

/**
 * The register's lines in case-number order, `pageSize` cases per query (with their deadlines, timelines and
 * payments in three more queries per page), so a long range never sits in memory at once.
 */
export async function* registerRows(prisma: Db, roster: Roster, q: RegisterQuery, pageSize = 1000): AsyncGenerator<RegisterRow> {
  const r: RenderCtx = { roster, locale: roster.settings.locale as Locale, tz: roster.settings.timezone };
  const from = dayBounds(q.from, r.tz).from;
  const to = dayBounds(q.to, r.tz).to;
  const unitCodes = roster.subtree(q.unitCode).map((u) => u.code);
  if (!unitCodes.length) return;
  let after = 0;
  for (;;) {
    const page = (await prisma.case.findMany({
      where: { unitCode: { in: unitCodes }, receivedAt: { gte: from, lt: to }, id: { gt: after } },
      orderBy: { id: 'asc' },
      take: pageSize,
    })) as unknown as CaseRecord[];
    if (!page.length) return;
    const ids = page.map((c) => c.id);
    const [deadlines, timeline, payments] = await Promise.all([
      prisma.deadline.findMany({
        where: { caseId: { in: ids } },
        select: { caseId: true, kind: true, generation: true, dueAt: true, completedAt: true, state: true, breachedAt: true },
        orderBy: [{ caseId: 'asc' }, { generation: 'asc' }, { id: 'asc' }],
      }),
      prisma.timelineEntry.findMany({ where: { caseId: { in: ids } }, orderBy: [{ caseId: 'asc' }, { id: 'asc' }] }),
      prisma.payment.groupBy({ by: ['caseId'], where: { caseId: { in: ids } }, _sum: { amountFen: true } }),
    ]);
    const group = <T extends { caseId: number }>(xs: T[]) => {
      const m = new Map<number, T[]>();
      for (const x of xs) (m.get(x.caseId) ?? m.set(x.caseId, []).get(x.caseId)!).push(x);
      return m;
    };
    const dl = group(deadlines as PageDeadline[]);
    const tl = group(timeline);
    const paid = new Map(payments.map((p) => [p.caseId, p._sum.amountFen ?? 0]));
    for (const c of page) yield registerRow(r, c, dl.get(c.id) ?? [], tl.get(c.id) ?? [], paid.get(c.id) ?? 0, q.asOf);
    after = page[page.length - 1].id;
    if (page.length < pageSize) return;
  }
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled. A field that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe, as does one
 * that already starts with apostrophes before such a character, so `csvUnguard` restores the text exactly.
 */
export function csvCell(v: string): string {
  const s = /^'*[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Undoes the formula guard of `csvCell` on a parsed field. */
export const csvUnguard = (v: string): string => (/^''*[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

export const csvLine = (cells: string[]): string => cells.map(csvCell).join(',') + '\r\n';

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes the register as CSV (UTF-8 with a BOM so Excel reads the Chinese, CRLF line ends, headers in the
 * roster's locale) or as a JSON array of objects keyed by `REGISTER_COLUMNS[].key`. Returns the number of cases.
 */
export async function writeRegister(rows: AsyncIterable<RegisterRow>, format: 'csv' | 'json', locale: Locale, out: Writable): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    await write(out, '\uFEFF' + csvLine(REGISTER_COLUMNS.map((c) => c[locale])));
    for await (const row of rows) {
      await write(out, csvLine(REGISTER_COLUMNS.map((c) => row[c.key] ?? '')));
      n++;
    }
  } else {
    await write(out, '[');
    for await (const row of rows) {
      const ordered = Object.fromEntries(REGISTER_COLUMNS.map((c) => [c.key, row[c.key] ?? '']));
      await write(out, (n ? ',\n  ' : '\n  ') + JSON.stringify(ordered));
      n++;
    }
    await write(out, n ? '\n]\n' : ']\n');
  }
  return n;
}

// ---- the command ----

export const EXPORT_USAGE = 'usage: complaint-desk export --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--format csv|json] [--out FILE|-]';

export interface ExportArgs {
  from: string;
  to: string;
  unitCode: string;
  format: 'csv' | 'json';
  /** a path, or '-' for standard output */
  out: string;
  /** true when `out` is the default path under data/exports/ (its folder is created) */
  defaultOut?: boolean;
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
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(a);
    if (!m) return { ok: false, message: `unexpected argument "${a}"` };
    const name = m[1] as (typeof known)[number];
    if (!known.includes(name)) return { ok: false, message: `unknown option --${m[1]} (options: ${known.map((k) => `--${k}`).join(', ')})` };
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
    if (!validDate(v[k]!)) return { ok: false, message: `--${k} "${v[k]}" is not a valid date: expected YYYY-MM-DD` };
  }
  if (v.from! > v.to!) return { ok: false, message: `--from ${v.from} is after --to ${v.to}` };
  const unit = v.unit === undefined ? roster.province : roster.unit(v.unit);
  if (!unit) return { ok: false, message: `there is no unit with code "${v.unit}" in the roster` };
  const format = (v.format ?? (v.out && /\.json$/i.test(v.out) ? 'json' : 'csv')).toLowerCase();
  if (format !== 'csv' && format !== 'json') return { ok: false, message: `--format "${v.format}" is not valid: expected csv or json` };
  if (v.out === '') return { ok: false, message: '--out needs a file name (or - for standard output)' };
  // Without --out the register goes under data/exports/ (git-ignored), never loose in the current folder: it holds PII.
  const out = v.out ?? join(DEFAULT_EXPORT_DIR, `complaint-register-${unit.code}-${v.from}-${v.to}.${format}`);
  return { ok: true, args: { from: v.from!, to: v.to!, unitCode: unit.code, format, out, defaultOut: v.out === undefined } };
}

const NOTICE: Record<Locale, (n: number, where: string) => string> = {
  'zh-CN': (n, where) =>
    `已导出投诉登记簿 ${n} 件至 ${where}。\n注意：该文件含未脱敏的客户个人信息（姓名、手机号等），仅用于按预案要求归档，须妥善保管，不得在工作群或其他渠道传播。`,
  en: (n, where) =>
    `Wrote the complaint register, ${n} cases, to ${where}.\nNote: this file contains UNMASKED customer personal data (names, phone numbers). Archive it as the plan requires; do not share it in chat or elsewhere.`,
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
  const { loadConfig } = await import('../config.ts');
  const { loadRoster } = await import('../app.ts');
  const { createPrismaClient } = await import('../db/client.ts');
  const { providerOf, sqlitePathOf } = await import('../db/schema-engine.ts');
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
  const db = createPrismaClient(config.databaseUrl);
  const locale = roster.settings.locale as Locale;
  try {
    const rows = registerRows(db.prisma, roster, { from: a.from, to: a.to, unitCode: a.unitCode, asOf: clock.now() });
    let n: number;
    let where: string;
    if (a.out === '-') {
      n = await writeRegister(rows, a.format, locale, stdout);
      where = 'standard output';
    } else {
      // Written beside the target and renamed at the end, so an archive never holds half a register.
      const target = resolve(cwd, a.out);
      if (!a.defaultOut && (/[\\/]$/.test(a.out) || (existsSync(target) && statSync(target).isDirectory()))) {
        stderr.write(`complaint-desk export: --out ${a.out} is a folder: give a file name, e.g. --out ${join(a.out, `register.${a.format}`)} (or - for standard output)\n`);
        return 2;
      }
      if (a.defaultOut) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      const partial = `${target}.partial-${process.pid}`;
      const file = createWriteStream(partial, { mode: 0o600 });
      let opened = false;
      try {
        await once(file, 'open');
        opened = true;
        n = await writeRegister(rows, a.format, locale, file);
        file.end();
        await once(file, 'finish');
        renameSync(partial, target);
      } catch (e) {
        file.destroy();
        rmSync(partial, { force: true });
        if (!opened) {
          stderr.write(`complaint-desk export: cannot write ${target}: ${reasonOf(e)} (--out needs a file in a folder that exists and is writable, or - for standard output)\n`);
          return 1;
        }
        throw e;
      }
      where = target;
    }
    stderr.write(NOTICE[locale](n, where) + '\n');
    return 0;
  } finally {
    await db.close();
  }
}
