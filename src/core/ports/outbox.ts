import type { MessageKind, OutboxInput, OutboxRecord } from '../domain/case.ts';

/** Writes messages in the same transaction as the change that caused them. */
export interface OutboxWriter {
  /**
   * Inserts messages. Keys are unique by construction (case version, deadline stage, unit and day), so a key that
   * already exists is a bug: it throws, and the whole transaction rolls back rather than let anything go out twice.
   */
  enqueue(msgs: OutboxInput[]): Promise<void>;
}

export type PendingOutboxRecord = OutboxRecord & { nextAttemptAt: Date; leaseUntil: Date | null; leaseOwner: string | null };

/** The delivery side of the outbox: leases, outcomes, backlog. */
export interface OutboxQueue {
  /**
   * Pending outbox messages in id order, for a sender to claim one by one; of the given kinds only when `kinds` is
   * given (a replica reads and claims only what its notifiers deliver, and leaves the rest to the others).
   */
  pendingOutbox(limit: number, kinds?: readonly MessageKind[]): Promise<PendingOutboxRecord[]>;
  /** Leases those of `ids` that are due and free (never leased, or the lease ran out); returns the ids leased now. */
  claimOutboxBatch(ids: number[], owner: string, now: Date, leaseMs: number): Promise<Set<number>>;
  markSent(ids: number[], platforms: string[], now: Date): Promise<void>;
  releaseOutbox(ids: number[]): Promise<void>;
  markDelivered(id: number, platform: string, allDone: boolean, now: Date): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: Date): Promise<void>;
  /**
   * Gives a message up after a permanent delivery error (PermanentDeliveryError): status `dead`, never retried, kept
   * with its error and the time it was given up (`sentAt`); later messages of its case go ahead.
   */
  markDead(id: number, error: string, now: Date): Promise<void>;
  /** Pending messages; of one kind only when `kind` is given (§14: the mail backlog). */
  outboxBacklog(kind?: string): Promise<number>;
  /** Messages given up (`dead`) since `since` (all of them when null), and how many per error, most frequent first. */
  outboxDead(since: Date | null): Promise<{ count: number; errors: { error: string; count: number }[] }>;
  /** The earliest retry among messages at the head of their case's queue (now or later); of `kinds` only when given. */
  nextOutboxAttempt(now: Date, kinds?: readonly MessageKind[]): Promise<Date | null>;
}

/** Every message kind (§10); a record, so a kind added to MessageKind must be added here. */
const KINDS: Record<MessageKind, true> = {
  ack: true,
  error: true,
  case: true,
  update: true,
  reminder: true,
  breach: true,
  escalation: true,
  expiry: true,
  summary: true,
  mail: true,
  handover: true,
};
export const ALL_KINDS: readonly MessageKind[] = Object.keys(KINDS) as MessageKind[];
/** §14: what a chat platform delivers: everything but `mail`, which goes to a mailbox, never to a chat channel. */
export const CHAT_KINDS: readonly MessageKind[] = ALL_KINDS.filter((k) => k !== 'mail');
/** §14: what the mail platform delivers. */
export const MAIL_KINDS: readonly MessageKind[] = ['mail'];

/**
 * The one contract of every platform that delivers outbox messages (Slack, Discord, mail, the console), as
 * Grafana OnCall's messaging backends have one:
 * - `kinds`: the message kinds it delivers. The sender hands it nothing else, and a replica reads and claims only
 *   the kinds one of its notifiers takes, leaving the rest pending for a replica that delivers them (§14: a mail
 *   is delivered only by a mail notifier; a chat replica without one leaves it to a replica with SMTP).
 * - a permanent failure (no retry can help until someone changes something: a missing scope, a channel the bot is
 *   not in, a mailbox that does not exist) is thrown as PermanentDeliveryError, logged once by the notifier with
 *   what to do: the outbox gives the message up (`dead`, shown by `/healthz` as degraded), never marks it delivered.
 *   Anything else it throws is retried with backoff (rate limits, outages, network).
 * - a case's card is rendered from the case as it is when the message goes out (src/platforms/shared/cards.ts),
 *   falling back to the card the message carries when the case cannot be read.
 */
export interface Notifier {
  readonly platform: string;
  /** true for in-process sinks (console, drill) whose deliveries may be recorded in batches */
  readonly local?: boolean;
  readonly kinds: readonly MessageKind[];
  /** Delivers one message of a kind in `kinds`. */
  send(msg: OutboxRecord): Promise<void>;
}

/**
 * A delivery no retry can fix until someone changes something (the app lacks a scope, the bot is not in the channel,
 * the channel is archived, the token was revoked). The outbox gives the message up (`dead`) instead of retrying it;
 * the notifier that throws it has already logged what to do. `code` is the platform's own error code.
 */
export class PermanentDeliveryError extends Error {
  constructor(
    readonly platform: string,
    readonly code: string,
    /** e.g. `needed=files:write` for a missing scope */
    readonly detail: string = '',
  ) {
    super(`${platform}: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'PermanentDeliveryError';
  }
}

/** The kinds a sender with these notifiers reads and claims: undefined when they take every kind (no filter). */
export function kindsTaken(notifiers: readonly Pick<Notifier, 'kinds'>[]): MessageKind[] | undefined {
  const taken = new Set<MessageKind>(notifiers.flatMap((n) => n.kinds));
  return ALL_KINDS.every((k) => taken.has(k)) ? undefined : ALL_KINDS.filter((k) => taken.has(k));
}
