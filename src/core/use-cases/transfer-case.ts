import { caseLabel, type CaseRecord, type OutboxInput } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { buildCard, cardText, unitLabel } from '../i18n/render.ts';
import { deadlinesOnReceipt, finishDeadline, stepGeneration, takesOneWorkingDay } from '../rules/sla.ts';
import { workCalendar } from '../rules/working-days.ts';
import { restartedStatus } from '../rules/flows.ts';
import { dedupe } from './desk-context.ts';
import { dutyNow } from './duty-shifts.ts';
import { contactOf, targetAbove } from '../rules/people.ts';
import type { Level } from '../domain/roster.ts';
import { caseUseCase } from './use-case.ts';

interface TransferCaseInput {
  case: number;
  /** §15.3 to the ancestor at this level (default: the parent) */
  to?: Level;
  text?: string;
}

/**
 * §五: a case its unit cannot solve goes to the parent unit; on site, reply and report restart there, the
 * receiving unit must start within 2 h, and its liaison becomes the handler. A transfer later than 1 h after
 * receipt is flagged "late transfer" (no nag: only a person knows when a unit can't solve a case).
 */
export const transferCase = caseUseCase<TransferCaseInput>('transfer', async ({ tx, desk, usage }, c, v) => {
  const now = desk.now();
  const { roster } = desk;
  const from = roster.unit(c.levelUnitCode)!;
  // §15.3: to the ancestor at the level asked for (default the parent); at or below the case's own level is refused
  const target = targetAbove(roster.ancestors(from.code), from.level, v.to);
  if (!target.ok) {
    if (!v.to || !target.possible.length)
      throw new UserError('err_top_level', { id: caseLabel(c.id), action: desk.label('action', 'transfer') }, usage);
    throw new UserError(
      'err_level_not_above',
      { id: caseLabel(c.id), level: desk.label('level', from.level), wanted: v.to, possible: target.possible.join(', ') },
      usage,
    );
  }
  const to = target.unit;
  const ds = await tx.deadlines(c.id);
  const gen = stepGeneration(ds);
  const transferDl = ds.find((d) => d.kind === 'transfer' && d.generation === gen && d.state === 'pending');
  const late = transferDl ? now > transferDl.dueAt : false;
  for (const d of ds.filter((x) => x.state === 'pending' && x.generation === gen)) {
    // the transfer deadline is met now (late or not); the others restart at the new level; a loss report runs on,
    // and so does a promise made to the customer (§16.3)
    if (d.kind === 'transfer') await tx.updateDeadline(d.id, finishDeadline(d, 'done', now));
    else if (d.kind !== 'oral_loss_report' && d.kind !== 'promise') await tx.updateDeadline(d.id, finishDeadline(d, 'cancelled', now));
  }
  await tx.insertDeadlines(
    deadlinesOnReceipt({
      caseId: c.id,
      generation: gen + 1,
      at: now,
      policy: c.policy,
      walkInAtOutlet: false,
      lossReport: false,
      afterTransfer: true,
      // §16.4: after a transfer the new level again has one working day
      oneWorkingDay: takesOneWorkingDay(c.category, c.policy) ? workCalendar(roster.settings) : null,
    }),
  );
  // §15.3: the receiving unit's contact (15.1: on duty, liaison, leader, else the nearest ancestor's) handles it
  const duty = contactOf(roster.ancestors(to.code), roster.members, await dutyNow(desk, tx));
  const data = { from: unitLabel(desk.r, from.code), to: unitLabel(desk.r, to.code), late };
  // §5: on site, reply and report restart at the new level, so the case's steps do too (the lifecycle of §3 starts
  // over at `open`; a reopened case stays reopened), and the new level can take them
  const status = restartedStatus(c.status);
  const next: CaseRecord = {
    ...c,
    status,
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
      status,
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
