import { COMMANDS, exampleOf, findCommand, EXPECTED, type ParsedCommand, parseCommandText } from '../../../commands/index.ts';
import { EXTERNAL_CHANNELS, type CategorySlug, type Fault, type IntakeChannel } from '../domain/categories.ts';
import { UserError, isUserError } from '../domain/errors.ts';
import { customerKey, mentionsMedia, reasonsOnIntake } from '../rules/escalation.ts';
import type { CaseRecord, CaseStatus, DeadlineKind, EscalationReason, OutboxInput, PolicySnapshot } from '../domain/case.ts';
import { caseLabel } from '../domain/case.ts';
import type { StoreTx } from '../ports/store.ts';
import { actionText, buildCard, cardText, errorText, fmtYuan, showText, unitLabel } from '../i18n/render.ts';
import type { TMember } from '../domain/roster.ts';
import { deadlinesOnReceipt, isBreached, snapshotPolicy, STEP_COMPLETES } from '../rules/sla.ts';
import { statClass } from '../rules/statistics.ts';
import { maskFreeText } from '../rules/masking.ts';
import { buildDailySummary } from './build-daily-summary.ts';
import { localDate } from '../domain/time.ts';
import { DeskContext, dedupe, escalationPatch, type DeskDeps } from './desk-context.ts';
import { CASE_FLOW, canTransition } from '../rules/flows.ts';
import { caseListText } from './list-cases.ts';
import { withDeadlineCache } from './deadline-cache.ts';

export interface Reply {
  ok: boolean;
  kind: 'ack' | 'error';
  text: string;
  caseId: number | null;
  code?: string;
  /** set when the reply is about one case (front ends may show its card) */
  card?: ReturnType<typeof buildCard>;
  /** a summary reply carries its data, for rich renderers */
  summary?: unknown;
}

type Mutation = {
  patch?: Partial<CaseRecord>;
  timeline?: { action: string; text?: string | null; data?: unknown };
  posts?: OutboxInput[];
  ack: string;
  completes?: DeadlineKind[];
};

const MIN = 60_000;
/** A cluster's escalation line names this many of its cases, then says how many more. */
const CLUSTER_LIST = 10;

/**
 * The complaint desk's use cases: one entry point for every front end. Every command either commits its
 * change, its timeline entry and its outgoing messages in one transaction, or refuses and writes nothing.
 */
export class ComplaintDesk {
  readonly ctx: DeskContext;
  constructor(readonly deps: DeskDeps) {
    this.ctx = new DeskContext(deps);
  }

  get roster() {
    return this.deps.roster;
  }

  /** Runs a `/complaint …` line typed by a roster member (by handle). Never throws a UserError. */
  async handleText(actorHandle: string, text: string, opts: { requestKey?: string } = {}): Promise<Reply> {
    const actor = this.roster.member(actorHandle);
    if (!actor) {
      this.deps.observer?.commandRun('unknown', false, 'err_not_in_roster', null);
      return this.refuse(new UserError('err_not_in_roster', { who: `@${actorHandle}` }));
    }
    let parsed: ParsedCommand;
    try {
      parsed = parseCommandText(text);
    } catch (e) {
      if (isUserError(e)) {
        this.deps.observer?.commandRun('unparsed', false, e.code, null);
        return this.refuse(e);
      }
      throw e;
    }
    return this.handle(actor, parsed, opts);
  }

  /** Runs an already-parsed command (Slack modal, Discord options). */
  async handle(actor: TMember, parsed: ParsedCommand, opts: { requestKey?: string } = {}): Promise<Reply> {
    const reply = await this.run(actor, parsed, opts);
    this.deps.observer?.commandRun(parsed.def.name, reply.ok, reply.code, reply.caseId);
    return reply;
  }

