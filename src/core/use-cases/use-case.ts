import type { CaseCard, CaseRecord, CaseStatus, DeadlineKind, DeadlineRecord, OutboxInput } from '../domain/case.ts';
import { caseLabel } from '../domain/case.ts';
import { ConcurrencyError, UserError } from '../domain/errors.ts';
import type { TMember } from '../domain/roster.ts';
import { actionText, buildCard } from '../i18n/render.ts';
import type { CaseDeadlines, CaseRows, CaseTimeline, OutboxWriter, StoreTx } from '../ports/store.ts';
import { CASE_FLOW, canTransition, type FlowCommand } from '../rules/flows.ts';
import { maskFreeText } from '../rules/masking.ts';
import { closedLoop } from '../rules/people.ts';
import { finishDeadline, isBreached } from '../rules/sla.ts';
import type { DeskContext } from './desk-context.ts';
import type { TimelineData } from '../domain/case.ts';

/** What the actor reads back (ephemerally): an acknowledgement or a refusal. */
export interface Reply {
  ok: boolean;
  kind: 'ack' | 'error';
  text: string;
  caseId: number | null;
  code?: string;
  /** set when the reply is about one case (front ends may show its card) */
  card?: CaseCard;
  /** a summary reply carries its data, for rich renderers */
  summary?: unknown;
  /** §14 a document for the actor (the handling form): the console prints its path, Slack and Discord attach it */
  file?: { path: string; filename: string; title: string };
  /** §17 a work order seen before (its idempotency key): the answer names the case it opened then */
  replayed?: boolean;
  /** §17 the case as the work order left it, read in the same transaction (the API answers with it) */
  opened?: { record: CaseRecord; deadlines: DeadlineRecord[] };
}

/**
 * Everything a use case works with: the open transaction, the desk's services, who acts and how it was typed. A use
 * case declares the ports it calls as `UseCaseCtx<…>` (issue 23); the desk hands every one the whole `StoreTx`.
 */
export interface UseCaseCtx<Tx = StoreTx> {
  tx: Tx;
  desk: DeskContext;
  actor: TMember;
  /** the command's usage line, shown with every refusal as the expected form */
  usage: string;
  /**
   * The most characters the front end shows in one answer (a Slack message's text, a Discord embed): `list` pages
   * and the timeline of `show` are sized to it. None for the console and drills (a terminal shows everything).
   */
  replyChars?: number;
}

/**
 * One use case: what a command does. `run` is a property, not a method, so a registry that binds a command to a
 * use case whose input does not accept the command's values fails to compile.
 */
export interface UseCase<I> {
  readonly run: (k: UseCaseCtx, input: I) => Promise<Reply | AfterCommit>;
}

/**
 * A read-only use case whose slow part (rendering a document) must not hold the transaction, and with it the
 * embedded database's one connection: it reads inside, then `afterCommit` does the rest outside and answers.
 * Nothing is written, so a platform's retry of the same request simply runs it again.
 */
export interface AfterCommit {
  readonly afterCommit: () => Promise<Reply>;
}

export const ok = (text: string, caseId: number | null = null, extra: Partial<Reply> = {}): Reply => ({
  ok: true,
  kind: 'ack',
  text,
  caseId,
  ...extra,
});

/** The ports `caseUseCase` itself calls (load the case, write its change, its timeline entry and posts). */
export type CaseChangeTx = CaseRows & CaseTimeline & CaseDeadlines & OutboxWriter;

/** What a command on one case changes: written by `commitCaseChange` in the same transaction. */
export interface CaseChange {
  patch?: Partial<CaseRecord>;
  timeline?: { action: string; text?: string | null; data?: TimelineData };
  posts?: OutboxInput[];
  ack: string;
  /** §5: deadlines this step completes */
  completes?: readonly DeadlineKind[];
}

/**
 * A command on one existing case (§9): the case must exist; the opener, first-responsible owner and handler act
 * on it, and so do the leaders of any group above it; the §3 lifecycle must allow the step. Then `change`
 * decides what happens, and the change, its timeline entry and its posts are written together.
 */
export function caseUseCase<I extends { case: number }>(
  name: FlowCommand,
  change: (k: UseCaseCtx, c: CaseRecord, input: I) => Promise<CaseChange>,
): UseCase<I> {
  return {
    run: async (k, input) => {
      const c = await loadCase(k, input.case);
      if (!mayAct(k.desk, k.actor, c)) throw new UserError('err_forbidden', { id: caseLabel(c.id) });
      const flow = CASE_FLOW[name];
      const id = caseLabel(c.id);
      const status = (s: CaseStatus) => k.desk.label('status', s);
      switch (canTransition(c.status, flow)) {
        case 'resolved':
          throw new UserError('err_resolved', { id, action: k.desk.label('action', name) }, k.usage);
        case 'not_resolved':
          throw new UserError('err_not_resolved', { id, status: status(c.status) }, k.usage);
        case 'already':
          throw new UserError('err_already_status', { id, status: status(c.status) }, k.usage);
        case 'past':
          throw new UserError('err_step_passed', { id, status: status(c.status), target: status(flow.to ?? c.status) }, k.usage);
      }
      return commitCaseChange(k, c, await change(k, c, input), flow.to, name);
    },
  };
}

