import type { DeskContext } from './desk-context.ts';
import { dedupe } from './desk-context.ts';
import { caseLabel, type CaseRecord, type DeadlineRecord, type OutboxInput, type PolicySnapshot, type Stage } from '../domain/case.ts';
import { ConcurrencyError } from '../domain/errors.ts';
import type { CaseDeadlines, CaseRows, CaseTimeline, DutyWrites, OutboxWriter } from '../ports/store.ts';
import { nextStage, repeatNumber } from '../rules/sla.ts';
import { formatDuration, localMinute } from '../domain/time.ts';
import { dutyNow } from './duty-shifts.ts';

/** A stage that fires more than `late_after_minutes` after its moment says it is late (the bot was down). */
export const lateAfterMs = (ctx: DeskContext): number => ctx.roster.settings.late_after_minutes * 60_000;

/**
 * Sends every deadline stage that is due: reminder at 80 %, breach at the deadline, repeats every 30 min
 * (§五), the oral loss report's reminder and expiry (§四(三)3). Each (deadline, stage) is claimed with a
 * conditional update and its message written in the same transaction, so it fires exactly once, across
 * restarts and replicas. Returns how many stages fired.
 */
export async function fireDueDeadlines(ctx: DeskContext, limit = 500, chunk = 50): Promise<number> {
  const due = await ctx.deps.store.dueDeadlines(ctx.now(), limit);
  let fired = 0;
  for (let i = 0; i < due.length; i += chunk) {
    fired += await ctx.deps.store
      .tx((tx) => fireChunk(ctx, tx, due.slice(i, i + chunk)))
      .catch((e: unknown) => {
        if (e instanceof ConcurrencyError) return 0; // a command changed the case meanwhile: retried on the next pass
        throw e;
      });
  }
  return fired;
}

/**
 * One transaction: claim the stages (one conditional update per group of deadlines that move alike, the
 * stage and its time being the fencing token), then write their messages, timeline entries and the case
 * flags they set.
 */
async function fireChunk(
  ctx: DeskContext,
  tx: CaseRows & CaseTimeline & Pick<CaseDeadlines, 'claimStages'> & OutboxWriter & Pick<DutyWrites, 'takenShiftsBetween'>,
  ds: DeadlineRecord[],
): Promise<number> {
  const now = ctx.now();
  const cases = new Map((await tx.getCases([...new Set(ds.map((d) => d.caseId))])).map((c) => [c.id, c]));
  type Plan = { d: DeadlineRecord; live: boolean; next: { stage: Stage; fireAt: Date } | null; policy: PolicySnapshot | null };
  const plans: Plan[] = ds.map((d) => {
    const c = cases.get(d.caseId);
    // §16.2: the oral loss report outlives the case: its reminder and expiry fire on a resolved case too
    const live = !!c && (c.status !== 'resolved' || d.kind === 'oral_loss_report') && d.state === 'pending';
    const policy = c ? c.policy : null;
    return { d, live, policy, next: live && policy ? nextStage(d, d.nextStage as Stage, policy) : null };
  });
  // claim, grouped by identical (expected stage/time, next stage/time, patch)
  const groups = new Map<
    string,
    {
      ids: number[];
      expect: { stage: Stage; fireAt: Date };
      next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> };
    }
  >();
  for (const p of plans) {
    const stage = p.d.nextStage as Stage;
    const patch: Partial<DeadlineRecord> = {};
    if (p.live && stage === 'breach') patch.breachedAt = p.d.dueAt;
    if (p.live && stage.startsWith('repeat')) patch.repeatsSent = repeatNumber(stage);
    // nothing to say any more (resolved, done): clear the pending stage so the sweep doesn't see it again
    const next = { stage: p.next?.stage ?? null, fireAt: p.next?.fireAt ?? null, patch };
    const key = JSON.stringify([stage, p.d.nextFireAt, next]);
    const g = groups.get(key) ?? { ids: [], expect: { stage, fireAt: p.d.nextFireAt! }, next };
    g.ids.push(p.d.id);
    groups.set(key, g);
  }
  const claimed = new Set<number>();
  for (const g of groups.values()) for (const id of await tx.claimStages(g.ids, g.expect, g.next)) claimed.add(id);

  const posts: OutboxInput[] = [];
  const timeline: Parameters<CaseTimeline['appendTimeline']>[0] = [];
  const touched = new Map<number, { base: number; patch: Partial<CaseRecord> }>();
  let fired = 0;
  // §12: who is on duty now, read once for the whole chunk (only when a post names them)
  let duty: ((unit: string) => string[]) | null = null;
  const onDuty = async () => (duty ??= await dutyNow(ctx, tx));
  for (const { d, live, next, policy } of plans) {
    if (!live || !claimed.has(d.id)) continue;
    const stage = d.nextStage as Stage;
    const c0 = cases.get(d.caseId)!;
    const t = touched.get(c0.id);
    const c: CaseRecord = t ? { ...c0, ...t.patch } : c0;
    fired++;
    const late = now.getTime() - d.nextFireAt!.getTime() > lateAfterMs(ctx);
    ctx.deps.observer?.stageFired(d.kind, stage, d.caseId, late);
    posts.push(...stageMessages(ctx, c, d, stage, late, stage.startsWith('repeat') ? await onDuty() : () => []));
    let casePatch: Partial<CaseRecord> = {};
    if (stage === 'breach' && !c.breached) casePatch.breached = true;
    // After the last repeat, nobody has answered: escalate one level up (reason `breach`).
    if (!next && d.kind !== 'oral_loss_report' && stage !== 'reminder') {
      const esc = await ctx.escalateOneLevel(
        tx,
        { ...c, ...casePatch },
        'breach',
        (level) => ctx.t('esc_breach', { deadline: ctx.label('deadline', d.kind), n: policy!.repeatMax, level }),
        `dl${d.id}`,
        await onDuty(),
      );
      if (esc) {
        casePatch = { ...casePatch, ...esc.patch };
        posts.push(...esc.posts);
      }
    }
    if (Object.keys(casePatch).length) {
      touched.set(c0.id, { base: c0.version, patch: { ...(t?.patch ?? {}), ...casePatch } });
      timeline.push({
        caseId: c.id,
        at: now,
        actor: 'bot',
        action: stage === 'breach' ? 'breached' : 'escalated',
        text: null,
        data: { deadline: d.kind, stage },
      });
    }
  }
  // A breach only sets a flag: written for all such cases at once. Escalations change more, under the version check.
  const flagOnly = [...touched].filter(([, t]) => Object.keys(t.patch).length === 1 && t.patch.breached === true).map(([id]) => id);
  await tx.flagBreached(flagOnly, now);
  for (const [id, { base, patch }] of touched) {
    if (flagOnly.includes(id)) continue;
    if (!(await tx.updateCase(id, base, { ...patch, updatedAt: now }))) throw new ConcurrencyError(`case ${id}`);
  }
  await tx.appendTimeline(timeline);
  await tx.enqueue(posts);
  return fired;
}

