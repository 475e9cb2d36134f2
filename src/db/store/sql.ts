/**
 * Rows of the one store, read back on either driver: SQLite returns times as ISO text and flags as 0/1 (what Prisma
 * writes), PostgreSQL Dates and booleans already; `fromSql` makes both Dates and booleans, per column.
 */
import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../../core/domain/case.ts';
import { caseFromRow, deadlineFromRow, timelineFromRow, type CaseRow, type TimelineRow } from '../shared/rows.ts';
import type { Queryable, Row } from '../drivers/driver.ts';

export type { Row };
export type ColumnType = 'date' | 'bool';

/** Columns read back as Dates and booleans (everything else is read as it is). */
export const CASE_TYPES: Record<string, ColumnType> = {
  receivedAt: 'date',
  levelSince: 'date',
  escalatedAt: 'date',
  resolvedAt: 'date',
  updatedAt: 'date',
  vip: 'bool',
  cutover: 'bool',
  mediaThreat: 'bool',
  repeat: 'bool',
  skipLevel: 'bool',
  cluster: 'bool',
  crossProvince: 'bool',
  claim: 'bool',
  aggressive: 'bool',
  transferred: 'bool',
  lateTransfer: 'bool',
  escalated: 'bool',
  breached: 'bool',
};
export const DEADLINE_TYPES: Record<string, ColumnType> = {
  startAt: 'date',
  dueAt: 'date',
  completedAt: 'date',
  breachedAt: 'date',
  nextFireAt: 'date',
  caseReceivedAt: 'date',
};
export const OUTBOX_TYPES: Record<string, ColumnType> = {
  at: 'date',
  nextAttemptAt: 'date',
  leaseUntil: 'date',
  sentAt: 'date',
  late: 'bool',
};
export const PLAIN_TIMES: Record<string, ColumnType> = { at: 'date' };

/** A row read back: its time and flag columns (per `types`) as Dates and booleans, in place. */
export function fromSql<T>(row: Row, types: Record<string, ColumnType>): T {
  for (const k in row) {
    const t = types[k];
    if (!t) continue;
    const v = row[k];
    if (t === 'date') row[k] = v == null || v instanceof Date ? v : new Date(v as string);
    else row[k] = v === 1 || v === 1n || v === true;
  }
  return row as T;
}

export const readCase = (r: Row): CaseRecord => caseFromRow(fromSql<CaseRow>(r, CASE_TYPES));
export const readDeadline = (r: Row): DeadlineRecord => deadlineFromRow(fromSql<DeadlineRecord>(r, DEADLINE_TYPES));
export const readTimeline = (r: Row): TimelineRecord => timelineFromRow(fromSql<TimelineRow>(r, PLAIN_TIMES));

export const q = (c: string) => `"${c}"`;

/** Rows read back, converted per `types`. */
export const typed = <T>(rows: Row[], types: Record<string, ColumnType> = {}): T[] => rows.map((r) => fromSql<T>(r, types));

/** `"a" = ?, "b" = ?` and its values, for a patch of the given columns. */
export function assignments(patch: Row, skip: string[]): { set: string; values: unknown[] } {
  const cols = Object.keys(patch).filter((k) => !skip.includes(k) && patch[k] !== undefined);
  return { set: cols.map((c) => `${q(c)} = ?`).join(', '), values: cols.map((c) => patch[c]) };
}

/** Rows per INSERT of `insertMany` (well under either database's limit on parameters). */
const INSERT_CHUNK = 100;

/**
 * Inserts rows with one statement per INSERT_CHUNK rows (`head VALUES row, row, …`): on PostgreSQL one round trip
 * instead of one per row, which a transaction holding the case counter's row lock pays for (an open writes a few
 * deadlines, timeline entries and messages). Rows keep their order (ids are given in VALUES order).
 */
export async function insertMany(sql: Queryable, head: string, row: string, rows: readonly unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    await sql.run(`${head} VALUES ${part.map(() => row).join(', ')}`, part.flat());
  }
}
