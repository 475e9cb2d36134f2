import type { Clock } from '../core/clock.ts';
import type { Notifier, Store } from '../core/ports.ts';

export interface DeliveryResult {
  sent: number;
  failed: number;
}

/** Retry delays: 1 s, 2 s, 4 s … capped at 5 min (Slack/Discord outages, 429s, network failures). */
export const backoffMs = (attempts: number): number => Math.min(300_000, 1000 * 2 ** Math.min(attempts, 12));

/**
 * Delivers pending outbox messages through every notifier, in order per case: a message waits while an
 * earlier message of its case is undelivered. Each message is leased before sending (another replica skips
 * it), and each platform is marked delivered once, so a retry never re-sends to a platform that has it.
 */
export async function deliverOutbox(
  store: Store,
  notifiers: Notifier[],
  clock: Clock,
  owner: string,
  opts: { leaseMs?: number; limit?: number } = {},
): Promise<DeliveryResult> {
  const leaseMs = opts.leaseMs ?? 60_000;
  const res: DeliveryResult = { sent: 0, failed: 0 };
  const pending = await store.pendingOutbox(opts.limit ?? 500);
  const blocked = new Set<string>();
  for (const m of pending) {
    const lane = m.caseId != null ? `case:${m.caseId}` : `key:${m.key}`;
    const now = clock.now();
    if (blocked.has(lane)) continue;
    if (m.nextAttemptAt > now || (m.leaseUntil && m.leaseUntil > now && m.leaseOwner !== owner)) {
      blocked.add(lane);
      continue;
    }
    if (!(await store.claimOutbox(m.id, owner, now, leaseMs))) {
      blocked.add(lane);
      continue;
    }
    const todo = notifiers.filter((n) => !m.delivered.includes(n.platform));
    let failure: unknown = null;
    for (const n of todo) {
      try {
        await n.send(m);
        await store.markDelivered(m.id, n.platform, n === todo[todo.length - 1], clock.now());
      } catch (e) {
        failure = e;
        break;
      }
    }
    if (!todo.length) await store.markDelivered(m.id, 'none', true, clock.now());
    if (failure) {
      res.failed++;
      blocked.add(lane);
      await store.markFailed(m.id, String((failure as Error)?.message ?? failure), new Date(clock.now().getTime() + backoffMs(m.attempts)));
    } else res.sent++;
  }
  return res;
}
