import type {
  CaseRecord,
  DeadlineRecord,
  NewDeadline,
  OutboxInput,
  OutboxRecord,
  Stage,
  TimelineRecord,
} from '../domain/case.ts';

export interface CaseQuery {
  unitCodes?: string[];
  status?: 'open' | 'all';
  involving?: string;
  overdueAt?: Date;
  receivedFrom?: Date;
  receivedTo?: Date;
  /** `urgency`: the earliest pending deadline (transfer aside) first, cases without one last; else by id. */
  order?: 'id' | 'urgency';
  offset?: number;
  limit?: number;
}

/** A daily summary's scope: cases received in [from, to) in these units, state as of `asOf`. */
export interface SummaryQuery {
  unitCodes: string[];
  from: Date;
  to: Date;
  asOf: Date;
  /** how many cases the lists (escalations, open cases, late transfers) show at most */
  listLimit: number;
}

/** The aggregate counts a daily summary needs, computed by the database (§8), never by loading every case. */
export interface SummaryAggregates {
  byUnitCategory: { unit: string; category: string; count: number }[];
  /** counts per combination of the flags the statistic class depends on (§7) */
  byFlags: { skipLevel: boolean; repeat: boolean; breached: boolean; lateTransfer: boolean; escalated: boolean; transferred: boolean; count: number }[];
  resolved: number;
  byResponsibility: Record<string, number>;
  escalations: { id: number; reasons: string[] }[];
  openCases: { id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null; overdue: boolean }[];
  lateTransfers: number[];
  /** per deadline kind: completed on time / late, still pending and overdue / not yet due */
  deadlines: Record<'on_time' | 'late' | 'overdue' | 'open', Record<string, number>>;
}

export interface ClusterStats {
  cases: number;
  customers: number;
  includesCustomer: boolean;
  ids: number[];
}

/** A command acknowledged before it finished ("in hand"), journalled so a crash never loses it. */
export interface PendingRequestRecord {
  key: string;
  at: Date;
  platform: string;
  actor: string;
  text: string;
  replyTo: string | null;
}

/** Where a case's card was posted on a platform, so later posts thread under it and edits reach it. */
export interface CardRefRecord {
  caseId: number;
  platform: string;
  channel: string;
  messageId: string;
}

/**
 * Everything the core reads and writes inside one transaction. Implemented in src/db: over better-sqlite3 for the
 * embedded SQLite default (sqlite-store.ts), over Prisma for PostgreSQL (prisma-store.ts).
 */
