import type { Clock } from '../core/ports/clock.ts';
import type { MessageKind } from '../core/domain/case.ts';
import { kindsTaken } from '../core/ports/outbox.ts';
import { PermanentDeliveryError, type Notifier, type OutboxQueue } from '../core/ports/store.ts';

interface DeliveryResult {
  sent: number;
  /** failed for now: retried with backoff */
  failed: number;
  /** given up after a permanent error (PermanentDeliveryError): `dead`, never retried */
  dead: number;
  /**
   * another round may find more: the read was cut at its limit, or a case's messages waited behind one that another
   * replica was sending (when it is done, the rest are free)
   */
  more: boolean;
}

/** Retry delays: 1 s, 2 s, 4 s … capped at 5 min (Slack/Discord outages, 429s, network failures). */
const backoffMs = (attempts: number): number => Math.min(300_000, 1000 * 2 ** Math.min(attempts, 12));

/**
 * Delivers pending outbox messages through every notifier that takes their kind, in order per case: a message waits while an
 * earlier message of its case is undelivered. Each message is leased before sending (another replica skips
 * it), and each platform is marked delivered once, so a retry never re-sends to a platform that has it.
 *
 * A transient failure (rate limit, outage, network) keeps the message pending with backoff, and its case's later
 * messages wait behind it. A permanent one (PermanentDeliveryError: a missing scope, a channel the bot is not in)
 * gives the message up once every other platform has been tried: it becomes `dead` (kept with its error, never
 * retried) and the case's later messages go ahead, so one undeliverable message never holds a case's news back.
 * When another platform failed transiently in the same attempt, the whole message is retried instead.
 */
export async function deliverOutbox(
  store: OutboxQueue,
  notifiers: Notifier[],
  clock: Clock,
  owner: string,
  opts: {
    leaseMs?: number;
    limit?: number;
    yieldToCommands?: () => Promise<void>;
    /** no other sender can exist (a drill's private database): nothing to lease against, so nothing is leased */
    solo?: boolean;
  } = {},
): Promise<DeliveryResult> {
  const leaseMs = opts.leaseMs ?? 30_000;
  const res: DeliveryResult = { sent: 0, failed: 0, dead: 0, more: false };
  // A replica without front ends (a scheduler-only worker) leaves messages for one that has them.
  if (!notifiers.length) return res;
  const limit = opts.limit ?? 500;
  // Each notifier says which kinds it delivers (§14: only a mail notifier delivers `mail`): this sender reads and
  // claims only those, and leaves the rest pending for a replica whose notifiers take them.
  const taken = new Set<MessageKind>(notifiers.flatMap((n) => n.kinds));
  const takers = new Map<MessageKind, Notifier[]>([...taken].map((k) => [k, notifiers.filter((n) => n.kinds.includes(k))]));
  const pending = await store.pendingOutbox(limit, kindsTaken(notifiers));
  if (!pending.length) return res;
  res.more = pending.length >= limit;
  const laneOf = (m: (typeof pending)[number]) => (m.caseId != null ? `case:${m.caseId}` : `key:${m.key}`);
  const blocked = new Set<string>();
  const now = clock.now();
  const candidates: typeof pending = [];
  for (const m of pending) {
    if (!taken.has(m.kind)) continue;
    const lane = laneOf(m);
    if (blocked.has(lane)) continue;
    if (m.nextAttemptAt > now || (m.leaseUntil && m.leaseUntil > now && m.leaseOwner !== owner)) {
      if (m.nextAttemptAt <= now) res.more = true;
      blocked.add(lane);
      continue;
    }
    candidates.push(m);
  }
  // In-process sinks (console, drill) are recorded in one write; network platforms one message at a time, so a
  // crash can repeat at most the message in flight. Network sends lease small chunks: a sender that dies holds
  // back only those until its lease runs out.
  const batch = notifiers.every((n) => n.local);
  const chunkSize = batch ? Math.max(1, candidates.length) : 20;
  /** ids delivered in this pass, by the platforms that delivered them (the notifiers that take their kind) */
  const sent = new Map<string, number[]>();
  const unsent: number[] = [];
  for (let c = 0; c < candidates.length; c += chunkSize) {
    const chunk = candidates.slice(c, c + chunkSize).filter((m) => !blocked.has(laneOf(m)));
    const claimed = opts.solo
      ? new Set(chunk.map((m) => m.id))
      : await store.claimOutboxBatch(
          chunk.map((m) => m.id),
          owner,
          clock.now(),
          leaseMs,
        );
    for (const m of chunk) {
      const lane = laneOf(m);
      if (!claimed.has(m.id)) {
        // another replica has it now: what waits behind it in its case may be free next round
        res.more = true;
        blocked.add(lane);
        continue;
      }
      if (blocked.has(lane)) {
        unsent.push(m.id);
        continue;
      }
      // Intake first: a network send waits (briefly, see Scheduler) while commands are being answered, so a burst
      // of slash commands is acked within Slack's 3 s before the messages it caused go out.
      if (!batch) await opts.yieldToCommands?.();
      const mine = takers.get(m.kind) ?? [];
      const todo = mine.filter((n) => !m.delivered.includes(n.platform));
      const msg = { ...m, resumed: m.leaseOwner != null };
      let failure: unknown = null;
      const permanent: PermanentDeliveryError[] = [];
      const done: string[] = [...m.delivered];
      for (const n of todo) {
        try {
          await n.send(msg);
          done.push(n.platform);
        } catch (e) {
          if (e instanceof PermanentDeliveryError) {
            permanent.push(e);
            continue;
          }
          failure = e;
          break;
        }
      }
      if (failure || permanent.length) {
        for (const p of done.filter((p) => !m.delivered.includes(p))) await store.markDelivered(m.id, p, false, clock.now());
        if (failure) {
          res.failed++;
          blocked.add(lane);
          await store.markFailed(
            m.id,
            String((failure as Error)?.message ?? failure),
            new Date(clock.now().getTime() + backoffMs(m.attempts)),
          );
        } else {
          res.dead++;
          await store.markDead(m.id, permanent.map((e) => e.message).join('; '), clock.now());
        }
        continue;
      }
      res.sent++;
      const platforms = mine.map((n) => n.platform);
      if (batch) {
        const k = platforms.join(',');
        if (!sent.has(k)) sent.set(k, []);
        sent.get(k)!.push(m.id);
      } else await store.markSent([m.id], platforms, clock.now());
    }
  }
  for (const [k, ids] of sent) await store.markSent(ids, k.split(','), clock.now());
  await store.releaseOutbox(unsent);
  return res;
}
