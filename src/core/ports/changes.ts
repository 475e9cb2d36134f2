import type { MessageKind, OutboxRecord } from '../domain/case.ts';

/**
 * Every change the bot makes writes outbox messages in the same transaction, with increasing ids: read-only, the
 * outbox is a change cursor any replica can follow (§13: the board follows it, so a change made on another
 * replica reaches it too). Delivery state is irrelevant here: a message is a change once it is committed.
 */
export interface ChangeFeed {
  /** Committed messages with `id > afterId`, in id order, at most `limit`. */
  changesSince(afterId: number, limit: number): Promise<OutboxRecord[]>;
  /** The highest message id (0 when there is none): a follower starts after it. */
  lastChangeId(): Promise<number>;
  /** The latest messages of these kinds, newest first (the board's escalation feed). */
  latestChanges(kinds: readonly MessageKind[], limit: number): Promise<OutboxRecord[]>;
}
