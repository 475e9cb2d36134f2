/**
 * Statements on the one better-sqlite3 connection, and values as SQLite keeps them: exactly what Prisma would
 * write for the same schema (times as ISO text with "+00:00", booleans as 0/1), so one database file works with
 * either client.
 */
import type Database from 'better-sqlite3';
import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../../core/domain/case.ts';
import { caseFromRow, deadlineFromRow, timelineFromRow, type CaseRow, type TimelineRow } from '../shared/rows.ts';
import { sqliteTime } from '../shared/sqlite.ts';

export type Row = Record<string, unknown>;
export type ColumnType = 'date' | 'bool';

/** Columns that need converting between JavaScript and SQLite (everything else is stored as it is). */
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
export const OUTBOX_TYPES: Record<string, ColumnType> = { at: 'date', nextAttemptAt: 'date', leaseUntil: 'date', sentAt: 'date', late: 'bool' };
export const PLAIN_TIMES: Record<string, ColumnType> = { at: 'date' };

/** A JavaScript value as SQLite stores it. */
export function toSql(v: unknown): unknown {
  if (v instanceof Date) return sqliteTime(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

/** A row read back: its time and flag columns (per `types`) as Dates and booleans, in place. */
export function fromSql<T>(row: Row, types: Record<string, ColumnType>): T {
  for (const k in row) {
    const t = types[k];
    if (!t) continue;
    const v = row[k];
    if (t === 'date') row[k] = v == null ? null : new Date(v as string);
    else row[k] = v === 1 || v === 1n || v === true;
  }
  return row as T;
}

export const readCase = (r: Row): CaseRecord => caseFromRow(fromSql<CaseRow>(r, CASE_TYPES));
export const readDeadline = (r: Row): DeadlineRecord => deadlineFromRow(fromSql<DeadlineRecord>(r, DEADLINE_TYPES));
export const readTimeline = (r: Row): TimelineRecord => timelineFromRow(fromSql<TimelineRow>(r, PLAIN_TIMES));

export const q = (c: string) => `"${c}"`;
/** A list parameter: `IN (SELECT value FROM json_each(?))` keeps one prepared statement for any length. */
export const list = (xs: unknown[]) => JSON.stringify(xs.map(toSql));
export const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/** Synchronous statements, each prepared once per distinct SQL text. */
export class Statements {
  private prepared = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private st(sql: string): Database.Statement {
    let s = this.prepared.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.prepared.set(sql, s);
    }
    return s;
  }

  /** Rows as SQLite returns them (no conversion). */
  rows(sql: string, params: unknown[]): Row[] {
    return this.st(sql).all(...params) as Row[];
  }

  all<T>(sql: string, params: unknown[], types: Record<string, ColumnType> = {}): T[] {
    return this.rows(sql, params).map((r) => fromSql<T>(r, types));
  }

  get<T>(sql: string, params: unknown[], types: Record<string, ColumnType> = {}): T | null {
    const r = this.st(sql).get(...params) as Row | undefined;
    return r ? fromSql<T>(r, types) : null;
  }

  /** Runs a write; how many rows it changed. */
  run(sql: string, params: unknown[]): number {
    return this.st(sql).run(...params).changes;
  }

  /** `"a" = ?, "b" = ?` and its values, for a patch of the given columns. */
  assignments(patch: Row, skip: string[]): { set: string; values: unknown[] } {
    const cols = Object.keys(patch).filter((k) => !skip.includes(k) && patch[k] !== undefined);
    return { set: cols.map((c) => `${q(c)} = ?`).join(', '), values: cols.map((c) => toSql(patch[c])) };
  }
}
