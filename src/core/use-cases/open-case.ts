import type { CategorySlug, IntakeChannel } from '../domain/categories.ts';
import { caseLabel, type CaseRecord, type EscalationReason, type OutboxInput, type TimelineRecord } from '../domain/case.ts';
import { ConcurrencyError, UserError } from '../domain/errors.ts';
import { buildCard, cardText } from '../i18n/render.ts';
import { customerKey, escalationPatch, formsCluster, isExternal, reasonsOnIntake, type IntakeReason } from '../rules/escalation.ts';
import { deadlinesOnReceipt, snapshotPolicy } from '../rules/sla.ts';
import type { DeskContext } from './desk-context.ts';
import { dutyNow } from './duty-shifts.ts';
import { ok, type UseCase, type UseCaseCtx } from './use-case.ts';
import type { CaseDeadlines, CaseHistory, CaseRows, CaseTimeline, DutyWrites, OutboxWriter } from '../ports/store.ts';

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
  run: async ({ tx, desk, actor, usage }: UseCaseCtx<CaseRows & CaseHistory & CaseTimeline & Pick<CaseDeadlines, 'insertDeadlines'> & OutboxWriter & Pick<DutyWrites, 'takenShiftsBetween'>>, v) => {
    const { roster } = desk;
    const settings = roster.settings;
    const now = minute(desk.now());
    const unit = roster.unit(v.unit ?? actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
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
      openerHandle: actor.handle,
      ownerHandle: actor.handle,
      handlerHandle: actor.handle,
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
    const deadlines = deadlinesOnReceipt({
      caseId: id,
      generation: 0,
      at: now,
      policy,
      // §五: on site is satisfied at once for a walk-in at an outlet.
      walkInAtOutlet: intake === 'walk_in' && unit.level === 'outlet',
      lossReport: category === 'loss_report',
      afterTransfer: false,
    });

    const reasons: { reason: EscalationReason; line: string }[] = reasonsOnIntake({
      text: `${c.matter} ${request ?? ''}`,
      category,
      intake,
      keywords: roster.mediaKeywords,
      isRepeat: earlier.length > 0,
      settings,
    }).map((r) => ({ reason: r.reason, line: reasonLine(desk, r, earlier.map((e) => e.id)) }));

    // §6 cluster, counted by the database
    const since = new Date(now.getTime() - settings.cluster_window_hours * 60 * MIN);
    const group = await tx.clusterStats(branch.code, category, since, key);
    const verdict = formsCluster({ category, customersBefore: group.customers, newCustomerAlreadyCounted: !!key && group.includesCustomer }, settings);
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
    const onDuty = reasons.length ? await dutyNow(desk, tx) : undefined;
    for (const r of reasons) {
      const esc = await desk.autoEscalation(tx, c, r.reason, r.line, 'open', onDuty);
      c = { ...c, ...esc.patch };
      posts.push(...esc.posts);
    }
    await tx.insertCase(c);
    await tx.insertDeadlines(deadlines);
    const timeline: TimelineRecord[] = [{ caseId: id, at: now, actor: actor.handle, action: 'opened', text: c.matter + (request ? ` / ${request}` : ''), data: null }];
    if (reasons.length)
      timeline.push({ caseId: id, at: now, actor: 'bot', action: 'escalated', text: reasons.map((r) => r.line).join('; '), data: { reasons: reasons.map((r) => r.reason) } });
    await tx.appendTimeline(timeline);
    // The earlier members of a new cluster are group complaints too: flag them, in their own timelines.
    for (const otherId of clusterRelated) {
      const other = await tx.getCase(otherId);
      if (!other) continue;
      if (!(await tx.updateCase(other.id, other.version, { ...escalationPatch(other, 'cluster', 'province', now), cluster: true })))
        throw new ConcurrencyError(`case ${other.id}`);
      await desk.audit(tx, other, 'bot', 'escalated', clusterLine, { reasons: ['cluster'], trigger: caseLabel(id) });
    }

    const card = buildCard(desk.r, c, deadlines.map((d, i) => ({ ...d, id: -1 - i })), now);
    posts.unshift(desk.toGroup(`new:${id}:card`, 'case', c, c.unitCode, cardText(desk.r, card), [c.ownerHandle], { card }));
    await tx.enqueue(posts);
    return ok(desk.t('ack_new', { id: caseLabel(id) }), id, { card });
  },
};

/** §6: the one line every post of an escalated case carries. */
function reasonLine(desk: DeskContext, r: IntakeReason, earlier: number[]): string {
  switch (r.reason) {
    case 'media':
      return r.via === 'keyword' ? desk.t('esc_media_kw', { kw: r.keyword }) : r.via === 'category' ? desk.t('esc_media_category') : desk.t('esc_media_channel');
    case 'repeat':
      return r.via === 'customer'
        ? desk.t('esc_repeat_customer', { days: desk.roster.settings.repeat_window_days, others: earlier.map(caseLabel).join(', ') })
        : desk.t('esc_repeat_category');
    case 'skip_level':
      return desk.t('esc_skip', { channel: desk.label('intake', r.channel) });
    case 'cross_province':
      return desk.t('esc_cross');
  }
}

/** Received-at is kept to the minute (§3). */
const minute = (d: Date): Date => new Date(Math.floor(d.getTime() / MIN) * MIN);
