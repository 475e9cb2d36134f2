/**
 * One line of the complaint register (登记簿), §六.7: a case with every field, its class (§7), deadline compliance
 * per kind (§五) and its timeline, in the roster's locale. Customer PII appears in full here, and only here (§3).
 */
import { categoryNumber, type StatClass } from '../core/domain/categories.ts';
import { label, t, type Locale, type MessageKey } from '../core/i18n/messages.ts';
import { registerHeader, registerWord, type RegisterWord } from '../core/i18n/paperwork.ts';
import type { CaseRecord, DeadlineKind, DeadlineRecord, TimelineRecord } from '../core/domain/case.ts';
import { CASE_FLAG_KEYS, caseLabel } from '../core/domain/case.ts';
import { fmtYuan, unitLabel, type RenderCtx } from '../core/i18n/render.ts';
import type { Roster } from '../core/domain/roster.ts';
import { compliance } from '../core/rules/sla.ts';
import { currentStatClass } from '../core/rules/statistics.ts';
import { isoLocal, localMinute, weekdayIndex } from '../core/domain/time.ts';

type Col = { key: string; 'zh-CN': string; en: string };

const DEADLINE_KINDS: DeadlineKind[] = ['onsite', 'reply', 'report', 'transfer', 'start', 'oral_loss_report'];

/** The register's columns, in order: a stable key (the JSON field) and the CSV header in each locale. */
export const REGISTER_COLUMNS: readonly Col[] = [
  ...(
    [
      'id',
      'receivedAt',
      'weekday',
      'intake',
      'customerName',
      'customerPhone',
      'vip',
      'unit',
      'branch',
      'category',
      'matter',
      'request',
      'cutover',
      'opener',
      'owner',
      'handler',
      'status',
      'level',
      'flags',
      'escalated',
      'escalatedAt',
      'escalationReasons',
      'transferred',
      'lateTransfer',
      'responsibility',
      'validity',
      'statClass',
      'resolvedAt',
      'paymentsTotal',
    ] as const
  ).map((key) => ({
    key,
    'zh-CN': registerHeader('zh-CN', key),
    en: registerHeader('en', key),
  })),
  ...DEADLINE_KINDS.map((k) => ({
    key: `deadline_${k}`,
    'zh-CN': registerHeader('zh-CN', 'deadline', { deadline: label('zh-CN', 'deadline', k) }),
    en: registerHeader('en', 'deadline', { deadline: label('en', 'deadline', k) }),
  })),
  { key: 'timeline', 'zh-CN': registerHeader('zh-CN', 'timeline'), en: registerHeader('en', 'timeline') },
];

/** One register line: every value is the text of the CSV cell ('' for none), so the CSV and JSON agree. */
export type RegisterRow = Record<string, string>;

/** The register's own cell words (src/core/i18n/paperwork.ts). */
const words = (L: Locale) => ({
  yes: registerWord(L, 'yes'),
  no: registerWord(L, 'no'),
  list: registerWord(L, 'list'),
  sep: registerWord(L, 'sep'),
});

type PageDeadline = Pick<DeadlineRecord, 'caseId' | 'kind' | 'generation' | 'dueAt' | 'completedAt' | 'state' | 'breachedAt'>;

function memberLabel(roster: Roster, handle: string | null): string {
  if (!handle) return '';
  const m = roster.member(handle);
  return m ? `${m.name}(@${m.handle})` : `@${handle}`;
}

