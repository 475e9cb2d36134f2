import type { Fault } from '../domain/categories.ts';
import { finishDeadline } from '../rules/sla.ts';
import { statClass } from '../rules/statistics.ts';
import { caseUseCase, doneAck } from './use-case.ts';
import { requireLineForClaim } from './report-to-line.ts';

interface ResolveCaseInput {
  case: number;
  fault: Fault;
  valid: boolean;
  text?: string;
}

/**
 * §3: resolve is accepted from any unresolved state and completes every pending deadline but one; §7 fixes the
 * class. §16.2: the oral loss report outlives the case: its clock runs on until `formal` or its expiry.
 */
export const resolveCase = caseUseCase<ResolveCaseInput>('resolve', async ({ tx, desk, usage }, c, v) => {
  await requireLineForClaim(desk, tx, c, usage);
  const now = desk.now();
  // a transfer never made is simply void
  for (const d of (await tx.deadlines(c.id)).filter((x) => x.state === 'pending' && x.kind !== 'oral_loss_report'))
    await tx.updateDeadline(d.id, finishDeadline(d, d.kind === 'transfer' ? 'void' : 'done', now));
  const cls = statClass(c, await tx.deadlines(c.id), now);
  return {
    patch: { responsibility: v.fault, validity: v.valid ? 'valid' : 'special', resolvedAt: now, statClass: cls },
    timeline: { action: 'resolved', text: v.text ?? null, data: { fault: v.fault, valid: v.valid } },
    ack: `${doneAck(desk, c, 'resolved')} ${desk.t('label_class')}: ${desk.label('class', cls)}`,
  };
});