  private async run(actor: TMember, parsed: ParsedCommand, opts: { requestKey?: string }): Promise<Reply> {
    try {
      if (opts.requestKey) {
        const key = opts.requestKey;
        return await this.deps.store.tx(async (tx) => {
          const seen = await tx.processedRequest(key);
          if (seen) return JSON.parse(seen) as Reply;
          const reply = await this.dispatch(tx, actor, parsed);
          await tx.saveProcessedRequest(key, this.ctx.now(), JSON.stringify(reply));
          return reply;
        });
      }
      return await this.deps.store.tx((tx) => this.dispatch(tx, actor, parsed));
    } catch (e) {
      if (isUserError(e)) {
        const reply = this.refuse(e);
        // a refusal about an existing case names it (the drill's `case` field)
        if (typeof parsed.values.case === 'number' && e.code !== 'err_unknown_case') reply.caseId = parsed.values.case;
        return reply;
      }
      throw e;
    }
  }

  refuse(e: UserError): Reply {
    return { ok: false, kind: 'error', text: errorText(this.ctx.locale, e), caseId: null, code: e.code };
  }

  private ok(text: string, caseId: number | null = null, extra: Partial<Reply> = {}): Reply {
    return { ok: true, kind: 'ack', text, caseId, ...extra };
  }

  private async dispatch(raw: StoreTx, actor: TMember, p: ParsedCommand): Promise<Reply> {
    const tx = withDeadlineCache(raw);
    const reply = await this.dispatchCached(tx, actor, p);
    await tx.flush();
    return reply;
  }

  private async dispatchCached(tx: StoreTx, actor: TMember, p: ParsedCommand): Promise<Reply> {
    const v = p.values;
    const usage = p.def.usage;
    switch (p.def.name) {
      case 'new':
        return this.openCase(tx, actor, v, usage);
      case 'help':
        return this.ok(this.helpText(v.command as string | undefined));
      case 'list':
        return this.ok(await caseListText(this.ctx, actor, { filter: v.filter as string | undefined, unit: v.unit as string | undefined, page: v.page as number | undefined }, usage));
      case 'summary':
        return this.summary(v.date as string | undefined, v.unit as string | undefined, actor, usage);
      default:
        return this.caseCommand(tx, actor, p);
    }
  }

