/**
 * How every chat notifier gets the card it renders (issue 22, one notifier contract): the case as it is when the
 * message goes out (deadline states and the status change between a message's writing and its delivery, e.g.
 * after an outage), falling back to the card the message carries when the case cannot be read.
 */
import type { CaseCard, OutboxRecord } from '../../core/domain/case.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { CaseRepository } from '../../core/ports/cases.ts';
import { buildCard } from '../../core/i18n/render.ts';
import type { FrontDesk } from './front-desk.ts';

/** The card of a message's case, as the case is now; null for a message without a case or card. */
export type CardOf = (m: Pick<OutboxRecord, 'caseId' | 'payload'>) => Promise<CaseCard | null>;

export function currentCard(deps: { cases: Pick<CaseRepository, 'getCase' | 'deadlines'>; desk: FrontDesk; clock: Clock }): CardOf {
  return async (m) => {
    if (m.caseId == null) return m.payload.card ?? null;
    const c = await deps.cases.getCase(m.caseId);
    if (!c) return m.payload.card ?? null;
    return buildCard(deps.desk.ctx.r, c, await deps.cases.deadlines(m.caseId), deps.clock.now());
  };
}