export interface StoreTx {
  nextCaseId(): Promise<number>;
  insertCase(c: CaseRecord): Promise<void>;
  getCase(id: number): Promise<CaseRecord | null>;
  getCases(ids: number[]): Promise<CaseRecord[]>;
  /** Optimistic update: false when the case changed since `version` was read. */
  updateCase(id: number, version: number, patch: Partial<CaseRecord>): Promise<boolean>;
  appendTimeline(entries: TimelineRecord[]): Promise<void>;
  timeline(caseId: number): Promise<TimelineRecord[]>;
  deadlines(caseId: number): Promise<DeadlineRecord[]>;
  insertDeadlines(ds: NewDeadline[]): Promise<void>;
  updateDeadline(id: number, patch: Partial<DeadlineRecord>): Promise<void>;
  /** The same change to several deadlines. */
  updateDeadlines(ids: number[], patch: Partial<DeadlineRecord>): Promise<void>;
  /**
   * Atomically moves deadlines that move alike from the stage they were read at to the next one; returns the ids
   * this transaction claimed (the others moved meanwhile: someone else fired them).
   */
  claimStages(
    ids: number[],
    expect: { stage: Stage; fireAt: Date },
    next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> },
  ): Promise<Set<number>>;
  /** Sets the `breached` flag on cases (an idempotent flag: no version check needed, the version still moves). */
  flagBreached(caseIds: number[], now: Date): Promise<void>;
  /**
   * Inserts messages. Keys are unique by construction (case version, deadline stage, unit and day), so a key that
   * already exists is a bug: it throws, and the whole transaction rolls back rather than let anything go out twice.
   */
  enqueue(msgs: OutboxInput[]): Promise<void>;
  casesOfCustomerSince(customerKey: string, since: Date, excludeId: number): Promise<{ id: number; receivedAt: Date }[]>;
  /**
   * §6 cluster look-up, counted by the database (a busy branch has hundreds of such cases a day): the cases of a
   * branch and category received since `since` — how many, from how many distinct customers (a case without a
   * customer counts as one), whether `customerKey` is among them, and the lowest `listLimit` ids.
   */
  clusterStats(branchCode: string, category: string, since: Date, customerKey: string | null, listLimit: number): Promise<ClusterStats>;
  /** The cases of that group not yet flagged as a cluster, in id order (flagged when a cluster forms). */
  unflaggedClusterCases(branchCode: string, category: string, since: Date): Promise<number[]>;
  paidTotalFen(customerKey: string): Promise<number>;
  insertPayment(p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }): Promise<void>;
  /** Claims a once-only job key; false when it was claimed before. */
  claimJob(key: string, at: Date, late: boolean): Promise<boolean>;
  getJob(key: string): Promise<{ at: Date } | null>;
  processedRequest(key: string): Promise<string | null>;
  saveProcessedRequest(key: string, at: Date, response: string): Promise<void>;
}

export interface Store extends StoreTx {
  /** Runs `fn` in one database transaction; everything it writes commits together or not at all. */
  tx<T>(fn: (t: StoreTx) => Promise<T>): Promise<T>;
  listCases(q: CaseQuery): Promise<CaseRecord[]>;
  /** How many cases `listCases` would return without `limit`/`offset`. */
  countCases(q: CaseQuery): Promise<number>;
  deadlinesOf(caseIds: number[]): Promise<DeadlineRecord[]>;
  dueDeadlines(now: Date, limit: number): Promise<DeadlineRecord[]>;
  nextFireAt(): Promise<Date | null>;
  summaryAggregates(q: SummaryQuery): Promise<SummaryAggregates>;
  /** Pending outbox messages in id order, for a sender to claim one by one. */
  pendingOutbox(limit: number): Promise<(OutboxRecord & { nextAttemptAt: Date; leaseUntil: Date | null; leaseOwner: string | null })[]>;
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
  outboxBacklog(): Promise<number>;
  /** Messages given up (`dead`) since `since` (all of them when null), and how many per error, most frequent first. */
  outboxDead(since: Date | null): Promise<{ count: number; errors: { error: string; count: number }[] }>;
  /** The earliest retry among messages at the head of their case's queue (now or later). */
  nextOutboxAttempt(now: Date): Promise<Date | null>;
  pruneProcessedRequests(before: Date): Promise<number>;
  /** Journals a command acknowledged before it finished; a second journal of the same key changes nothing. */
  journalRequest(r: PendingRequestRecord): Promise<void>;
  /** A platform's journalled commands, oldest first. */
  pendingRequests(platform: string): Promise<PendingRequestRecord[]>;
  forgetRequest(key: string): Promise<void>;
  cardRefs(caseId: number, platform: string): Promise<CardRefRecord[]>;
  /** Records (or moves) a case's card in one channel of a platform. */
  setCardRef(ref: CardRefRecord): Promise<void>;
  /** Recent cases for a command's case picker (autocomplete), newest first: open ones, or resolved ones. */
  caseChoices(resolved: boolean, limit: number): Promise<Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>[]>;
  /** A cheap round trip, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
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

/** What the core reports for metrics and logs (no PII: case ids, command names, outcomes). */
export interface Observer {
  commandRun(command: string, ok: boolean, code: string | undefined, caseId: number | null): void;
  stageFired(kind: string, stage: string, caseId: number, late: boolean): void;
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