/** The timeline's action in words (the same words the desk uses in its posts), and its text. */
function timelineLine(r: RenderCtx, e: TimelineRecord): string {
  const L = r.locale;
  const d = e.data ?? {};
  let text = e.text;
  // the scheduler records a breach (or an escalation after unanswered nags) with its deadline kind: in the entry's
  // data, or, in entries written before timeline data carried it, as the text `<deadline kind>:<stage>`
  const coded = text ? /^([a-z_]+):([a-z0-9]+)$/.exec(text) : null;
  const nag: string | undefined = coded ? coded[1] : text == null ? d.deadline : undefined;
  if (nag && (DEADLINE_KINDS as string[]).includes(nag)) {
    text = registerWord(L, 'nag_overdue', { deadline: label(L, 'deadline', nag) });
  }
  let what: string;
  switch (e.action) {
    case 'assigned':
      what = t(L, 'act_assigned', { handle: d.handle ?? '' });
      break;
    case 'transferred':
      what = t(L, 'act_transferred', { from: d.from ?? '', to: d.to ?? '' });
      break;
    case 'escalated':
      what = d.level ? t(L, 'act_escalated', { level: label(L, 'level', d.level) }) : label(L, 'action', 'escalate');
      break;
    case 'paid':
      what = t(L, 'act_paid', { amount: d.amount ?? '' });
      break;
    case 'breached':
      what = text ?? registerWord(L, 'breached');
      text = null;
      break;
    default:
      try {
        what = t(L, `act_${e.action}` as MessageKey);
      } catch {
        what = e.action;
      }
  }
  return `${localMinute(e.at, r.tz)} @${e.actor} ${what}${text ? registerWord(L, 'with_text', { text }) : ''}`;
}

function deadlineCell(r: RenderCtx, kind: DeadlineKind, ds: PageDeadline[], transferred: boolean, asOf: Date): string {
  const L = r.locale;
  const w = (k: RegisterWord) => registerWord(L, k);
  const mine = ds.filter((d) => d.kind === kind).sort((a, b) => a.generation - b.generation);
  // §五: each transfer starts the deadlines again at the receiving level; number the rounds when there are several
  const rounds = new Set(ds.filter((d) => d.kind !== 'promise').map((d) => d.generation)).size > 1;
  return mine
    .map((d) => {
      const v = compliance(d, asOf);
      let word: string;
      if (kind === 'transfer' && v !== 'on_time' && v !== 'late') word = transferred && v === 'void' ? w('void') : w('not_transferred');
      else if (kind === 'oral_loss_report' && (v === 'open' || v === 'overdue')) word = v === 'open' ? w('in_force') : w('lapsed');
      else word = w(v);
      const parts = [`${w('due')} ${localMinute(d.dueAt, r.tz)}`];
      if (d.completedAt) parts.push(`${w('done')} ${localMinute(d.completedAt, r.tz)}`);
      const round = rounds ? registerWord(L, 'round', { n: d.generation + 1 }) : '';
      return registerWord(L, 'deadline_cell', { round, word, parts: parts.join(w('part_sep')) });
    })
    .join(w('sep'));
}

/** One case as a register line. */
export function registerRow(
  r: RenderCtx,
  c: CaseRecord,
  ds: PageDeadline[],
  tl: TimelineRecord[],
  paidFen: number,
  asOf: Date,
): RegisterRow {
  const L = r.locale;
  const w = words(L);
  const yn = (b: boolean) => (b ? w.yes : w.no);
  const iso = (d: Date | null) => (d ? isoLocal(d, r.tz) : '');
  // §7: a resolved case keeps the class fixed at resolution; an open one is classed from its history as of now.
  const cls: StatClass = currentStatClass(c, ds, asOf);
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
    category: `${categoryNumber(c.category)} ${label(L, 'category', c.category)}`,
    matter: c.matter,
    request: c.request ?? '',
    cutover: yn(c.cutover),
    opener: memberLabel(r.roster, c.openerHandle),
    owner: memberLabel(r.roster, c.ownerHandle),
    handler: memberLabel(r.roster, c.handlerHandle),
    status: label(L, 'status', c.status),
    level: `${label(L, 'level', c.level)} · ${unitLabel(r, c.levelUnitCode)}`,
    flags: CASE_FLAG_KEYS.filter((k) => c[k])
      .map((k) => label(L, 'flag', k))
      .join(w.list),
    escalated: yn(c.escalated),
    escalatedAt: iso(c.escalatedAt),
    escalationReasons: c.escalationReasons.map((x) => label(L, 'reason', x)).join(w.list),
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
