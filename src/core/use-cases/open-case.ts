import type { CategorySlug, IntakeChannel } from '../domain/categories.ts';
import { caseLabel, type CaseRecord, type EscalationReason, type OutboxInput, type TimelineRecord } from '../domain/case.ts';
import { ConcurrencyError, UserError } from '../domain/errors.ts';
import { buildCard, cardText, unitLabel } from '../i18n/render.ts';
import { customerKey, escalationPatch, formsCluster, isExternal, reasonsOnIntake, type IntakeReason } from '../rules/escalation.ts';
import { contactDeadline, deadlinesOnReceipt, snapshotPolicy, takesOneWorkingDay } from '../rules/sla.ts';
import { workCalendar } from '../rules/working-days.ts';
import { inOutage } from '../rules/outage.ts';
import { rosterOutage } from '../i18n/clock-render.ts';
import { localMinute } from '../domain/time.ts';
import { contactOf, handsOff, type OpenerIdentity } from '../rules/people.ts';
import { maskFreeText, maskPhone } from '../rules/masking.ts';
import type { DeskContext } from './desk-context.ts';
import { dutyNow } from './duty-shifts.ts';
import { ok, type Reply, type UseCase, type UseCaseCtx } from './use-case.ts';
import { lineReportPosts } from './report-to-line.ts';

export type { OpenerIdentity } from '../rules/people.ts';

export interface OpenCaseInput {
  unit?: string;
  category?: CategorySlug;
  channel?: IntakeChannel;
  customer?: string;
  phone?: string;
  vip?: boolean;
  /** the matter; a request may follow after " / " (§9) */
  text: string;
}

const MIN = 60_000;
/** A cluster's escalation line names this many of its cases, then says how many more. */
const CLUSTER_LIST = 10;

/** §9 defaults for `new`: the actor's unit, category `general`, channel `walk_in`, vip `no`. */
export const openCase: UseCase<OpenCaseInput> = {
  run: (k, v) => openCaseAs(k, k.actor, v),
};

/**
 * Opens a case for an opener who may not be a roster member (§17: the work-order API's `api:NAME` has no unit, so
 * it must name the case's unit). §15.1: a `hotline` case whose opener is not a member of the case's unit is handed
 * to that unit's contact, who becomes its owner and handler; the opener stays on it as opener.
 */
