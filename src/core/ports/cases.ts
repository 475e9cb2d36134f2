import type { CaseRecord, DeadlineRecord, NewDeadline, Stage, TimelineRecord } from '../domain/case.ts';

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

export interface ClusterStats {
  cases: number;
  customers: number;
  includesCustomer: boolean;
}

/** Who is in a cluster group, read only when a cluster forms (§6). */
export interface ClusterMembers {
  /** the lowest ids, at most `listLimit` */
  ids: number[];
  /** the group's cases not yet flagged as a cluster, in id order (flagged when a cluster forms) */
  unflagged: number[];
}

/**
 * Cases, their deadlines, timelines and payments, as the use cases change them inside one transaction: split by
 * what the use cases call (issue 23), so each declares only the ports it uses. `CaseRepository` is all of them.
 */

/** A case's own row: its number, reads, and optimistic updates. */
export interface CaseRows {
  nextCaseId(): Promise<number>;
  insertCase(c: CaseRecord): Promise<void>;
  getCase(id: number): Promise<CaseRecord | null>;
  getCases(ids: number[]): Promise<CaseRecord[]>;
  /** Optimistic update: false when the case changed since `version` was read. */
  updateCase(id: number, version: number, patch: Partial<CaseRecord>): Promise<boolean>;
  /** Sets the `breached` flag on cases (an idempotent flag: no version check needed, the version still moves). */
  flagBreached(caseIds: number[], now: Date): Promise<void>;
}

/** A case's history (its timeline, append-only). */
export interface CaseTimeline {
  appendTimeline(entries: TimelineRecord[]): Promise<void>;
  timeline(caseId: number): Promise<TimelineRecord[]>;
}

/** §5 a case's deadlines. Within one transaction the store reads them once and writes each distinct change once. */
export interface CaseDeadlines {
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
}

/** §6 what a new case is compared with: the customer's earlier cases, the branch's cluster group. */
export interface CaseHistory {
  casesOfCustomerSince(customerKey: string, since: Date, excludeId: number): Promise<{ id: number; receivedAt: Date }[]>;
  /**
   * §6 cluster look-up, counted by the database (a busy branch has hundreds of such cases a day): the cases of a
   * branch and category received since `since` — how many, from how many distinct customers (a case without a
   * customer counts as one), and whether `customerKey` is among them. Cheap enough for every new case; who the
   * members are is a second read (`clusterMembers`), made only when a cluster forms.
   */
  clusterStats(branchCode: string, category: string, since: Date, customerKey: string | null): Promise<ClusterStats>;
  clusterMembers(branchCode: string, category: string, since: Date, listLimit: number): Promise<ClusterMembers>;
}

/** §四(三)4 emergency payments. */
export interface Payments {
  paidTotalFen(customerKey: string): Promise<number>;
  insertPayment(p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }): Promise<void>;
}

export interface CaseRepository extends CaseRows, CaseTimeline, CaseDeadlines, CaseHistory, Payments {}

/** Reads outside a transaction: lists, the scheduler's sweep, a command's case picker. */
export interface CaseReads {
  listCases(q: CaseQuery): Promise<CaseRecord[]>;
  /** How many cases `listCases` would return without `limit`/`offset`. */
  countCases(q: CaseQuery): Promise<number>;
  deadlinesOf(caseIds: number[]): Promise<DeadlineRecord[]>;
  dueDeadlines(now: Date, limit: number): Promise<DeadlineRecord[]>;
  nextFireAt(): Promise<Date | null>;
  /** Recent cases for a command's case picker (autocomplete), newest first: open ones, or resolved ones. */
  caseChoices(resolved: boolean, limit: number): Promise<Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>[]>;
}