function stageMessages(
  ctx: DeskContext,
  c: CaseRecord,
  d: DeadlineRecord,
  stage: Stage,
  late: boolean,
  onDuty: (unit: string) => string[],
): OutboxInput[] {
  const now = ctx.now();
  const id = caseLabel(c.id);
  const dl = ctx.label('deadline', d.kind);
  const due = localMinute(d.dueAt, ctx.r.tz);
  const people = dedupe([c.handlerHandle, c.ownerHandle]);
  const at = (hs: string[]) => hs.map((h) => `@${h}`).join(' ');
  const suffix = late ? ` ${ctx.t('post_late')}` : '';
  const key = `dl:${d.id}:${stage}`;
  const extra = { deadline: d.kind, late };
  if (d.kind === 'oral_loss_report') {
    const kind = stage === 'reminder' ? 'reminder' : 'expiry';
    const text =
      (stage === 'reminder'
        ? ctx.t('post_loss_remind', { id, due, who: at(people) })
        : ctx.t('post_loss_expired', { id, due, days: c.policy.oralLossReportDays, who: at(people) })) + suffix;
    // §16.2: the owner is told directly too (the case may be resolved and off everyone's list)
    const dm =
      ctx.roster.member(c.ownerHandle) !== undefined
        ? [
            ctx.toMember(
              `${key}:dm`,
              kind,
              c,
              c.ownerHandle,
              ctx.t('post_loss_dm', { text, id, status: ctx.label('status', c.status) }),
              extra,
            ),
          ]
        : [];
    return [ctx.toGroup(key, kind, c, c.levelUnitCode, text, people, extra), ...dm];
  }
  if (stage === 'reminder') {
    return [
      ctx.toGroup(
        key,
        'reminder',
        c,
        c.levelUnitCode,
        ctx.t('post_reminder', {
          id,
          deadline: dl,
          due,
          left: formatDuration(d.dueAt.getTime() - now.getTime(), ctx.locale),
          who: at(people),
          escalation: '',
        }) + suffix,
        people,
        extra,
      ),
    ];
  }
  if (stage === 'breach') {
    const text = ctx.t('post_breach', { id, deadline: dl, due, who: at(people), escalation: '' }) + suffix;
    return [ctx.toGroup(key, 'breach', c, c.levelUnitCode, text, people, extra), ...handlerDm(ctx, c, key, text, extra)];
  }
  // §五: from the first repeat on, the leaders of the handler's unit group are told too; §12: and the members on
  // duty in that group's unit now.
  const handler = c.handlerHandle ? ctx.roster.member(c.handlerHandle) : undefined;
  const group = ctx.roster.groupUnit(handler?.unit ?? c.levelUnitCode);
  const leaders = [...ctx.roster.leadersOf(group.code).map((m) => m.handle), ...onDuty(group.code)];
  const all = dedupe([...people, ...leaders]);
  const text =
    ctx.t('post_breach_repeat', {
      id,
      n: repeatNumber(stage),
      deadline: dl,
      over: formatDuration(now.getTime() - d.dueAt.getTime(), ctx.locale),
      who: at(all),
      escalation: '',
    }) + suffix;
  return [ctx.toGroup(key, 'breach', c, c.levelUnitCode, text, all, extra), ...handlerDm(ctx, c, key, text, extra)];
}

/** §5: a breach notice (and each repeat) also reaches the handler directly, on every front end. */
function handlerDm(ctx: DeskContext, c: CaseRecord, key: string, text: string, extra: Partial<OutboxInput['payload']>): OutboxInput[] {
  if (!c.handlerHandle || !ctx.roster.member(c.handlerHandle)) return [];
  return [ctx.toMember(`${key}:dm`, 'breach', c, c.handlerHandle, text, extra)];
}
