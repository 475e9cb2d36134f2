/**
 * The core's Store port over better-sqlite3, for the embedded SQLite default.
 *
 * Why not Prisma here: Prisma's client costs about 0.7 ms per query on this machine (query compiler, driver
 * adapter, statement re-preparation), and a case's life is a few dozen queries, so a 1,000-case drill day took
 * about 30 s and Slack acks queued behind one another. Prepared statements on one synchronous connection take
 * microseconds. The schema and its migrations stay Prisma's (prisma/models.prisma, applied by src/db/migrate.ts),
 * and this store reads and writes exactly what Prisma would (times as ISO text with "+00:00", booleans as 0/1), so
 * one database file works with either. PostgreSQL keeps the Prisma store (prisma-store.ts); the store contract
 * tests (test/integration/store-contract.test.ts) hold both to the same behaviour.
 *
 * One connection, so one writer: a transaction holds the connection across its awaits, and every other call
 * waits its turn (a call between a transaction's awaits would otherwise run inside that transaction). A call made
 * from within the transaction's own work (e.g. a listing read while a command runs) goes straight through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import type { CardRefRecord, CaseQuery, ClusterStats, PendingRequestRecord, Store, StoreTx, SummaryAggregates, SummaryQuery } from '../core/ports/store.ts';
import type { CaseRecord, DeadlineRecord, NewDeadline, OutboxInput, OutboxRecord, Stage, TimelineRecord } from '../core/domain/case.ts';
import type { RosterRows } from './sync-roster.ts';
import { earliestLaneHead, foldSummary, OVERDUE_KINDS, sqliteTime, summaryCaseSql, summaryDeadlineSql } from './summary-sql.ts';

/**
 * Per-connection settings: WAL (readers never wait for the writer; 10,000 creates took 1.8 s against 16.9 s in the
 * default journal mode here), a 5 s busy wait instead of failing at once with SQLITE_BUSY, and synchronous=NORMAL:
 * durable across application crashes, and WAL keeps the file consistent across power loss. A throwaway database (a
 * drill's) skips syncing altogether.
 */
export const sqlitePragmas = (durable: boolean): string[] => ['journal_mode = WAL', `synchronous = ${durable ? 'NORMAL' : 'OFF'}`, 'busy_timeout = 5000'];

type Row = Record<string, unknown>;
type ColumnType = 'date' | 'bool';

