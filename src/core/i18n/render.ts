import { categoryNumber } from '../domain/categories.ts';
import { label, t, type Locale, type MessageKey } from './messages.ts';
import { maskFreeText, maskName, maskPhone } from '../rules/masking.ts';
import type { CaseCard, CaseRecord, DeadlineRecord, PolicySnapshot, TimelineData, TimelineRecord } from '../domain/case.ts';
import { CASE_FLAG_KEYS, caseLabel, isHandedOff } from '../domain/case.ts';
import type { Roster } from '../domain/roster.ts';
import { compliance, stepGeneration } from '../rules/sla.ts';
import { formatDuration, localHm, localMinute, weekdayIndex } from '../domain/time.ts';
import type { Refusal } from '../domain/errors.ts';
import type { StatClass } from '../domain/categories.ts';

export interface RenderCtx {
  roster: Roster;
  locale: Locale;
  tz: string;
}

const who = (r: RenderCtx, handle: string | null | undefined): string => (handle ? `@${handle}` : t(r.locale, 'label_none'));

function receivedLabel(r: RenderCtx, at: Date): string {
  return `${localMinute(at, r.tz)} ${label(r.locale, 'weekday', String(weekdayIndex(at, r.tz)))}`;
}

/** "张* 138****1111 VIP" */
export function customerLabel(r: RenderCtx, c: Pick<CaseRecord, 'customerName' | 'customerPhone' | 'vip'>): string {
  const parts = [maskName(c.customerName), maskPhone(c.customerPhone), c.vip ? t(r.locale, 'label_vip') : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : t(r.locale, 'label_none');
}

/** §6: an escalated case says why, in one line, in every post. */
export function escalationLine(r: RenderCtx, c: Pick<CaseRecord, 'escalated' | 'escalationReasons'>): string {
  if (!c.escalated || !c.escalationReasons.length) return '';
  return t(r.locale, 'line_escalated', {
    reasons: c.escalationReasons.map((x) => label(r.locale, 'reason', x)).join(t(r.locale, 'fmt_enum_sep')),
  });
}

export function unitLabel(r: RenderCtx, code: string): string {
  const u = r.roster.unit(code);
  return u ? `${u.name}(${u.code})` : code;
}

/**
 * §4: the category's one-line guide, with the numbers of the case's frozen policy and the roster's payment
 * limits rendered in (never written into the sentence).
 */
export function guideText(r: RenderCtx, category: string, policy?: Pick<PolicySnapshot, 'oralLossReportDays'>): string {
  const n = (x: number) => (r.locale === 'en' ? x.toLocaleString('en') : String(x));
  const s = r.roster.settings;
  return label(r.locale, 'guide', category, {
    days: policy?.oralLossReportDays ?? s.oral_loss_report_days,
    ordinary: n(s.payment_limit.ordinary),
    vip: n(s.payment_limit.vip),
  });
}

function flagsLabel(r: RenderCtx, c: CaseRecord): string {
  const on = CASE_FLAG_KEYS.filter((k) => c[k]).map((k) => label(r.locale, 'flag', k));
  return on.length ? on.join(t(r.locale, 'fmt_enum_sep')) : t(r.locale, 'label_none');
}

function deadlineStateLabel(r: RenderCtx, d: DeadlineRecord, now: Date): string {
  const c = compliance(d, now);
  switch (c) {
    case 'on_time':
      return t(r.locale, 'label_done');
    case 'late':
      return t(r.locale, 'label_late');
    case 'overdue':
      return `${t(r.locale, 'label_overdue_by')} ${formatDuration(now.getTime() - d.dueAt.getTime(), r.locale)}`;
    case 'open':
      return `${t(r.locale, 'label_left')} ${formatDuration(d.dueAt.getTime() - now.getTime(), r.locale)}`;
    default:
      return '';
  }
}

/** Deadlines worth showing: the current generation, the transfer deadline only while it can still matter. */
export function visibleDeadlines(c: CaseRecord, ds: DeadlineRecord[]): DeadlineRecord[] {
  const gen = stepGeneration(ds);
  // §16.3: a promise to the customer outlives a transfer (it is the current one while not replaced)
  return ds.filter(
    (d) =>
      (d.generation === gen || d.kind === 'promise') &&
      d.state !== 'cancelled' &&
      !(d.kind === 'transfer' && d.state !== 'pending' && !c.transferred),
  );
}

export function buildCard(r: RenderCtx, c: CaseRecord, ds: DeadlineRecord[], now: Date): CaseCard {
  const L = (k: Parameters<typeof t>[1]) => t(r.locale, k);
  const fields = [
    { label: L('label_received'), value: receivedLabel(r, c.receivedAt) },
    { label: L('label_unit'), value: unitLabel(r, c.unitCode) },
    { label: L('label_category'), value: `${categoryNumber(c.category)} ${label(r.locale, 'category', c.category)}` },
    { label: L('label_channel'), value: label(r.locale, 'intake', c.intake) },
    { label: L('label_customer'), value: customerLabel(r, c) },
    { label: L('label_owner'), value: who(r, c.ownerHandle) },
    { label: L('label_handler'), value: who(r, c.handlerHandle) },
    // §15.1: a handed-off case shows who took it (the hotline agent, or the work-order API)
    ...(isHandedOff(c) ? [{ label: L('label_opener'), value: who(r, c.openerHandle) }] : []),
    { label: L('label_level'), value: `${label(r.locale, 'level', c.level)} · ${unitLabel(r, c.levelUnitCode)}` },
    { label: L('label_matter'), value: maskFreeText(c.matter, c.customerName) },
  ];
  if (c.request) fields.push({ label: L('label_request'), value: maskFreeText(c.request, c.customerName) });
  if (c.category === 'cutover') fields.push({ label: L('label_unified'), value: r.roster.settings.unified_explanation });
  const promise = promiseField(r, c, ds, now);
  if (promise) fields.push(promise);
  // §15.5 (§四(三)14): staff give no interviews, journalists go to the press contact; (§四(三)11) security for aggression
  if (c.category === 'media' || c.mediaThreat || c.intake === 'media')
    fields.push({ label: L('label_press'), value: t(r.locale, 'card_press', { contact: contactText(r, c.unitCode, 'press_contact') }) });
  if (c.category === 'aggressive')
    fields.push({
      label: L('label_security'),
      value: t(r.locale, 'card_security', { contact: contactText(r, c.unitCode, 'security_contact') }),
    });
  const buttons: CaseCard['buttons'] = c.status === 'resolved' ? [] : ['take', 'on_site', 'replied', 'reported', 'resolve', 'escalate'];
  // §15.1: a handed-off case's contact marks the call to the customer (已联系客户) while it is owed
  if (c.status !== 'resolved' && ds.some((d) => d.kind === 'contact' && d.state === 'pending')) buttons.push('contacted');
  return {
    id: caseLabel(c.id),
    status: c.status,
    statusLabel: label(r.locale, 'status', c.status),
    title: `${caseLabel(c.id)} · ${label(r.locale, 'category', c.category)} · ${unitLabel(r, c.unitCode)}`,
    fields,
    guide: guideText(r, c.category, c.policy),
    escalation: escalationLine(r, c) || null,
    deadlines: visibleDeadlines(c, ds)
      .filter((d) => d.kind !== 'transfer')
      .map((d) => ({
        kind: d.kind,
        label: label(r.locale, 'deadline', d.kind),
        dueAt: localHm(d.dueAt, r.tz),
        state: deadlineStateLabel(r, d, now),
      })),
    buttons,
  };
}

/** §4 categories 2 and 7: "promise a completion time" (承诺办结时间). */
const PROMISE_CATEGORIES: readonly string[] = ['cutover', 'transaction'];

/**
 * §16.3: the card shows the promise made to the customer (the current one), or on categories 2 and 7 the prompt
 * to make one until one is made.
 */
export function promiseField(r: RenderCtx, c: CaseRecord, ds: DeadlineRecord[], now: Date): { label: string; value: string } | null {
  const current = ds
    .filter((d) => d.kind === 'promise' && d.state !== 'cancelled')
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
    .pop();
  const L = t(r.locale, 'label_promise');
  if (current)
    return {
      label: L,
      value: `${localMinute(current.dueAt, r.tz)}${t(r.locale, 'fmt_paren', { x: deadlineStateLabel(r, current, now) })}`,
    };
  if (PROMISE_CATEGORIES.includes(c.category) && c.status !== 'resolved')
    return { label: L, value: t(r.locale, 'card_promise_prompt', { id: caseLabel(c.id) }) };
  return null;
}

/** §15.5 the press or security contact of a unit or its nearest ancestor that has one, naming that unit. */
export function contactText(r: RenderCtx, unitCode: string, kind: 'press_contact' | 'security_contact'): string {
  const found = r.roster.contactOf(unitCode, kind);
  return found ? t(r.locale, 'contacts_from', { contact: found.contact, unit: found.unit.name }) : t(r.locale, 'contacts_unknown');
}

/** "on site 09:00（done）" in zh-CN, "on site 09:00 (done)" in en. */
const deadlineLine = (r: RenderCtx, d: CaseCard['deadlines'][number]): string =>
  `${d.label} ${d.dueAt}${t(r.locale, 'fmt_paren', { x: d.state })}`;

/** What a timeline entry did, in the reader's words (`act_*`). */
export function actionText(r: RenderCtx, action: string, data: TimelineData | null | undefined, text?: string | null): string {
  const d = data ?? {};
  const L = r.locale;
  // entries written before timeline data carried the deadline kept it in the text as "kind:stage"
  const deadline = d.deadline ?? /^([a-z_]+):[a-z_0-9]+$/.exec(text ?? '')?.[1];
  switch (action) {
    case 'assigned':
      return t(L, 'act_assigned', { handle: d.handle ?? '' });
    case 'transferred':
      return t(L, 'act_transferred', { from: d.from ?? '', to: d.to ?? '' });
    case 'paid':
      return t(L, 'act_paid', { amount: d.amount ?? '' });
    case 'promised':
      return t(L, 'act_promised', { by: d.by ?? '' });
    case 'callback':
      return t(L, 'act_callback', { result: label(L, 'callback', d.result ?? '') });
    case 'line_reported':
      return t(L, 'act_line_reported', { lines: (d.lines ?? []).map((x) => label(L, 'line', x)).join(t(L, 'fmt_enum_sep')) });
    case 'handed_off':
    case 'phone_viewed':
      return t(L, action === 'handed_off' ? 'act_handed_off' : 'act_phone_viewed', { handle: d.handle ?? '' });
    case 'breached':
      return t(L, 'act_breached', { deadline: label(L, 'deadline', deadline ?? '') });
    case 'escalated':
      if (d.level) return t(L, 'act_escalated', { level: label(L, 'level', d.level) });
      if (d.reasons?.length)
        return t(L, 'act_escalated_for', { reasons: d.reasons.map((x) => label(L, 'reason', x)).join(t(L, 'fmt_enum_sep')) });
      if (deadline) return t(L, 'act_escalated_breach', { deadline: label(L, 'deadline', deadline) });
      return t(L, 'act_escalated', { level: label(L, 'level', 'province') });
    default:
      return t(L, `act_${action}` as MessageKey);
  }
}

/** A timeline entry's free text as shown (masked); none for the bot's coded entries. */
function timelineText(text: string | null, customerName: string | null): string {
  if (!text || /^[a-z_]+:[a-z_0-9]+$/.test(text)) return '';
  return `: ${maskFreeText(text, customerName)}`;
}

/** The card as plain text (console, drill, fallback text of rich posts). */
export function cardText(r: RenderCtx, card: CaseCard): string {
  const lines = [`${t(r.locale, 'fmt_title', { x: card.title }).trimEnd()}${r.locale === 'zh-CN' ? '' : ' '}${card.statusLabel}`];
  if (card.escalation) lines.push(card.escalation);
  for (const f of card.fields) lines.push(`${f.label}: ${f.value}`);
  lines.push(`${t(r.locale, 'label_guide')}: ${card.guide}`);
  if (card.deadlines.length)
    lines.push(`${t(r.locale, 'label_deadlines')}: ` + card.deadlines.map((d) => deadlineLine(r, d)).join(t(r.locale, 'fmt_list_sep')));
  return lines.join('\n');
}

/** A timeline entry's most characters in a bounded `show` (the whole entry is in the handling form). */
export const SHOW_ENTRY_MAX = 400;

export function showText(
  r: RenderCtx,
  c: CaseRecord,
  ds: DeadlineRecord[],
  tl: TimelineRecord[],
  cls: StatClass,
  paidFen: number,
  now: Date,
  replyChars?: number,
): string {
  const card = buildCard(r, c, ds, now);
  const lines = [cardText(r, card)];
  lines.push(`${t(r.locale, 'label_flags')}: ${flagsLabel(r, c)}`);
  lines.push(`${t(r.locale, 'label_class')}: ${label(r.locale, 'class', cls)}`);
  if (paidFen > 0) lines.push(`${t(r.locale, 'label_paid')}: ${fmtYuan(paidFen)}`);
  if (c.status === 'resolved' && c.responsibility)
    lines.push(
      `${t(r.locale, 'label_resolution')}: ${label(r.locale, 'fault', c.responsibility)} · ${label(r.locale, 'validity', c.validity ?? 'valid')}`,
    );
  lines.push(`${t(r.locale, 'label_timeline')}:`);
  const entries = tl.map(
    (e) => `  ${localMinute(e.at, r.tz)} @${e.actor} ${actionText(r, e.action, e.data, e.text)}${timelineText(e.text, c.customerName)}`,
  );
  const full = [...lines, ...entries].join('\n');
  if (!replyChars || full.length <= replyChars) return full;
  // A front end that bounds its answers (Slack, Discord) gets the latest entries that fit, each cut to
  // SHOW_ENTRY_MAX, and a line saying how many earlier ones there are and where to read them all: the form (§14).
  const earlier = (n: number) => t(r.locale, 'show_earlier', { n, command: `/complaint form ${caseLabel(c.id)}` });
  let room = replyChars - lines.join('\n').length - earlier(entries.length).length - 2;
  const kept: string[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i].length > SHOW_ENTRY_MAX ? `${entries[i].slice(0, SHOW_ENTRY_MAX - 1)}…` : entries[i];
    if (e.length + 1 > room) break;
    kept.unshift(e);
    room -= e.length + 1;
  }
  const skipped = entries.length - kept.length;
  return [...lines, ...(skipped ? [earlier(skipped)] : []), ...kept].join('\n');
}

export const fmtYuan = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

export function errorText(locale: Locale, e: Refusal): string {
  const main = t(locale, e.code, e.params);
  return e.usage ? `${main}\n${t(locale, 'expected_form', { usage: e.usage })}` : main;
}

/** §8, §14: the report's title, the one wording the chat summary, the chart and the mail use. */
export function summaryTitle(locale: Locale, s: { unit: string; date: string }, unitName?: string): string {
  return t(locale, 'sum_title', { unit: unitName ? t(locale, 'sum_unit', { name: unitName, code: s.unit }) : s.unit, date: s.date });
}