  // ---------------------------------------------------------------- new
  private async openCase(tx: StoreTx, actor: TMember, v: Record<string, unknown>, usage: string): Promise<Reply> {
    const { roster } = this;
    const now = this.minute(this.ctx.now());
    const unit = roster.unit((v.unit as string | undefined) ?? actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const category = (v.category as CategorySlug | undefined) ?? 'general';
    const intake = (v.channel as IntakeChannel | undefined) ?? 'walk_in';
    // §9: a request may follow the matter after " / " (a full-width ／ needs no spaces around it)
    const [matter, ...requestParts] = String(v.text).split(/\s+\/\s+|\s*／\s*/);
    const request = requestParts.join(' / ').trim() || null;
    const phone = (v.phone as string | undefined) ?? null;
    const name = (v.customer as string | undefined) ?? null;
    const key = customerKey(phone, name);
    const settings = roster.settings;
    const policy: PolicySnapshot = snapshotPolicy(settings);
    const branch = roster.branchOf(unit.code);

    const id = await tx.nextCaseId();
    // §6 repeat: the same customer has another case within 30 days.
    const earlier = key
      ? await tx.casesOfCustomerSince(key, new Date(now.getTime() - settings.repeat_window_days * 24 * 60 * MIN), id)
      : [];
    let c: CaseRecord = {
      id,
      receivedAt: now,
      intake,
      customerName: name,
      customerPhone: phone,
      customerKey: key,
      vip: (v.vip as boolean | undefined) ?? false,
      unitCode: unit.code,
      branchCode: branch.code,
      category,
      matter: matter.trim(),
      request,
      // §四(三): categories 2–8 are the cutover-caused kinds.
      cutover: ['cutover', 'loss_report', 'urgent_cash', 'atm', 'customer_info', 'transaction', 'waiting'].includes(category),
      openerHandle: actor.handle,
      ownerHandle: actor.handle,
      handlerHandle: actor.handle,
      status: 'open',
      level: unit.level,
      levelUnitCode: unit.code,
      levelSince: now,
      mediaThreat: false,
      repeat: false,
      skipLevel: EXTERNAL_CHANNELS.has(intake),
      cluster: false,
      crossProvince: false,
      claim: category === 'claim',
      aggressive: category === 'aggressive',
      transferred: false,
      lateTransfer: false,
      escalated: false,
      escalatedAt: null,
      escalationNote: null,
      breached: false,
      responsibility: null,
      validity: null,
      statClass: null,
      resolvedAt: null,
      policy: JSON.stringify(policy),
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

    const posts: OutboxInput[] = [];
    const reasons = reasonsOnIntake({
      text: `${c.matter} ${request ?? ''}`,
      category,
      intake,
      keywords: roster.mediaKeywords,
      isRepeat: earlier.length > 0,
    });
    const lines: Record<string, string> = {};
    for (const r of reasons) lines[r.reason] = this.reasonLine(r.reason, r.detail, { earlier: earlier.map((e) => e.id), intake });

    // §6 cluster: 3+ distinct customers, same category, same branch, within 24 h (this case included; a case
    // without a customer counts as one).
    const since = new Date(now.getTime() - settings.cluster_window_hours * 60 * MIN);
    const group = await tx.clusterStats(branch.code, category, since, key, CLUSTER_LIST);
    const customers = group.customers + (key && group.includesCustomer ? 0 : 1);
    const clusterRelated: number[] = [];
    if (customers >= settings.cluster_size) {
      reasons.push({ reason: 'cluster', detail: 'cluster' });
      const shown = [...group.ids, id].slice(0, CLUSTER_LIST);
      const more = group.cases + 1 - shown.length;
      lines.cluster = this.ctx.t('esc_cluster', {
        hours: settings.cluster_window_hours,
        count: customers,
        cases: shown.map(caseLabel).join(', ') + (more > 0 ? this.ctx.t('and_more', { n: more }) : ''),
      });
      clusterRelated.push(...(await tx.unflaggedClusterCases(branch.code, category, since)));
    }

    // the escalations are decided before the case is written: one insert, one timeline write
    for (const r of reasons) {
      const esc = this.ctx.autoEscalation(c, r.reason, lines[r.reason], 'open');
      c = { ...c, ...esc.patch };
      posts.push(...esc.posts);
    }
    await tx.insertCase(c);
    await tx.insertDeadlines(deadlines);
    await tx.appendTimeline([
      { caseId: id, at: now, actor: actor.handle, action: 'opened', text: c.matter + (request ? ` / ${request}` : ''), data: null },
      ...(reasons.length
        ? [{ caseId: id, at: now, actor: 'bot', action: 'escalated', text: reasons.map((r) => lines[r.reason]).join('; '), data: JSON.stringify({ reasons: reasons.map((r) => r.reason) }) }]
        : []),
    ]);
    // The earlier members of a new cluster are group complaints too: flag them, in their own timelines.
    for (const otherId of clusterRelated) {
      const other = await tx.getCase(otherId);
      if (!other) continue;
      const p2 = { ...escalationPatch(other, 'cluster', 'province', now), cluster: true };
      await tx.updateCase(other.id, other.version, p2);
      await this.ctx.audit(tx, other, 'bot', 'escalated', lines.cluster, { reasons: ['cluster'], trigger: caseLabel(id) });
    }

    const card = buildCard(this.ctx.r, c, deadlines.map((d, i) => ({ ...d, id: -1 - i })), now);
    posts.unshift(
      this.ctx.toGroup(`new:${id}:card`, 'case', c, c.unitCode, cardText(this.ctx.r, card), [c.ownerHandle], { card }),
    );
    await tx.enqueue(posts);
    return this.ok(this.ctx.t('ack_new', { id: caseLabel(id) }), id, { card });
  }

  private reasonLine(reason: EscalationReason, detail: string, x: { earlier: number[]; intake: IntakeChannel }): string {
    const T = (k: Parameters<DeskContext['t']>[0], p: Record<string, string | number> = {}) => this.ctx.t(k, p);
    switch (reason) {
      case 'media':
        return detail.startsWith('keyword:')
          ? T('esc_media_kw', { kw: detail.slice(8) })
          : detail === 'category:media'
            ? T('esc_media_category')
            : T('esc_media_channel');
      case 'repeat':
        return detail === 'customer'
          ? T('esc_repeat_customer', { days: this.roster.settings.repeat_window_days, others: x.earlier.map(caseLabel).join(', ') })
          : detail === 'reopen'
            ? T('esc_repeat_reopen')
            : T('esc_repeat_category');
      case 'skip_level':
        return T('esc_skip', { channel: this.ctx.label('intake', x.intake) });
      case 'cross_province':
        return T('esc_cross');
      default:
        return detail;
    }
  }

  // ---------------------------------------------------------------- commands on one case
  private async caseCommand(tx: StoreTx, actor: TMember, p: ParsedCommand): Promise<Reply> {
    const v = p.values;
    const usage = p.def.usage;
    const id = v.case as number;
    const c = await tx.getCase(id);
    if (!c) throw new UserError('err_unknown_case', { id: caseLabel(id) }, usage);
    if (p.def.name === 'show') return this.show(tx, c);
    // §9: opener, first-responsible owner and handler act on their case; leaders of any group above it too.
    if (!this.mayAct(actor, c)) throw new UserError('err_forbidden', { id: caseLabel(id) });
    const name = p.def.name as keyof typeof CASE_FLOW;
    const flow = CASE_FLOW[name];
    if (flow) {
      const verdict = canTransition(c.status, flow);
      if (verdict === 'resolved')
        throw new UserError('err_resolved', { id: caseLabel(id), action: this.ctx.label('action', name) }, usage);
      if (verdict === 'not_resolved')
        throw new UserError('err_not_resolved', { id: caseLabel(id), status: this.ctx.label('status', c.status) }, usage);
      if (verdict === 'already')
        throw new UserError('err_already_status', { id: caseLabel(id), status: this.ctx.label('status', c.status) }, usage);
      if (verdict === 'past')
        throw new UserError(
          'err_step_passed',
          { id: caseLabel(id), status: this.ctx.label('status', c.status), target: this.ctx.label('status', flow.to ?? c.status) },
          usage,
        );
    }
    const m = await this.mutation(tx, actor, c, name, v, usage);
    return this.commit(tx, actor, c, m, flow?.to);
  }

  private async commit(tx: StoreTx, actor: TMember, c: CaseRecord, m: Mutation, to?: CaseStatus): Promise<Reply> {
    const now = this.ctx.now();
    const patch: Partial<CaseRecord> = { ...(m.patch ?? {}), updatedAt: now };
    if (to && to !== c.status) patch.status = to;
    if (m.completes?.length) await this.completeDeadlines(tx, c.id, m.completes, now);
    // §7: a deadline met late (or a late transfer) is a breach, even if no nag had gone out yet.
    if (!c.breached && (await tx.deadlines(c.id)).some((d) => isBreached(d, now))) patch.breached = true;
    const ok = await tx.updateCase(c.id, c.version, patch);
    if (!ok) throw new Error(`case ${c.id} changed concurrently`);
    const next = { ...c, ...patch, version: c.version + 1 };
    if (m.timeline) await this.ctx.audit(tx, next, actor.handle, m.timeline.action, m.timeline.text, m.timeline.data);
    const posts = (m.posts ?? []).map((post) => post);
    // Every change is announced in the case's current group (and the card there is refreshed by rich front ends).
    const ds = await tx.deadlines(c.id);
    const card = buildCard(this.ctx.r, next, ds, now);
    const what = m.timeline ? actionText(this.ctx.r, m.timeline.action, m.timeline.data) : '';
    const extra = m.timeline?.text ? `: ${maskFreeText(m.timeline.text, next.customerName)}` : '';
    posts.unshift(
      this.ctx.toGroup(
        `upd:${c.id}:v${next.version}`,
        'update',
        next,
        next.levelUnitCode,
        this.ctx.t('post_update', { id: caseLabel(c.id), what, actor: actor.handle, extra }),
        [],
        { card },
      ),
    );
    await tx.enqueue(posts.map((p) => ({ ...p, payload: { ...p.payload, card: p.payload.card ?? card } })));
    return this.ok(m.ack, c.id, { card });
  }

  private async mutation(
    tx: StoreTx,
    actor: TMember,
    c: CaseRecord,
    name: string,
    v: Record<string, unknown>,
    usage: string,
  ): Promise<Mutation> {
    const id = caseLabel(c.id);
    const now = this.ctx.now();
    const text = (v.text as string | undefined) ?? null;
    const done = (action: string) => this.ctx.t('ack_done', { id, what: this.ctx.t(`act_${action}` as Parameters<DeskContext['t']>[0]) });
    switch (name) {
      case 'assign': {
        const target = this.roster.member(v.handle as string);
        if (!target) throw new UserError('err_unknown_member', { handle: String(v.handle) }, usage);
        if (target.handle === c.handlerHandle) throw new UserError('err_already_assigned', { handle: target.handle, id }, usage);
        const data = { handle: target.handle };
        return {
          patch: { handlerHandle: target.handle },
          timeline: { action: 'assigned', data },
          ack: this.ctx.t('ack_done', { id, what: this.ctx.t('act_assigned', data) }),
          posts: target.handle === actor.handle ? [] : [
            this.ctx.toMember(
              `asg:${c.id}:v${c.version + 1}`,
              'update',
              c,
              target.handle,
              this.ctx.t('post_update', { id, what: this.ctx.t('act_assigned', data), actor: actor.handle, extra: '' }),
            ),
          ],
        };
      }
      case 'arrive':
        return { timeline: { action: 'on_site', text }, ack: done('on_site'), completes: STEP_COMPLETES.arrive };
      case 'reply':
        return { timeline: { action: 'replied', text }, ack: done('replied'), completes: STEP_COMPLETES.reply };
      case 'report':
        return { timeline: { action: 'reported', text }, ack: done('reported'), completes: STEP_COMPLETES.report };
      case 'start': {
        // §五: "start" is the receiving unit's answer to a transfer; a case never transferred has nothing to start.
        if (!c.transferred) throw new UserError('err_not_transferred', { id }, usage);
        const ds = await tx.deadlines(c.id);
        const pendingStart = ds.find((d) => d.kind === 'start' && d.state === 'pending');
        const started = (await tx.timeline(c.id)).some((e) => e.action === 'started' && e.at >= c.levelSince);
        if (!pendingStart && started) throw new UserError('err_already_started', { id }, usage);
        return {
          patch: actor.unit === c.levelUnitCode ? { handlerHandle: actor.handle } : {},
          timeline: { action: 'started', text },
          ack: done('started'),
          completes: ['start'],
        };
      }
      case 'note': {
        const m: Mutation = { timeline: { action: 'noted', text }, ack: done('noted') };
        // §6: a media keyword in any later note escalates at once.
        const kw = mentionsMedia(text ?? '', this.roster.mediaKeywords);
        if (kw && !(c.escalationNote ?? '').split('|').includes('media')) {
          const esc = this.ctx.autoEscalation(c, 'media', this.ctx.t('esc_media_kw', { kw }), `v${c.version + 1}`);
          m.patch = esc.patch;
          m.posts = esc.posts;
        }
        return m;
      }
      case 'resolve': {
        const fault = v.fault as Fault;
        const valid = v.valid as boolean;
        const ds = await tx.deadlines(c.id);
        // §3: resolve completes every pending deadline; a transfer never made is simply void.
        for (const d of ds.filter((x) => x.state === 'pending')) {
          if (d.kind === 'transfer') await tx.updateDeadline(d.id, { state: 'cancelled', nextStage: null, nextFireAt: null });
          else
            await tx.updateDeadline(d.id, {
              state: 'done',
              completedAt: now,
              nextStage: null,
              nextFireAt: null,
              breachedAt: d.breachedAt ?? (now > d.dueAt ? d.dueAt : null),
            });
        }
        const after = await tx.deadlines(c.id);
        const cls = statClass(c, after, now);
        return {
          patch: { responsibility: fault, validity: valid ? 'valid' : 'special', resolvedAt: now, statClass: cls },
          timeline: { action: 'resolved', text, data: { fault, valid } },
          ack: `${done('resolved')} ${this.ctx.t('label_class')}: ${this.ctx.label('class', cls)}`,
        };
      }
      case 'reopen': {
        const policy = JSON.parse(c.policy) as PolicySnapshot;
        const ds = await tx.deadlines(c.id);
        const gen = Math.max(0, ...ds.map((d) => d.generation)) + 1;
        const unit = this.roster.unit(c.levelUnitCode)!;
        const fresh = deadlinesOnReceipt({
          caseId: c.id,
          generation: gen,
          at: now,
          policy,
          walkInAtOutlet: c.intake === 'walk_in' && unit.level === 'outlet',
          lossReport: false,
          afterTransfer: false,
        }).filter((d) => d.kind !== 'transfer');
        await tx.insertDeadlines(fresh);
        // §6: a reopened case is a repeat complaint and escalates.
        const esc = this.ctx.autoEscalation(c, 'repeat', this.ctx.t('esc_repeat_reopen'), `reopen${gen}`);
        return {
          patch: { ...esc.patch, repeat: true, resolvedAt: null, statClass: null, levelSince: now },
          timeline: { action: 'reopened', text },
          posts: esc.posts,
          ack: done('reopened'),
        };
      }
      case 'transfer':
        return this.transfer(tx, actor, c, text, usage);
      case 'escalate': {
        const reasonText = text ?? this.ctx.t('label_none');
        const esc = this.ctx.escalateOneLevel(
          c,
          'manual',
          (level) => this.ctx.t('esc_manual', { level, reason: maskFreeText(reasonText, c.customerName) }),
          `v${c.version + 1}`,
        );
        if (!esc) throw new UserError('err_top_level', { id, action: this.ctx.label('action', 'escalate') }, usage);
        const level = esc.patch.level ?? c.level;
        return {
          patch: esc.patch,
          posts: esc.posts,
          timeline: { action: 'escalated', text, data: { level, reason: 'manual' } },
          ack: this.ctx.t('ack_done', { id, what: this.ctx.t('act_escalated', { level: this.ctx.label('level', level) }) }),
        };
      }
      case 'pay':
        return this.pay(tx, actor, c, v.amount as number, usage);
      default:
        throw new Error(`no use case for ${name}`);
    }
  }

  /** §五: a case its unit cannot solve goes to the parent unit; the clock restarts there, plus 2 h to start. */
  private async transfer(tx: StoreTx, actor: TMember, c: CaseRecord, reason: string | null, usage: string): Promise<Mutation> {
    const now = this.ctx.now();
    const from = this.roster.unit(c.levelUnitCode)!;
    const to = from.parent ? this.roster.unit(from.parent) : undefined;
    if (!to) throw new UserError('err_top_level', { id: caseLabel(c.id), action: this.ctx.label('action', 'transfer') }, usage);
    const ds = await tx.deadlines(c.id);
    const gen = Math.max(0, ...ds.map((d) => d.generation));
    const transferDl = ds.find((d) => d.kind === 'transfer' && d.generation === gen && d.state === 'pending');
    // §五: a transfer later than 1 h after receipt is flagged "late transfer" (no nag: only a person knows).
    const late = transferDl ? now > transferDl.dueAt : false;
    for (const d of ds.filter((x) => x.state === 'pending' && x.generation === gen)) {
      if (d.kind === 'transfer') {
        await tx.updateDeadline(d.id, { state: 'done', completedAt: now, breachedAt: late ? d.dueAt : null, nextStage: null, nextFireAt: null });
      } else if (d.kind !== 'oral_loss_report') {
        await tx.updateDeadline(d.id, {
          state: 'cancelled',
          nextStage: null,
          nextFireAt: null,
          breachedAt: d.breachedAt ?? (now > d.dueAt ? d.dueAt : null),
        });
      }
    }
    const policy = JSON.parse(c.policy) as PolicySnapshot;
    await tx.insertDeadlines(
      deadlinesOnReceipt({ caseId: c.id, generation: gen + 1, at: now, policy, walkInAtOutlet: false, lossReport: false, afterTransfer: true }),
    );
    const duty = this.roster.dutyMemberOf(to.code);
    const data = { from: unitLabel(this.ctx.r, from.code), to: unitLabel(this.ctx.r, to.code), late };
    const next: CaseRecord = {
      ...c,
      levelUnitCode: to.code,
      level: c.escalated && c.level === 'province' ? 'province' : to.level,
      levelSince: now,
      transferred: true,
      lateTransfer: c.lateTransfer || late,
      handlerHandle: duty?.handle ?? c.handlerHandle,
      version: c.version + 1,
    };
    const posts: OutboxInput[] = [];
    const newGroup = this.roster.groupUnit(to.code);
    if (newGroup.code !== this.roster.groupUnit(from.code).code) {
      const card = buildCard(this.ctx.r, next, await tx.deadlines(c.id), now);
      posts.push(
        this.ctx.toGroup(
          `xfer:${c.id}:v${next.version}:card`,
          'case',
          next,
          to.code,
          `${this.ctx.t('act_transferred', { from: data.from, to: data.to })}${late ? ` · ${this.ctx.t('label_late_transfer')}` : ''}\n${cardText(this.ctx.r, card)}`,
          dedupe([next.handlerHandle, ...this.roster.leadersOf(newGroup.code).map((m) => m.handle)]),
          { card },
        ),
      );
    }
    return {
      patch: {
        levelUnitCode: next.levelUnitCode,
        level: next.level,
        levelSince: now,
        transferred: true,
        lateTransfer: next.lateTransfer,
        handlerHandle: next.handlerHandle,
      },
      timeline: { action: 'transferred', text: reason, data },
      posts,
      ack: this.ctx.t('ack_done', { id: caseLabel(c.id), what: this.ctx.t('act_transferred', { from: data.from, to: data.to }) + (late ? ` (${this.ctx.t('label_late_transfer')})` : '') }),
    };
  }

  /** §四(三)4: emergency payment up to 5,000 per ordinary customer and 10,000 per VIP, over all their cases. */
  private async pay(tx: StoreTx, actor: TMember, c: CaseRecord, amountFen: number, usage: string): Promise<Mutation> {
    const id = caseLabel(c.id);
    if (c.category !== 'urgent_cash')
      throw new UserError('err_pay_category', { id, category: `${c.category} (${this.ctx.label('category', c.category)})` }, usage);
    if (!c.customerKey) throw new UserError('err_pay_no_customer', { id }, usage);
    const limits = this.roster.settings.payment_limit;
    const limitFen = Math.round((c.vip ? limits.vip : limits.ordinary) * 100);
    const paid = await tx.paidTotalFen(c.customerKey);
    const left = Math.max(0, limitFen - paid);
    if (amountFen > left)
      throw new UserError(
        'err_pay_limit',
        {
          kind: this.ctx.t(c.vip ? 'label_vip_customer' : 'label_ordinary'),
          limit: fmtYuan(limitFen),
          paid: fmtYuan(paid),
          left: fmtYuan(left),
        },
        usage,
      );
    await tx.insertPayment({ caseId: c.id, customerKey: c.customerKey, amountFen, at: this.ctx.now(), actor: actor.handle });
    const amount = fmtYuan(amountFen);
    return {
      timeline: { action: 'paid', data: { amount, amountFen } },
      ack: this.ctx.t('ack_pay', { id, amount, paid: fmtYuan(paid + amountFen), left: fmtYuan(left - amountFen) }),
    };
  }

  private async completeDeadlines(tx: StoreTx, caseId: number, kinds: DeadlineKind[], now: Date): Promise<void> {
    const ds = await tx.deadlines(caseId);
    for (const d of ds) {
      if (d.state !== 'pending' || !kinds.includes(d.kind)) continue;
      await tx.updateDeadline(d.id, {
        state: 'done',
        completedAt: now,
        nextStage: null,
        nextFireAt: null,
        breachedAt: d.breachedAt ?? (now > d.dueAt ? d.dueAt : null),
      });
    }
  }

  private async show(tx: StoreTx, c: CaseRecord): Promise<Reply> {
    const now = this.ctx.now();
    const ds = await tx.deadlines(c.id);
    const tl = await tx.timeline(c.id);
    const cls = c.statClass && c.status === 'resolved' ? c.statClass : statClass(c, ds, now);
    const paid = c.customerKey && c.category === 'urgent_cash' ? await tx.paidTotalFen(c.customerKey) : 0;
    return this.ok(showText(this.ctx.r, c, ds, tl, cls, paid, now), c.id, { card: buildCard(this.ctx.r, c, ds, now) });
  }

  mayAct(actor: TMember, c: CaseRecord): boolean {
    if ([c.openerHandle, c.ownerHandle, c.handlerHandle].includes(actor.handle)) return true;
    return this.roster.leadersAbove(c.unitCode).some((m) => m.handle === actor.handle);
  }

  private async summary(date: string | undefined, unitCode: string | undefined, actor: TMember, usage: string): Promise<Reply> {
    const now = this.ctx.now();
    const day = date ?? localDate(now, this.ctx.r.tz);
    const unit = unitCode ? this.roster.unit(unitCode) : this.roster.branchOf(actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(unitCode) }, usage);
    const s = await buildDailySummary(this.ctx, { unitCode: unit.code, date: day, now });
    return this.ok(s.text, null, { summary: s });
  }

  helpText(command?: string): string {
    const L = this.ctx.locale;
    if (command) {
      const def = findCommand(command);
      if (!def) throw new UserError('err_unknown_command', { name: command, list: COMMANDS.map((c) => c.name).join(', ') }, '/complaint help');
      const lines = [`${def.usage}`, def.summary[L]];
      for (const o of def.options)
        lines.push(
          `  ${o.positional ? o.name.toUpperCase() : `${o.name}=`}  ${o.description[L]}${this.ctx.t('fmt_paren', { x: this.ctx.t(EXPECTED[o.type].key, EXPECTED[o.type].params) })}${o.required ? ' *' : ''}`,
        );
      if (def.text.mode !== 'none') lines.push(`  ${def.text.name}  ${def.text.description[L]}`);
      lines.push(`${this.ctx.t('label_example')}: ${exampleOf(def, L)}`);
      if (def.options.some((o) => !o.positional)) lines.push(this.ctx.t('help_quoting'));
      return lines.join('\n');
    }
    return [this.ctx.t('label_help_title'), ...COMMANDS.map((c) => `  ${c.usage}\n      ${c.summary[L]}`), this.ctx.t('help_quoting')].join('\n');
  }

  /** Received-at is kept to the minute (§3). */
  private minute(d: Date): Date {
    return new Date(Math.floor(d.getTime() / MIN) * MIN);
  }
}