/** Columns that need converting between JavaScript and SQLite (everything else is stored as it is). */
const CASE_TYPES: Record<string, ColumnType> = {
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
const DEADLINE_TYPES: Record<string, ColumnType> = {
  startAt: 'date',
  dueAt: 'date',
  completedAt: 'date',
  breachedAt: 'date',
  nextFireAt: 'date',
  caseReceivedAt: 'date',
};
const OUTBOX_TYPES: Record<string, ColumnType> = { at: 'date', nextAttemptAt: 'date', leaseUntil: 'date', sentAt: 'date', late: 'bool' };
const PLAIN_TIMES: Record<string, ColumnType> = { at: 'date' };

const CASE_COLUMNS = [
  'id', 'receivedAt', 'intake', 'customerName', 'customerPhone', 'customerKey', 'vip', 'unitCode', 'branchCode', 'category',
  'matter', 'request', 'cutover', 'openerHandle', 'ownerHandle', 'handlerHandle', 'status', 'level', 'levelUnitCode',
  'levelSince', 'mediaThreat', 'repeat', 'skipLevel', 'cluster', 'crossProvince', 'claim', 'aggressive', 'transferred',
  'lateTransfer', 'escalated', 'escalatedAt', 'escalationNote', 'breached', 'responsibility', 'validity', 'statClass',
  'resolvedAt', 'policy', 'version', 'updatedAt',
] as const satisfies readonly (keyof CaseRecord)[];

/** A JavaScript value as SQLite stores it. */
function toSql(v: unknown): unknown {
  if (v instanceof Date) return sqliteTime(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

function fromSql<T>(row: Row, types: Record<string, ColumnType>): T {
  for (const k in row) {
    const t = types[k];
    if (!t) continue;
    const v = row[k];
    if (t === 'date') row[k] = v == null ? null : new Date(v as string);
    else row[k] = v === 1 || v === 1n || v === true;
  }
  return row as T;
}

const q = (c: string) => `"${c}"`;
/** A list parameter: `IN (SELECT value FROM json_each(?))` keeps one prepared statement for any length. */
const list = (xs: unknown[]) => JSON.stringify(xs.map(toSql));
const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/**
 * Every operation, synchronous, on one connection. The async Store and StoreTx are views of this class
 * (see openSqliteStore): inside a transaction the calls run at once, outside they wait for the connection.
 */
class SqliteOps {
  private statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  /** Prepared once per distinct SQL text. */
  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private all<T>(sql: string, params: unknown[], types: Record<string, ColumnType> = {}): T[] {
    return (this.st(sql).all(...params) as Row[]).map((r) => fromSql<T>(r, types));
  }

  private get<T>(sql: string, params: unknown[], types: Record<string, ColumnType> = {}): T | null {
    const r = this.st(sql).get(...params) as Row | undefined;
    return r ? fromSql<T>(r, types) : null;
  }

  private run(sql: string, params: unknown[]): number {
    return this.st(sql).run(...params).changes;
  }

  /** `"a" = ?, "b" = ?` and its values, for a patch of the given columns. */
  private assignments(patch: Row, skip: string[]): { set: string; values: unknown[] } {
    const cols = Object.keys(patch).filter((k) => !skip.includes(k) && patch[k] !== undefined);
    return { set: cols.map((c) => `${q(c)} = ?`).join(', '), values: cols.map((c) => toSql(patch[c])) };
  }

  // ------------------------------------------------------------------------------------------ StoreTx

  nextCaseId(): number {
    const r = this.get<{ value: number }>(
      `INSERT INTO "Counter" (name, value) VALUES ('case', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      [],
    );
    return r!.value;
  }

  insertCase(c: CaseRecord): void {
    this.run(
      `INSERT INTO "Case" (${CASE_COLUMNS.map(q).join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`,
      CASE_COLUMNS.map((k) => toSql(c[k])),
    );
  }

  getCase(id: number): CaseRecord | null {
    return this.get<CaseRecord>(`SELECT * FROM "Case" WHERE id = ?`, [id], CASE_TYPES);
  }

  getCases(ids: number[]): CaseRecord[] {
    if (!ids.length) return [];
    return this.all<CaseRecord>(`SELECT * FROM "Case" WHERE id ${IN_LIST} ORDER BY id`, [list(ids)], CASE_TYPES);
  }

  updateCase(id: number, version: number, patch: Partial<CaseRecord>): boolean {
    const a = this.assignments(patch, ['id', 'version']);
    return this.run(`UPDATE "Case" SET ${a.set ? `${a.set}, ` : ''}version = ? WHERE id = ? AND version = ?`, [...a.values, version + 1, id, version]) === 1;
  }

  appendTimeline(entries: TimelineRecord[]): void {
    for (const e of entries)
      this.run(`INSERT INTO "TimelineEntry" ("caseId", at, actor, action, text, data) VALUES (?, ?, ?, ?, ?, ?)`, [
        e.caseId,
        toSql(e.at),
        e.actor,
        e.action,
        e.text ?? null,
        e.data ?? null,
      ]);
  }

  timeline(caseId: number): TimelineRecord[] {
    return this.all<TimelineRecord>(`SELECT * FROM "TimelineEntry" WHERE "caseId" = ? ORDER BY id`, [caseId], PLAIN_TIMES);
  }

  deadlines(caseId: number): DeadlineRecord[] {
    return this.all<DeadlineRecord>(`SELECT * FROM "Deadline" WHERE "caseId" = ? ORDER BY id`, [caseId], DEADLINE_TYPES);
  }

  insertDeadlines(ds: NewDeadline[]): void {
    // the case's unit and receipt time are copied onto each deadline, for the day's compliance count (§8)
    for (const d of ds)
      this.run(
        `INSERT INTO "Deadline" ("caseId", kind, generation, "startAt", "dueAt", state, "completedAt", "breachedAt", "nextStage", "nextFireAt", "repeatsSent", "caseUnitCode", "caseReceivedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT "unitCode" FROM "Case" WHERE id = ?), ''), COALESCE((SELECT "receivedAt" FROM "Case" WHERE id = ?), ?))`,
        [
          d.caseId,
          d.kind,
          d.generation,
          toSql(d.startAt),
          toSql(d.dueAt),
          d.state,
          toSql(d.completedAt ?? null),
          toSql(d.breachedAt ?? null),
          d.nextStage ?? null,
          toSql(d.nextFireAt ?? null),
          d.repeatsSent ?? 0,
          d.caseId,
          d.caseId,
          toSql(d.startAt),
        ],
      );
  }

  updateDeadline(id: number, patch: Partial<DeadlineRecord>): void {
    this.updateDeadlines([id], patch);
  }

  updateDeadlines(ids: number[], patch: Partial<DeadlineRecord>): void {
    const a = this.assignments(patch, ['id']);
    if (!ids.length || !a.set) return;
    this.run(`UPDATE "Deadline" SET ${a.set} WHERE id ${IN_LIST}`, [...a.values, list(ids)]);
  }

  claimStages(
    ids: number[],
    expect: { stage: Stage; fireAt: Date },
    next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> },
  ): Set<number> {
    if (!ids.length) return new Set();
    const a = this.assignments(next.patch, ['id', 'nextStage', 'nextFireAt']);
    const rows = this.all<{ id: number }>(
      `UPDATE "Deadline" SET ${a.set ? `${a.set}, ` : ''}"nextStage" = ?, "nextFireAt" = ?
        WHERE id ${IN_LIST} AND "nextStage" = ? AND "nextFireAt" = ? RETURNING id`,
      [...a.values, next.stage, toSql(next.fireAt), list(ids), expect.stage, toSql(expect.fireAt)],
    );
    return new Set(rows.map((r) => r.id));
  }

  flagBreached(caseIds: number[], now: Date): void {
    if (!caseIds.length) return;
    this.run(`UPDATE "Case" SET breached = 1, "updatedAt" = ?, version = version + 1 WHERE id ${IN_LIST}`, [toSql(now), list(caseIds)]);
  }

  enqueue(msgs: OutboxInput[]): void {
    // Keys are unique by construction (case version, deadline stage, unit/day); a duplicate is a bug, and the
    // unique index rolls the whole transaction back rather than let anything go out twice.
    for (const m of msgs)
      this.run(
        `INSERT INTO "OutboxMessage" (key, at, kind, "caseId", "toUnit", "toHandle", payload, late, "nextAttemptAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [m.key, toSql(m.at), m.kind, m.caseId, m.toUnit, m.toHandle, JSON.stringify(m.payload), m.payload.late ? 1 : 0, toSql(m.at)],
      );
  }

  casesOfCustomerSince(customerKey: string, since: Date, excludeId: number): { id: number; receivedAt: Date }[] {
    return this.all(`SELECT id, "receivedAt" FROM "Case" WHERE "customerKey" = ? AND "receivedAt" >= ? AND id <> ? ORDER BY id`, [customerKey, toSql(since), excludeId], CASE_TYPES);
  }

  clusterStats(branchCode: string, category: string, since: Date, customerKey: string | null, listLimit: number): ClusterStats {
    const group = `"branchCode" = ? AND category = ? AND "receivedAt" >= ?`;
    const r = this.get<{ cases: number; customers: number; mine: number }>(
      `SELECT COUNT(*) AS cases, COUNT(DISTINCT COALESCE("customerKey", 'case:' || id)) AS customers, COALESCE(MAX("customerKey" = ?), 0) AS mine
         FROM "Case" WHERE ${group}`,
      [customerKey, branchCode, category, toSql(since)],
    )!;
    const ids = this.all<{ id: number }>(`SELECT id FROM "Case" WHERE ${group} ORDER BY id LIMIT ?`, [branchCode, category, toSql(since), listLimit]);
    return { cases: r.cases, customers: r.customers, includesCustomer: r.mine === 1, ids: ids.map((x) => x.id) };
  }

  unflaggedClusterCases(branchCode: string, category: string, since: Date): number[] {
    return this.all<{ id: number }>(`SELECT id FROM "Case" WHERE "branchCode" = ? AND category = ? AND "receivedAt" >= ? AND cluster = 0 ORDER BY id`, [
      branchCode,
      category,
      toSql(since),
    ]).map((x) => x.id);
  }

  paidTotalFen(customerKey: string): number {
    return this.get<{ total: number | null }>(`SELECT SUM("amountFen") AS total FROM "Payment" WHERE "customerKey" = ?`, [customerKey])?.total ?? 0;
  }

  insertPayment(p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }): void {
    this.run(`INSERT INTO "Payment" ("caseId", "customerKey", "amountFen", at, actor) VALUES (?, ?, ?, ?, ?)`, [p.caseId, p.customerKey, p.amountFen, toSql(p.at), p.actor]);
  }

  claimJob(key: string, at: Date, late: boolean): boolean {
    return this.run(`INSERT INTO "JobRun" (key, at, late) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`, [key, toSql(at), late ? 1 : 0]) === 1;
  }

  getJob(key: string): { at: Date } | null {
    return this.get<{ at: Date }>(`SELECT at FROM "JobRun" WHERE key = ?`, [key], PLAIN_TIMES);
  }

  processedRequest(key: string): string | null {
    return this.get<{ response: string }>(`SELECT response FROM "ProcessedRequest" WHERE key = ?`, [key])?.response ?? null;
  }

  saveProcessedRequest(key: string, at: Date, response: string): void {
    this.run(`INSERT INTO "ProcessedRequest" (key, at, response) VALUES (?, ?, ?)`, [key, toSql(at), response]);
  }

  // -------------------------------------------------------------------------------- Store (reads, outbox)

  listCases(c: CaseQuery): CaseRecord[] {
    const { where, values } = this.caseWhere(c);
    const paging = c.limit != null || c.offset ? ` LIMIT ${c.limit != null ? Math.max(0, Math.floor(c.limit)) : -1} OFFSET ${Math.max(0, Math.floor(c.offset ?? 0))}` : '';
    const cond = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    if (c.order === 'urgency') {
      return this.all<CaseRecord>(
        `SELECT c.* FROM (SELECT "Case".*, (SELECT MIN("dueAt") FROM "Deadline" d WHERE d."caseId" = "Case".id AND d.state = 'pending' AND d.kind <> 'transfer') AS "nextDue" FROM "Case"${cond}) c ORDER BY c."nextDue" IS NULL, c."nextDue", c.id${paging}`,
        values,
        CASE_TYPES,
      ).map(({ nextDue: _, ...rest }: CaseRecord & { nextDue?: unknown }) => rest as CaseRecord);
    }
    return this.all<CaseRecord>(`SELECT * FROM "Case"${cond} ORDER BY id${paging}`, values, CASE_TYPES);
  }

  countCases(c: CaseQuery): number {
    const { where, values } = this.caseWhere(c);
    return this.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Case"${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, values, {})?.n ?? 0;
  }

  private caseWhere(c: CaseQuery): { where: string[]; values: unknown[] } {
    const where: string[] = [];
    const values: unknown[] = [];
    if (c.unitCodes) {
      where.push(`"unitCode" ${IN_LIST}`);
      values.push(list(c.unitCodes));
    }
    if (c.status === 'open') where.push(`status <> 'resolved'`);
    if (c.involving) {
      where.push(`("ownerHandle" = ? OR "handlerHandle" = ? OR "openerHandle" = ?)`);
      values.push(c.involving, c.involving, c.involving);
    }
    if (c.overdueAt) {
      where.push(`id IN (SELECT "caseId" FROM "Deadline" WHERE state = 'pending' AND "dueAt" < ? AND kind ${IN_LIST})`);
      values.push(toSql(c.overdueAt), list([...OVERDUE_KINDS]));
    }
    if (c.receivedFrom) {
      where.push(`"receivedAt" >= ?`);
      values.push(toSql(c.receivedFrom));
    }
    if (c.receivedTo) {
      where.push(`"receivedAt" < ?`);
      values.push(toSql(c.receivedTo));
    }
    return { where, values };
  }

  deadlinesOf(caseIds: number[]): DeadlineRecord[] {
    if (!caseIds.length) return [];
    return this.all<DeadlineRecord>(`SELECT * FROM "Deadline" WHERE "caseId" ${IN_LIST} ORDER BY id`, [list(caseIds)], DEADLINE_TYPES);
  }

  dueDeadlines(now: Date, limit: number): DeadlineRecord[] {
    return this.all<DeadlineRecord>(`SELECT * FROM "Deadline" WHERE "nextFireAt" <= ? ORDER BY "nextFireAt", id LIMIT ?`, [toSql(now), limit], DEADLINE_TYPES);
  }

  nextFireAt(): Date | null {
    return this.get<{ nextFireAt: Date }>(`SELECT "nextFireAt" FROM "Deadline" WHERE "nextFireAt" IS NOT NULL ORDER BY "nextFireAt" LIMIT 1`, [], DEADLINE_TYPES)?.nextFireAt ?? null;
  }

  summaryAggregates(s: SummaryQuery): SummaryAggregates {
    if (!s.unitCodes.length) return foldSummary([], [], { escalations: [], openCases: [], lateTransfers: [] });
    // Two scans do the counting (§8 by database aggregation), shared with the PostgreSQL store.
    const c = summaryCaseSql('sqlite', s);
    const d = summaryDeadlineSql('sqlite', s);
    const caseRows = this.st(c.sql).all(...c.values) as Row[];
    const dlRows = this.st(d.sql).all(...d.values) as Row[];
    const day = `"unitCode" ${IN_LIST} AND "receivedAt" >= ? AND "receivedAt" < ?`;
    const dayValues = [list(s.unitCodes), toSql(s.from), toSql(s.to)];
    const escalations = this.all<{ id: number; escalationNote: string | null }>(
      `SELECT id, "escalationNote" FROM "Case" WHERE ${day} AND escalated = 1 AND "escalatedAt" <= ? ORDER BY id LIMIT ?`,
      [...dayValues, toSql(s.asOf), s.listLimit],
    );
    const openCases = this.all<{ id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null }>(
      `SELECT id, "receivedAt", "ownerHandle", "handlerHandle" FROM "Case" WHERE ${day} AND ("resolvedAt" IS NULL OR "resolvedAt" > ?) ORDER BY id LIMIT ?`,
      [...dayValues, toSql(s.asOf), s.listLimit],
      CASE_TYPES,
    );
    const lateTransfers = this.all<{ id: number }>(`SELECT id FROM "Case" WHERE ${day} AND "lateTransfer" = 1 ORDER BY id LIMIT ?`, [...dayValues, s.listLimit]);
    const overdue = new Set(
      openCases.length
        ? this.all<{ caseId: number }>(
            `SELECT DISTINCT "caseId" FROM "Deadline" WHERE "caseId" ${IN_LIST} AND state = 'pending' AND "dueAt" < ? AND kind ${IN_LIST}`,
            [list(openCases.map((o) => o.id)), toSql(s.asOf), list([...OVERDUE_KINDS])],
          ).map((r) => r.caseId)
        : [],
    );
    return foldSummary(caseRows, dlRows, {
      escalations: escalations.map((r) => ({ id: r.id, reasons: (r.escalationNote ?? '').split('|').filter(Boolean) })),
      openCases: openCases.map((o) => ({ ...o, overdue: overdue.has(o.id) })),
      lateTransfers: lateTransfers.map((r) => r.id),
    });
  }

  pendingOutbox(limit: number): (OutboxRecord & { nextAttemptAt: Date; leaseUntil: Date | null; leaseOwner: string | null })[] {
    const rows = this.all<Row>(`SELECT * FROM "OutboxMessage" WHERE status = 'pending' ORDER BY id LIMIT ?`, [limit], OUTBOX_TYPES);
    return rows.map((r) => ({
      id: r.id as number,
      key: r.key as string,
      at: r.at as Date,
      kind: r.kind as OutboxRecord['kind'],
      caseId: r.caseId as number | null,
      toUnit: r.toUnit as string | null,
      toHandle: r.toHandle as string | null,
      payload: JSON.parse(r.payload as string),
      attempts: r.attempts as number,
      delivered: r.delivered ? (r.delivered as string).split(',') : [],
      nextAttemptAt: r.nextAttemptAt as Date,
      leaseUntil: r.leaseUntil as Date | null,
      leaseOwner: r.leaseOwner as string | null,
    }));
  }

  claimOutboxBatch(ids: number[], owner: string, now: Date, leaseMs: number): Set<number> {
    if (!ids.length) return new Set();
    const rows = this.all<{ id: number }>(
      `UPDATE "OutboxMessage" SET "leaseOwner" = ?, "leaseUntil" = ?
        WHERE id ${IN_LIST} AND status = 'pending' AND "nextAttemptAt" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?) RETURNING id`,
      [owner, toSql(new Date(now.getTime() + leaseMs)), list(ids), toSql(now), toSql(now)],
    );
    return new Set(rows.map((r) => r.id));
  }

  markSent(ids: number[], platforms: string[], now: Date): void {
    if (!ids.length) return;
    this.run(`UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = ?, "leaseUntil" = NULL, delivered = ? WHERE id ${IN_LIST}`, [toSql(now), platforms.join(','), list(ids)]);
  }

  releaseOutbox(ids: number[]): void {
    if (!ids.length) return;
    this.run(`UPDATE "OutboxMessage" SET "leaseUntil" = NULL, "leaseOwner" = NULL WHERE id ${IN_LIST} AND status = 'pending'`, [list(ids)]);
  }

  markDelivered(id: number, platform: string, allDone: boolean, now: Date): void {
    const row = this.get<{ delivered: string }>(`SELECT delivered FROM "OutboxMessage" WHERE id = ?`, [id]);
    const delivered = [...new Set([...(row?.delivered ? row.delivered.split(',') : []), platform])].join(',');
    if (allDone) this.run(`UPDATE "OutboxMessage" SET delivered = ?, status = 'sent', "sentAt" = ?, "leaseUntil" = NULL WHERE id = ?`, [delivered, toSql(now), id]);
    else this.run(`UPDATE "OutboxMessage" SET delivered = ? WHERE id = ?`, [delivered, id]);
  }

  markFailed(id: number, error: string, nextAttemptAt: Date): void {
    this.run(
      `UPDATE "OutboxMessage" SET attempts = attempts + 1, "lastError" = ?, "nextAttemptAt" = ?, "leaseUntil" = NULL, "leaseOwner" = NULL WHERE id = ?`,
      [error.slice(0, 500), toSql(nextAttemptAt), id],
    );
  }

  markDead(id: number, error: string, now: Date): void {
    // the lease owner stays: a message put back to pending (after the cause is fixed) is looked up before re-posting
    this.run(`UPDATE "OutboxMessage" SET status = 'dead', attempts = attempts + 1, "lastError" = ?, "sentAt" = ?, "leaseUntil" = NULL WHERE id = ?`, [
      error.slice(0, 500),
      toSql(now),
      id,
    ]);
  }

  outboxBacklog(): number {
    return this.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'pending'`, [])!.n;
  }

  outboxDead(since: Date | null): { count: number; errors: { error: string; count: number }[] } {
    const rows = this.all<{ error: string | null; n: number }>(
      `SELECT "lastError" AS error, COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'dead'${since ? ` AND "sentAt" >= ?` : ''}
        GROUP BY "lastError" ORDER BY n DESC, error`,
      since ? [toSql(since)] : [],
    );
    return { count: rows.reduce((a, r) => a + r.n, 0), errors: rows.map((r) => ({ error: r.error ?? '', count: r.n })) };
  }

  nextOutboxAttempt(now: Date): Date | null {
    const rows = this.all<{ caseId: number | null; key: string; nextAttemptAt: Date; leaseUntil: Date | null }>(
      `SELECT "caseId", key, "nextAttemptAt", "leaseUntil" FROM "OutboxMessage" WHERE status = 'pending' ORDER BY id LIMIT 1000`,
      [],
      OUTBOX_TYPES,
    );
    return earliestLaneHead(rows, now);
  }

  pruneProcessedRequests(before: Date): number {
    return this.run(`DELETE FROM "ProcessedRequest" WHERE at < ?`, [toSql(before)]);
  }

  journalRequest(r: PendingRequestRecord): void {
    this.run(`INSERT INTO "PendingRequest" (key, at, platform, actor, text, "replyTo") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`, [
      r.key,
      toSql(r.at),
      r.platform,
      r.actor,
      r.text,
      r.replyTo ?? null,
    ]);
  }

  pendingRequests(platform: string): PendingRequestRecord[] {
    return this.all<PendingRequestRecord>(`SELECT * FROM "PendingRequest" WHERE platform = ? ORDER BY at, key`, [platform], PLAIN_TIMES);
  }

  forgetRequest(key: string): void {
    this.run(`DELETE FROM "PendingRequest" WHERE key = ?`, [key]);
  }

  cardRefs(caseId: number, platform: string): CardRefRecord[] {
    return this.all<CardRefRecord>(`SELECT * FROM "CardRef" WHERE "caseId" = ? AND platform = ? ORDER BY channel`, [caseId, platform]);
  }

  setCardRef(ref: CardRefRecord): void {
    this.run(
      `INSERT INTO "CardRef" ("caseId", platform, channel, "messageId") VALUES (?, ?, ?, ?)
       ON CONFLICT ("caseId", platform, channel) DO UPDATE SET "messageId" = excluded."messageId"`,
      [ref.caseId, ref.platform, ref.channel, ref.messageId],
    );
  }

  caseChoices(resolved: boolean, limit: number): Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>[] {
    return this.all(
      `SELECT id, category, "unitCode", matter, "customerName" FROM "Case" WHERE ${resolved ? `status = 'resolved'` : `status <> 'resolved'`} ORDER BY id DESC LIMIT ?`,
      [limit],
    );
  }

  ping(): void {
    this.get(`SELECT 1 AS one`, []);
  }

  /** The roster's units and members, replacing what was there (start-up). */
  replaceRoster(rows: RosterRows): void {
    this.run(`DELETE FROM "Member"`, []);
    this.run(`DELETE FROM "Unit"`, []);
    for (const u of rows.units)
      this.run(
        `INSERT INTO "Unit" (code, name, level, "parentCode", depth, "consoleChannel", "slackChannel", "discordChannel", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [u.code, u.name, u.level, u.parentCode, u.depth, u.consoleChannel, u.slackChannel, u.discordChannel, u.position],
      );
    for (const m of rows.members)
      this.run(
        `INSERT INTO "Member" (handle, name, "unitCode", role, line, phone, "slackId", "discordId", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [m.handle, m.name, m.unitCode, m.role, m.line, m.phone, m.slackId, m.discordId, m.position],
      );
    this.run(`INSERT INTO "Counter" (name, value) VALUES ('case', 0) ON CONFLICT (name) DO NOTHING`, []);
  }
}

/** SqliteOps with every method made async: the shape of the Store port. */
type AsyncOps = { [K in keyof SqliteOps as SqliteOps[K] extends (...a: never[]) => unknown ? K : never]: SqliteOps[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : never };
// the async view of SqliteOps is the port (a compile-time check that no method is missing or mistyped)
type _Covers = AsyncOps extends Omit<SqliteStore, 'tx' | 'close'> ? true : never;
const _covers: _Covers = true;
void _covers;

/** The port's operations: SqliteOps' methods but its private helpers. */
const HELPERS = new Set(['constructor', 'st', 'all', 'get', 'run', 'assignments', 'caseWhere']);
const OP_NAMES = Object.getOwnPropertyNames(SqliteOps.prototype).filter((n) => !HELPERS.has(n)) as (keyof AsyncOps)[];

/** Builds the async view of `ops`, each call run through `call`. */
function view(ops: SqliteOps, call: <R>(f: () => R) => Promise<R>): AsyncOps {
  const out: Record<string, unknown> = {};
  for (const name of OP_NAMES) {
    const fn = (ops[name] as (...a: unknown[]) => unknown).bind(ops);
    out[name] = (...args: unknown[]) => call(() => fn(...args));
  }
  return out as AsyncOps;
}

const BUSY = /SQLITE_BUSY|database is locked/i;

/** The Store port, plus what start-up needs of the embedded database. */
export interface SqliteStore extends Store {
  /** Replaces the Unit and Member tables with the roster's, in one transaction. */
  replaceRoster(rows: RosterRows): Promise<void>;
}

/** Opens (and owns) a connection to an SQLite file whose schema is already migrated. */
export function openSqliteStore(path: string, opts: { throwaway?: boolean } = {}): SqliteStore {
  const db = new Database(path, { timeout: 5000 });
  for (const p of sqlitePragmas(!opts.throwaway)) db.pragma(p);
  const ops = new SqliteOps(db);

  // The connection is held by one transaction at a time; calls from elsewhere queue (FIFO) until it is free.
  let held = false;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> | void => {
    if (!held) {
      held = true;
      return;
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else held = false;
  };
  const now = <R>(f: () => R): Promise<R> => {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e);
    }
  };
  // Marks the async work of each transaction. Only the open transaction's own work goes straight through: a timer
  // or promise started inside an earlier transaction carries that one's (stale) mark and queues like anyone else.
  const inside = new AsyncLocalStorage<object>();
  let current: object | null = null;
  const withinOpenTx = () => current !== null && inside.getStore() === current;
  const exclusive = async <R>(f: () => R): Promise<R> => {
    if (withinOpenTx()) return f();
    const wait = acquire();
    if (wait) await wait;
    try {
      return f();
    } finally {
      release();
    }
  };

  const inTx = view(ops, now) as StoreTx;
  const store = view(ops, exclusive) as unknown as SqliteStore;
  let closed = false;
  store.tx = async <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => {
    if (withinOpenTx()) throw new Error('a transaction cannot start inside another transaction');
    const wait = acquire();
    if (wait) await wait;
    try {
      // retried when another process holds the write lock longer than the busy wait
      for (let attempt = 0; ; attempt++) {
        try {
          db.exec('BEGIN IMMEDIATE');
          break;
        } catch (e) {
          if (attempt >= 4 || !BUSY.test(String((e as Error)?.message ?? e))) throw e;
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
        }
      }
      const mark = {};
      current = mark;
      try {
        const out = await inside.run(mark, () => fn(inTx));
        db.exec('COMMIT');
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      } finally {
        current = null;
      }
    } finally {
      release();
    }
  };
  store.replaceRoster = (rows) => store.tx(async () => ops.replaceRoster(rows));
  store.close = async () => {
    if (closed) return;
    closed = true;
    const wait = acquire();
    if (wait) await wait;
    try {
      db.close();
    } finally {
      release();
    }
  };
  return store;
}
