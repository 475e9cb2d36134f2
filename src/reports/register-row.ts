/**
 * One line of the complaint register (登记簿), §六.7: a case with every field, its class (§7), deadline compliance
 * per kind (§五) and its timeline, in the roster's locale. Customer PII appears in full here, and only here (§3).
 */
import { categoryNumber, type StatClass } from '../core/domain/categories.ts';
import { label, t, type MessageKey } from '../core/i18n/messages.ts';
import type { CaseRecord, DeadlineKind, DeadlineRecord, TimelineRecord } from '../core/domain/case.ts';
import { caseLabel } from '../core/domain/case.ts';
import { fmtYuan, unitLabel, type RenderCtx } from '../core/i18n/render.ts';
import type { Roster } from '../core/domain/roster.ts';
import { compliance } from '../core/rules/sla.ts';
import { statClass } from '../core/rules/statistics.ts';
import { isoLocal, localMinute, weekdayIndex } from '../core/domain/time.ts';

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

const FLAG_KEYS = ['mediaThreat', 'repeat', 'skipLevel', 'cluster', 'crossProvince', 'claim', 'aggressive', 'lateTransfer', 'cutover'] as const;

function memberLabel(roster: Roster, handle: string | null): string {
  if (!handle) return '';
  const m = roster.member(handle);
  return m ? `${m.name}(@${m.handle})` : `@${handle}`;
}

/** The timeline's action in words (the same words the desk uses in its posts), and its text. */
function timelineLine(r: RenderCtx, e: TimelineRecord): string {
  const L = r.locale;
  const zh = L === 'zh-CN';
  const d = e.data ?? {};
  let text = e.text;
  // the scheduler records a breach (or an escalation after unanswered nags) with its deadline kind: in the entry's
  // data, or, in entries written before timeline data carried it, as the text `<deadline kind>:<stage>`
  const coded = text ? /^([a-z_]+):([a-z0-9]+)$/.exec(text) : null;
  const nag: string | undefined = coded ? coded[1] : text == null ? d.deadline : undefined;
  if (nag && (DEADLINE_KINDS as string[]).includes(nag)) {
    text = zh ? `「${label(L, 'deadline', nag)}」超时` : `"${label(L, 'deadline', nag)}" overdue`;
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
  tl: TimelineRecord[],
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
    category: `${categoryNumber(c.category)} ${label(L, 'category', c.category)}`,
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
