import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { atLocal, localDate, localMinute } from '../domain/time.ts';
import { finishDeadline, firstStage, promiseDeadline } from '../rules/sla.ts';
import { caseUseCase } from './use-case.ts';

export interface PromiseCaseInput {
  case: number;
  /** "HH:MM" (today) or "YYYY-MM-DD HH:MM", local time */
  by: string;
  text?: string;
}

/**
 * §16.3 (§四(三)2, 7: 承诺办结时间): the time promised to the customer becomes a `promise` deadline, reminded at 80 %
 * of the span from the promise, breached and repeated like the others. It must be later than now; a new promise
 * replaces the old one (the old stays in the timeline).
 */
export const promiseCase = caseUseCase<PromiseCaseInput>('promise', async ({ tx, desk, usage }, c, v) => {
  const now = desk.now();
  const tz = desk.r.tz;
  const [date, hm] = v.by.includes(' ') ? v.by.split(' ') : [localDate(now, tz), v.by];
  const by = atLocal(date, hm, tz);
  if (by <= now) throw new UserError('err_promise_past', { by: localMinute(by, tz), now: localMinute(now, tz) }, usage);
  const ds = await tx.deadlines(c.id);
  for (const d of ds.filter((x) => x.kind === 'promise' && x.state === 'pending'))
    await tx.updateDeadline(d.id, finishDeadline(d, 'cancelled', now));
  // §16.3: each promise is the next of its own numbering (the earlier ones stay, cancelled, for the record)
  const d = promiseDeadline(c.id, ds.filter((x) => x.kind === 'promise').length, now, by, c.policy);
  await tx.insertDeadlines([d]);
  const byText = localMinute(by, tz);
  const remind = firstStage(d, c.policy)?.fireAt ?? by;
  return {
    timeline: { action: 'promised', text: v.text ?? null, data: { by: byText } },
    ack: desk.t('ack_promised', { id: caseLabel(c.id), by: byText, remind: localMinute(remind, tz) }),
  };
});
