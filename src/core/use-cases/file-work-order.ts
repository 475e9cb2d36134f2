/**
 * §17 a work order from the 95566 hotline's own ticket system: the same `openCase` as `/complaint new` (same rules,
 * same hand-off §15.1, same transaction and outbox), made idempotent. Each key (the request's `Idempotency-Key`, and
 * the token's `external_id`) is written in the case's own transaction under a primary key, so a retry, even one two
 * replicas receive at once, opens one case: the loser's transaction fails on the key and its retry finds the case.
 */
import type { Reply, UseCaseCtx } from './use-case.ts';
import { openCaseAs, type OpenCaseInput, type OpenerIdentity } from './open-case.ts';

/** Work-order keys outlive the 24 h a chat platform's retry is remembered: the case is the answer for good. */
export const WORK_ORDER_KEY_PREFIX = 'wo:';

/** What a key remembers: the case the work order opened. */
interface Remembered {
  caseId: number;
}

/**
 * Opens the case for `opener` unless one of `keys` (durable, already scoped to the token) names a case already; the
 * answer carries the case as it stands, read in this transaction (no second round trip for the API).
 */
export async function fileWorkOrder(
  k: Omit<UseCaseCtx, 'actor'>,
  opener: OpenerIdentity,
  order: OpenCaseInput,
  keys: readonly string[],
): Promise<Reply> {
  for (const key of keys) {
    const seen = await k.tx.processedRequest(key);
    if (seen) {
      const { caseId } = JSON.parse(seen) as Remembered;
      return withCase(k, { ok: true, kind: 'ack', text: '', caseId, replayed: true });
    }
  }
  const reply = await openCaseAs(k, opener, order);
  if (!reply.ok || reply.caseId === null) return reply;
  const remembered: Remembered = { caseId: reply.caseId };
  for (const key of keys) await k.tx.saveProcessedRequest(key, k.desk.now(), JSON.stringify(remembered));
  return withCase(k, reply);
}

async function withCase(k: Omit<UseCaseCtx, 'actor'>, reply: Reply): Promise<Reply> {
  const record = reply.caseId === null ? null : await k.tx.getCase(reply.caseId);
  return record ? { ...reply, opened: { record, deadlines: await k.tx.deadlines(record.id) } } : reply;
}
