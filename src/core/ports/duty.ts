import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../domain/case.ts';

/** §12 a shift someone took (`/complaint duty take`): on duty in a unit in [startAt, endAt). */
export interface TakenShiftRecord {
  unitCode: string;
  handle: string;
  startAt: Date;
  endAt: Date;
  /** who typed `duty take` (the same member; kept for the record) */
  takenBy: string;
}

/** §12 the work log (工作日志): a person's entry, or the bot's handover. Append-only. */
export interface WorkLogRecord {
  at: Date;
  unitCode: string;
  actor: string;
  kind: 'entry' | 'handover';
  text: string;
  data: Record<string, unknown> | null;
}

export interface WorkLogQuery {
  unitCodes: string[];
  from: Date;
  to: Date;
  kinds?: WorkLogRecord['kind'][];
  limit: number;
}

/** What a handover and the work log write, inside the transaction of the command or the claim. */
export interface DutyWrites {
  insertTakenShift(s: TakenShiftRecord): Promise<void>;
  appendWorkLog(entries: WorkLogRecord[]): Promise<void>;
  /** Taken shifts overlapping [from, to) (also read inside a transaction: who is on duty as a post is written). */
  takenShiftsBetween(from: Date, to: Date): Promise<TakenShiftRecord[]>;
}

/** Reads for `duty`, `worklog`, the handover and the summary (outside a transaction). */
export interface DutyReads {
  takenShiftsBetween(from: Date, to: Date): Promise<TakenShiftRecord[]>;
  /** Entries of these units in [from, to), oldest first, at most `limit`, and how many there are in all. */
  workLog(q: WorkLogQuery): Promise<{ total: number; entries: WorkLogRecord[] }>;
  /**
   * Timeline entries with one of `actions` in [from, to) of the cases received in these units, oldest first, at
   * most `limit`, and how many in all (the bot's own events in the work log, the escalations of a handover).
   */
  caseEvents(q: {
    unitCodes: string[];
    from: Date;
    to: Date;
    actions: string[];
    limit: number;
  }): Promise<{ total: number; events: TimelineRecord[] }>;
  /**
   * The open cases of these units: how many, and the `limit` whose next pending deadline (the un-nagged transfer
   * aside) is soonest, soonest first (read from the deadlines by due time, so 100,000 open cases cost no sort).
   */
  openCasesByUrgency(q: { unitCodes: string[]; limit: number }): Promise<{ total: number; cases: CaseRecord[] }>;
  /** Pending deadlines (the un-nagged transfer aside) of these units' cases falling due in [from, to), soonest first, at most `limit`, and how many. */
  deadlinesDueBetween(q: {
    unitCodes: string[];
    from: Date;
    to: Date;
    limit: number;
  }): Promise<{ total: number; deadlines: DeadlineRecord[] }>;
}
