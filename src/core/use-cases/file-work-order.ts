/**
 * §17 a work order from the 95566 hotline's own ticket system: the same `openCase` as `/complaint new` (same rules,
 * same hand-off §15.1, same transaction and outbox), made idempotent. Each key (the request's `Idempotency-Key`, and
 * the token's `external_id`) is written in the case's own transaction under a primary key, so a retry, even one two
 * replicas receive at once, opens one case: the loser's transaction fails on the key and its retry finds the case.
 */
import type { Reply, UseCase, UseCaseCtx } from './use-case.ts';
import { openCaseAs, type OpenCaseInput } from './open-case.ts';

export interface WorkOrderInput {
  order: OpenCaseInput;
  /** durable keys of this work order, already scoped to the token (`wo:NAME:…`) */
  keys: readonly string[];
}

/** What a key remembers: the case the work order opened. */
interface Remembered {
  caseId: number;
}

export const fileWorkOrder: UseCase<WorkOrderInput> = {
  run: async (k, v) => {
    for (const key of v.keys) {
      const seen = await k.tx.processedRequest(key);
      if (seen) {
        const { caseId } = JSON.parse(seen) as Remembered;
        return withCase(k, { ok: true, kind: 'ack', text: '', caseId, replayed: true });
      }
    }
    // §17: the hotline's system has no unit of its own, so the case is always handed to the unit's contact (§15.1)
    const reply = await openCaseAs(k, { handle: k.actor.handle }, v.order);
    if ('afterCommit' in reply || !reply.ok || reply.caseId === null) return reply;
    const remembered: Remembered = { caseId: reply.caseId };
    for (const key of v.keys) await k.tx.saveProcessedRequest(key, k.desk.now(), JSON.stringify(remembered));
    return withCase(k, reply);
  },
};

/** The answer carries the case as it stands, read in this transaction (no second round trip for the API). */
async function withCase(k: UseCaseCtx, reply: Reply): Promise<Reply> {
  const record = reply.caseId === null ? null : await k.tx.getCase(reply.caseId);
  return record ? { ...reply, opened: { record, deadlines: await k.tx.deadlines(record.id) } } : reply;
}

/** Work-order keys outlive the 24 h a chat platform's retry is remembered: the case is the answer for good. */
export const WORK_ORDER_KEY_PREFIX = 'wo:';
