import { caseLabel, type CaseRecord, type OutboxInput } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { buildCard, cardText, unitLabel } from '../i18n/render.ts';
import { deadlinesOnReceipt, finishDeadline } from '../rules/sla.ts';
import { dedupe } from './desk-context.ts';
import { caseUseCase, type UseCaseCtx } from './use-case.ts';
import type { CaseChangeTx } from './use-case.ts';

export interface TransferCaseInput {
  case: number;
  text?: string;
}

/**
 * §五: a case its unit cannot solve goes to the parent unit; on site, reply and report restart there, the
 * receiving unit must start within 2 h, and its liaison becomes the handler. A transfer later than 1 h after
 * receipt is flagged "late transfer" (no nag: only a person knows when a unit can't solve a case).
 */
export const transferCase = caseUseCase<TransferCaseInput>('transfer', async ({ tx, desk, usage }: UseCaseCtx<CaseChangeTx>, c, v) => {
  const now = desk.now();
  const { roster } = desk;
  const from = roster.unit(c.levelUnitCode)!;
  const to = from.parent ? roster.unit(from.parent) : undefined;
  if (!to) throw new UserError('err_top_level', { id: caseLabel(c.id), action: desk.label('action', 'transfer') }, usage);
  const ds = await tx.deadlines(c.id);
  const gen = Math.max(0, ...ds.map((d) => d.generation));
  const transferDl = ds.find((d) => d.kind === 'transfer' && d.generation === gen && d.state === 'pending');
  const late = transferDl ? now > transferDl.dueAt : false;
  for (const d of ds.filter((x) => x.state === 'pending' && x.generation === gen)) {
    // the transfer deadline is met now (late or not); the others restart at the new level; a loss report runs on
    if (d.kind === 'transfer') await tx.updateDeadline(d.id, finishDeadline(d, 'done', now));
    else if (d.kind !== 'oral_loss_report') await tx.updateDeadline(d.id, finishDeadline(d, 'cancelled', now));
  }
  await tx.insertDeadlines(
    deadlinesOnReceipt({ caseId: c.id, generation: gen + 1, at: now, policy: c.policy, walkInAtOutlet: false, lossReport: false, afterTransfer: true }),
  );
  const duty = roster.dutyMemberOf(to.code);
  const data = { from: unitLabel(desk.r, from.code), to: unitLabel(desk.r, to.code), late };
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
  const newGroup = roster.groupUnit(to.code);
  // a new group sees the card, with its leaders and the new handler mentioned
  if (newGroup.code !== roster.groupUnit(from.code).code) {
    const card = buildCard(desk.r, next, await tx.deadlines(c.id), now);
    posts.push(
      desk.toGroup(
        `xfer:${c.id}:v${next.version}:card`,
        'case',
        next,
        to.code,
        `${desk.t('act_transferred', { from: data.from, to: data.to })}${late ? ` · ${desk.t('label_late_transfer')}` : ''}\n${cardText(desk.r, card)}`,
        dedupe([next.handlerHandle, ...roster.leadersOf(newGroup.code).map((m) => m.handle)]),
        { card },
      ),
    );
  }
  const transferred = desk.t('act_transferred', { from: data.from, to: data.to });
  return {
    patch: {
      levelUnitCode: next.levelUnitCode,
      level: next.level,
      levelSince: now,
      transferred: true,
      lateTransfer: next.lateTransfer,
      handlerHandle: next.handlerHandle,
    },
    timeline: { action: 'transferred', text: v.text ?? null, data },
    posts,
    ack: desk.t('ack_done', { id: caseLabel(c.id), what: transferred + (late ? ` (${desk.t('label_late_transfer')})` : '') }),
  };
});
