import type { OutboxInput, OutboxRecord } from '../domain/case.ts';

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
  /** Pending outbox messages in id order, for a sender to claim one by one. */
  pendingOutbox(limit: number): Promise<PendingOutboxRecord[]>;
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
  /** The earliest retry among messages at the head of their case's queue (now or later). */
  nextOutboxAttempt(now: Date): Promise<Date | null>;
}

/**
 * A front end's way of delivering one outbox message (post, thread reply, DM). Throws to have it retried with
 * backoff (rate limits, outages, network), or throws PermanentDeliveryError when no retry can help.
 */
export interface Notifier {
  readonly platform: string;
  /** true for in-process sinks (console, drill) whose deliveries may be recorded in batches */
  readonly local?: boolean;
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
