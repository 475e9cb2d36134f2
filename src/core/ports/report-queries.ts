import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../domain/case.ts';

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
  byFlags: {
    skipLevel: boolean;
    repeat: boolean;
    breached: boolean;
    lateTransfer: boolean;
    escalated: boolean;
    transferred: boolean;
    count: number;
  }[];
  resolved: number;
  byResponsibility: Record<string, number>;
  escalations: { id: number; reasons: string[] }[];
  openCases: { id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null; overdue: boolean }[];
  lateTransfers: number[];
  /** per deadline kind: completed on time / late, still pending and overdue / not yet due */
  deadlines: Record<'on_time' | 'late' | 'overdue' | 'open', Record<string, number>>;
}

/**
 * §8 结转未办结 / carried over: the subtree's cases received before the window (`receivedAt < from`) and still open at
 * `asOf`; `overdue` counts those with a deadline of an overdue kind past its time and undone then.
 */
export interface CarriedOver {
  count: number;
  overdue: number;
  /** the first `listLimit` of them, by id */
  cases: { id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null; overdue: boolean }[];
}

/** The register, the chart and the forms read through this port (never a database client of their own). */
export interface ReportQueries {
  summaryAggregates(q: SummaryQuery): Promise<SummaryAggregates>;
  /** §8: the cases carried over into the window (`from` and `to` of the query: only `from` and `asOf` matter). */
  carriedOver(q: SummaryQuery): Promise<CarriedOver>;
  /** A page of the cases received in [from, to) in these units, by id, after `afterId`. */
  casesReceived(q: { unitCodes: string[]; from: Date; to: Date; afterId: number; limit: number }): Promise<CaseRecord[]>;
  /** Everything a register line or a form needs besides the case: deadlines, timeline, payment total per case. */
  caseDetails(ids: number[]): Promise<{ deadlines: DeadlineRecord[]; timeline: TimelineRecord[]; paidFen: Map<number, number> }>;
}