export async function openCaseAs({ tx, desk, usage }: Omit<UseCaseCtx, 'actor'>, opener: OpenerIdentity, v: OpenCaseInput): Promise<Reply> {
  const { roster } = desk;
  const settings = roster.settings;
  const now = minute(desk.now());
  const unitCode = v.unit ?? opener.unit;
  if (!unitCode) throw new UserError('err_unit_required', {}, usage);
  const unit = roster.unit(unitCode);
  if (!unit) throw new UserError('err_unknown_unit', { code: unitCode }, usage);
  const category = v.category ?? 'general';
  const intake = v.channel ?? 'walk_in';
  // §9: a request may follow the matter after " / " (a full-width ／ needs no spaces around it)
  const [matter, ...requestParts] = v.text.split(/\s+\/\s+|\s*／\s*/);
  const request = requestParts.join(' / ').trim() || null;
  const phone = v.phone ?? null;
  const name = v.customer ?? null;
  const key = customerKey(phone, name);
  const policy = snapshotPolicy(settings);
  const branch = roster.branchOf(unit.code);
  // §12/§15.1: who is on duty now, read once for the hand-off and every escalation post of this case
  const handOff = handsOff(intake, opener, unit.code);
  let onDutyNow: ((unitCode: string) => string[]) | undefined = handOff ? await dutyNow(desk, tx) : undefined;
  const contact = handOff ? contactOf(roster.ancestors(unit.code), roster.members, onDutyNow!) : null;
  const owner = contact?.handle ?? opener.handle;

  const id = await tx.nextCaseId();
  // §6 repeat: the same customer has another case within 30 days.
  const earlier = key ? await tx.casesOfCustomerSince(key, new Date(now.getTime() - settings.repeat_window_days * 24 * 60 * MIN), id) : [];
  let c: CaseRecord = {
    id,
    receivedAt: now,
    intake,
    customerName: name,
    customerPhone: phone,
    customerKey: key,
    vip: v.vip ?? false,
    unitCode: unit.code,
    branchCode: branch.code,
    category,
    matter: matter.trim(),
    request,
    // §四(三): the cutover-caused kinds (categories 2–8 by default, setting `cutover_categories`).
    cutover: settings.cutover_categories.includes(category),
    openerHandle: opener.handle,
    ownerHandle: owner,
    handlerHandle: owner,
    status: 'open',
    level: unit.level,
    levelUnitCode: unit.code,
    levelSince: now,
    mediaThreat: false,
    repeat: false,
    skipLevel: isExternal(intake, settings),
    cluster: false,
    crossProvince: false,
    claim: category === 'claim',
    aggressive: category === 'aggressive',
    transferred: false,
    lateTransfer: false,
    escalated: false,
    escalatedAt: null,
    escalationReasons: [],
    breached: false,
    responsibility: null,
    validity: null,
    statClass: null,
    resolvedAt: null,
    policy,
    version: 0,
    updatedAt: now,
  };
  // §16.1: an oral loss report belongs to the outage; outside it the formal report is available at the counter
  const outage = rosterOutage(desk.r);
  const oralLossClock = category === 'loss_report' && (!outage || inOutage(outage, now));
  const deadlines = deadlinesOnReceipt({
    caseId: id,
    generation: 0,
    at: now,
    policy,
    // §五: on site is satisfied at once for a walk-in at an outlet.
    walkInAtOutlet: intake === 'walk_in' && unit.level === 'outlet',
    lossReport: oralLossClock,
    afterTransfer: false,
    // §16.4: a general complaint takes the normal road: one working day
    oneWorkingDay: takesOneWorkingDay(category, policy) ? workCalendar(settings) : null,
  });
  if (contact) deadlines.push(contactDeadline(id, 0, now, policy));

  const reasons: { reason: EscalationReason; line: string }[] = reasonsOnIntake({
    text: `${c.matter} ${request ?? ''}`,
    category,
    intake,
    keywords: roster.mediaKeywords,
    angerKeywords: roster.angerKeywords,
    isRepeat: earlier.length > 0,
    settings,
  }).map((r) => ({
    reason: r.reason,
    line: reasonLine(
      desk,
      r,
      earlier.map((e) => e.id),
    ),
  }));

  // §6 cluster, counted by the database
  const since = new Date(now.getTime() - settings.cluster_window_hours * 60 * MIN);
  const group = await tx.clusterStats(branch.code, category, since, key);
  const verdict = formsCluster(
    { category, customersBefore: group.customers, newCustomerAlreadyCounted: !!key && group.includesCustomer },
    settings,
  );
  let clusterRelated: number[] = [];
  let clusterLine = '';
  if (verdict.cluster) {
    const members = await tx.clusterMembers(branch.code, category, since, CLUSTER_LIST);
    const shown = [...members.ids, id].slice(0, CLUSTER_LIST);
    const more = group.cases + 1 - shown.length;
    clusterLine = desk.t('esc_cluster', {
      hours: settings.cluster_window_hours,
      count: verdict.customers,
      cases: shown.map(caseLabel).join(', ') + (more > 0 ? desk.t('and_more', { n: more }) : ''),
    });
    reasons.push({ reason: 'cluster', line: clusterLine });
    clusterRelated = members.unflagged;
  }

  // the escalations are decided before the case is written: one insert, one timeline write
  const posts: OutboxInput[] = [];
  // who is on duty is read once for all of this case's escalation posts
  if (reasons.length) onDutyNow ??= await dutyNow(desk, tx);
  for (const r of reasons) {
    const esc = await desk.autoEscalation(tx, c, r.reason, r.line, 'open', onDutyNow);
    c = { ...c, ...esc.patch };
    posts.push(...esc.posts);
  }
  await tx.insertCase(c);
  await tx.insertDeadlines(deadlines);
  const timeline: TimelineRecord[] = [
    { caseId: id, at: now, actor: opener.handle, action: 'opened', text: c.matter + (request ? ` / ${request}` : ''), data: null },
  ];
  if (contact)
    timeline.push({
      caseId: id,
      at: now,
      actor: 'bot',
      action: 'handed_off',
      text: null,
      data: { handle: contact.handle, to: contact.unit },
    });
  if (reasons.length)
    timeline.push({
      caseId: id,
      at: now,
      actor: 'bot',
      action: 'escalated',
      text: reasons.map((r) => r.line).join('; '),
      data: { reasons: reasons.map((r) => r.reason) },
    });
  // §15.7: a category reported along business lines goes to its lines at once
  const lines = settings.category_lines[category] ?? [];
  const lineReport = lines.length ? lineReportPosts(desk, c, lines, 'open', null) : null;
  if (lineReport?.reached)
    timeline.push({ caseId: id, at: now, actor: 'bot', action: 'line_reported', text: null, data: { lines: [...lines] } });
  await tx.appendTimeline(timeline);
  // The earlier members of a new cluster are group complaints too: flag them, in their own timelines.
  for (const otherId of clusterRelated) {
    const other = await tx.getCase(otherId);
    if (!other) continue;
    if (!(await tx.updateCase(other.id, other.version, { ...escalationPatch(other, 'cluster', 'province', now), cluster: true })))
      throw new ConcurrencyError(`case ${other.id}`);
    await desk.audit(tx, other, 'bot', 'escalated', clusterLine, { reasons: ['cluster'], trigger: caseLabel(id) });
  }

  const card = buildCard(
    desk.r,
    c,
    deadlines.map((d, i) => ({ ...d, id: -1 - i })),
    now,
  );
  const cardPost = contact
    ? `${desk.t('post_handoff', { handle: contact.handle, unit: unitLabel(desk.r, contact.unit) })}\n${cardText(desk.r, card)}`
    : cardText(desk.r, card);
  posts.unshift(desk.toGroup(`new:${id}:card`, 'case', c, c.unitCode, cardPost, [c.ownerHandle], { card }));
  if (contact) {
    // §15.1: the contact hears at once, with the masked number and the way to see the full one (15.6)
    const text = desk.t('dm_handoff', {
      id: caseLabel(id),
      unit: unit.name,
      matter: maskFreeText(c.matter, c.customerName),
      handle: contact.handle,
      phone: phone ? desk.t('dm_handoff_phone', { phone: maskPhone(phone) }) : '',
    });
    posts.splice(1, 0, desk.toMember(`new:${id}:handoff`, 'case', c, contact.handle, text, { card }));
  }
  if (lineReport) posts.push(lineReport.post);
  await tx.enqueue(posts);
  let ack = contact
    ? desk.t('ack_new_handoff', { id: caseLabel(id), unit: unitLabel(desk.r, contact.unit), who: `@${contact.handle}` })
    : desk.t('ack_new', { id: caseLabel(id) });
  // §16.2: the ack gives the moment the oral report lapses; §16.1: or says the counter takes the formal one
  const loss = deadlines.find((d) => d.kind === 'oral_loss_report');
  if (loss) ack += ` ${desk.t('ack_loss_lapse', { due: localMinute(loss.dueAt, desk.r.tz), days: policy.oralLossReportDays })}`;
  else if (category === 'loss_report' && settings.cutover)
    ack += ` ${desk.t('ack_loss_counter', { from: settings.cutover.outage_from, to: settings.cutover.outage_to })}`;
  return ok(ack, id, { card });
}

/** §6: the one line every post of an escalated case carries. */
function reasonLine(desk: DeskContext, r: IntakeReason, earlier: number[]): string {
  switch (r.reason) {
    case 'media':
      return r.via === 'keyword'
        ? desk.t('esc_media_kw', { kw: r.keyword })
        : r.via === 'category'
          ? desk.t('esc_media_category')
          : desk.t('esc_media_channel');
    case 'repeat':
      return r.via === 'customer'
        ? desk.t('esc_repeat_customer', { days: desk.roster.settings.repeat_window_days, others: earlier.map(caseLabel).join(', ') })
        : desk.t('esc_repeat_category');
    case 'skip_level':
      return desk.t('esc_skip', { channel: desk.label('intake', r.channel) });
    case 'cross_province':
      return desk.t('esc_cross');
    case 'anger':
      return desk.t('esc_anger_kw', { kw: r.keyword });
  }
}

/** Received-at is kept to the minute (§3). */
const minute = (d: Date): Date => new Date(Math.floor(d.getTime() / MIN) * MIN);