export async function loadCase(k: UseCaseCtx<Pick<CaseRows, 'getCase'>>, id: number): Promise<CaseRecord> {
  const c = await k.tx.getCase(id);
  if (!c) throw new UserError('err_unknown_case', { id: caseLabel(id) }, k.usage);
  return c;
}

/** §9: opener, first-responsible owner and handler act on their case; leaders of any group above it too. */
export function mayAct(desk: DeskContext, actor: TMember, c: CaseRecord): boolean {
  if ([c.openerHandle, c.ownerHandle, c.handlerHandle].includes(actor.handle)) return true;
  return desk.roster.leadersAbove(c.unitCode).some((m) => m.handle === actor.handle);
}

/** Stops the case's pending deadlines of these kinds (§5: completing the step stops that deadline). */
export async function completeDeadlines(
  tx: Pick<CaseDeadlines, 'deadlines' | 'updateDeadline'>,
  caseId: number,
  kinds: readonly DeadlineKind[],
  now: Date,
): Promise<void> {
  for (const d of await tx.deadlines(caseId)) {
    if (d.state === 'pending' && kinds.includes(d.kind)) await tx.updateDeadline(d.id, finishDeadline(d, 'done', now));
  }
}

/**
 * Writes a change to one case: the patch under the version read (a lost race is a ConcurrencyError, retried by
 * the unit of work), the timeline entry, and the posts; every change is announced in the case's current group,
 * where rich front ends also refresh its card. `step` is the command that made the change: §15.2 closes the loop
 * to the first-responsible owner for the steps that rule lists (a use case opts in by being one of them).
 */
export async function commitCaseChange(
  k: UseCaseCtx<CaseChangeTx>,
  c: CaseRecord,
  m: CaseChange,
  to?: CaseStatus,
  step?: string,
): Promise<Reply> {
  const { tx, desk } = k;
  const now = desk.now();
  const patch: Partial<CaseRecord> = { ...(m.patch ?? {}), updatedAt: now };
  if (to && to !== c.status) patch.status = to;
  if (m.completes?.length) await completeDeadlines(tx, c.id, m.completes, now);
  // §7: a deadline met late (or a late transfer) is a breach, even if no nag had gone out yet.
  if (!c.breached && (await tx.deadlines(c.id)).some((d) => isBreached(d, now))) patch.breached = true;
  if (!(await tx.updateCase(c.id, c.version, patch))) throw new ConcurrencyError(`case ${c.id}`);
  const next = { ...c, ...patch, version: c.version + 1 };
  if (m.timeline) await desk.audit(tx, next, k.actor.handle, m.timeline.action, m.timeline.text, m.timeline.data);
  const card = buildCard(desk.r, next, await tx.deadlines(c.id), now);
  const what = m.timeline ? actionText(desk.r, m.timeline.action, m.timeline.data) : '';
  const extra = m.timeline?.text ? `: ${maskFreeText(m.timeline.text, next.customerName)}` : '';
  // §15.2 (§三.1 "承办人处理终结后，须及时向首问责任人回复"): a step by someone else is told to the owner
  const loop = step
    ? closedLoop({ step, actor: k.actor.handle, owner: c.ownerHandle, opener: c.openerHandle, isMember: (h) => !!desk.roster.member(h) })
    : { mentionOwner: false, notices: [] };
  const ownerLine = loop.mentionOwner ? desk.t('post_update_owner', { owner: c.ownerHandle }) : '';
  const posts = [
    desk.toGroup(
      `upd:${c.id}:v${next.version}`,
      'update',
      next,
      next.levelUnitCode,
      desk.t('post_update', { id: caseLabel(c.id), what, actor: k.actor.handle, extra }) + ownerLine,
      loop.mentionOwner ? [c.ownerHandle] : [],
      { card },
    ),
    ...(m.posts ?? []),
    ...loop.notices.map((n) =>
      desk.toMember(
        `loop:${c.id}:v${next.version}:${n.handle}`,
        'update',
        next,
        n.handle,
        desk.t('dm_loop', { id: caseLabel(c.id), actor: k.actor.handle, what, extra }) +
          (n.archive ? desk.t('dm_loop_archive', { id: caseLabel(c.id) }) : ''),
      ),
    ),
  ];
  await tx.enqueue(posts.map((p) => ({ ...p, payload: { ...p.payload, card: p.payload.card ?? card } })));
  return ok(m.ack, c.id, { card });
}

/** "Case C12: on site." */
export const doneAck = (desk: DeskContext, c: CaseRecord, action: string, data?: TimelineData): string =>
  desk.t('ack_done', { id: caseLabel(c.id), what: actionText(desk.r, action, data ?? null) });
