/** The cases port (src/core/ports/cases.ts) on the SQLite connection. */
import type { CaseRecord, DeadlineRecord, NewDeadline, Stage, TimelineRecord } from '../../core/domain/case.ts';
import type { CaseQuery, CaseReads, CaseRepository, ClusterMembers, ClusterStats } from '../../core/ports/cases.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import { CASE_COLUMNS, caseToRow, casePatchToRow, timelineToRow } from '../shared/rows.ts';
import type { SqliteConnection } from './connection.ts';
import { CASE_TYPES, DEADLINE_TYPES, IN_LIST, list, q, readCase, readDeadline, readTimeline, toSql, type Row } from './sql.ts';

/** A §6 cluster group: the branch's cases of one category received since a moment. */
const CLUSTER_GROUP = `"branchCode" = ? AND category = ? AND "receivedAt" >= ?`;

const INSERT_CASE = `INSERT INTO "Case" (${CASE_COLUMNS.map(q).join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`;

export function sqliteCaseRepository(c: SqliteConnection): CaseRepository {
  const { sql } = c;
  const updateDeadlines = (ids: number[], patch: Partial<DeadlineRecord>): void => {
    const a = sql.assignments(patch, ['id']);
    if (!ids.length || !a.set) return;
    sql.run(`UPDATE "Deadline" SET ${a.set} WHERE id ${IN_LIST}`, [...a.values, list(ids)]);
  };
  return {
    nextCaseId: () =>
      c.call(
        () =>
          sql.get<{ value: number }>(
            `INSERT INTO "Counter" (name, value) VALUES ('case', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
            [],
          )!.value,
      ),

    insertCase: (rec: CaseRecord) =>
      c.call(() => {
        const row = caseToRow(rec);
        sql.run(INSERT_CASE, CASE_COLUMNS.map((k) => toSql(row[k])));
      }),

    getCase: (id: number) =>
      c.call(() => {
        const r = sql.get<Row>(`SELECT * FROM "Case" WHERE id = ?`, [id]);
        return r ? readCase(r) : null;
      }),

    getCases: (ids: number[]) =>
      c.call(() => (ids.length ? sql.rows(`SELECT * FROM "Case" WHERE id ${IN_LIST} ORDER BY id`, [list(ids)]).map(readCase) : [])),

    updateCase: (id: number, version: number, patch: Partial<CaseRecord>) =>
      c.call(() => {
        const a = sql.assignments(casePatchToRow(patch), ['id', 'version']);
        return sql.run(`UPDATE "Case" SET ${a.set ? `${a.set}, ` : ''}version = ? WHERE id = ? AND version = ?`, [...a.values, version + 1, id, version]) === 1;
      }),

    appendTimeline: (entries: TimelineRecord[]) =>
      c.call(() => {
        for (const e of entries.map(timelineToRow))
          sql.run(`INSERT INTO "TimelineEntry" ("caseId", at, actor, action, text, data) VALUES (?, ?, ?, ?, ?, ?)`, [
            e.caseId,
            toSql(e.at),
            e.actor,
            e.action,
            e.text,
            e.data,
          ]);
      }),

    timeline: (caseId: number) => c.call(() => sql.rows(`SELECT * FROM "TimelineEntry" WHERE "caseId" = ? ORDER BY id`, [caseId]).map(readTimeline)),

    deadlines: (caseId: number) => c.call(() => sql.rows(`SELECT * FROM "Deadline" WHERE "caseId" = ? ORDER BY id`, [caseId]).map(readDeadline)),

    insertDeadlines: (ds: NewDeadline[]) =>
      c.call(() => {
        // the case's unit and receipt time are copied onto each deadline, for the day's compliance count (§8)
        for (const d of ds)
          sql.run(
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
      }),

    updateDeadline: (id: number, patch: Partial<DeadlineRecord>) => c.call(() => updateDeadlines([id], patch)),

    updateDeadlines: (ids: number[], patch: Partial<DeadlineRecord>) => c.call(() => updateDeadlines(ids, patch)),

    claimStages: (ids: number[], expect: { stage: Stage; fireAt: Date }, next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> }) =>
      c.call(() => {
        if (!ids.length) return new Set<number>();
        const a = sql.assignments(next.patch, ['id', 'nextStage', 'nextFireAt']);
        const rows = sql.all<{ id: number }>(
          `UPDATE "Deadline" SET ${a.set ? `${a.set}, ` : ''}"nextStage" = ?, "nextFireAt" = ?
            WHERE id ${IN_LIST} AND "nextStage" = ? AND "nextFireAt" = ? RETURNING id`,
          [...a.values, next.stage, toSql(next.fireAt), list(ids), expect.stage, toSql(expect.fireAt)],
        );
        return new Set(rows.map((r) => r.id));
      }),

    flagBreached: (caseIds: number[], now: Date) =>
      c.call(() => {
        if (!caseIds.length) return;
        sql.run(`UPDATE "Case" SET breached = 1, "updatedAt" = ?, version = version + 1 WHERE id ${IN_LIST}`, [toSql(now), list(caseIds)]);
      }),

    casesOfCustomerSince: (customerKey: string, since: Date, excludeId: number) =>
      c.call(() =>
        sql.all<{ id: number; receivedAt: Date }>(
          `SELECT id, "receivedAt" FROM "Case" WHERE "customerKey" = ? AND "receivedAt" >= ? AND id <> ? ORDER BY id`,
          [customerKey, toSql(since), excludeId],
          CASE_TYPES,
        ),
      ),

    // §6 counted over the group's covering index, in SQLite, not carried row by row into JavaScript
    clusterStats: (branchCode: string, category: string, since: Date, customerKey: string | null) =>
      c.call((): ClusterStats => {
        const r = sql.get<{ cases: number; customers: number; mine: number }>(
          `SELECT COUNT(*) AS cases, COUNT(DISTINCT COALESCE("customerKey", 'case:' || id)) AS customers, COALESCE(MAX("customerKey" = ?), 0) AS mine
             FROM "Case" WHERE ${CLUSTER_GROUP}`,
          [customerKey, branchCode, category, toSql(since)],
        )!;
        return { cases: r.cases, customers: r.customers, includesCustomer: r.mine === 1 };
      }),

    clusterMembers: (branchCode: string, category: string, since: Date, listLimit: number) =>
      c.call((): ClusterMembers => {
        const group = [branchCode, category, toSql(since)];
        const ids = sql.all<{ id: number }>(`SELECT id FROM "Case" WHERE ${CLUSTER_GROUP} ORDER BY id LIMIT ?`, [...group, listLimit]).map((x) => x.id);
        const unflagged = sql.all<{ id: number }>(`SELECT id FROM "Case" WHERE ${CLUSTER_GROUP} AND cluster = 0 ORDER BY id`, group).map((x) => x.id);
        return { ids, unflagged };
      }),

    paidTotalFen: (customerKey: string) =>
      c.call(() => sql.get<{ total: number | null }>(`SELECT SUM("amountFen") AS total FROM "Payment" WHERE "customerKey" = ?`, [customerKey])?.total ?? 0),

    insertPayment: (p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }) =>
      c.call(() => {
        sql.run(`INSERT INTO "Payment" ("caseId", "customerKey", "amountFen", at, actor) VALUES (?, ?, ?, ?, ?)`, [p.caseId, p.customerKey, p.amountFen, toSql(p.at), p.actor]);
      }),
  };
}

/** `WHERE` conditions and their values for a case query. */
function caseWhere(c: CaseQuery): { cond: string; values: unknown[] } {
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
  return { cond: where.length ? ` WHERE ${where.join(' AND ')}` : '', values };
}

export function sqliteCaseReads(c: SqliteConnection): CaseReads {
  const { sql } = c;
  return {
    listCases: (query: CaseQuery) =>
      c.call(() => {
        const { cond, values } = caseWhere(query);
        const limit = query.limit != null ? Math.max(0, Math.floor(query.limit)) : -1;
        const paging = query.limit != null || query.offset ? ` LIMIT ${limit} OFFSET ${Math.max(0, Math.floor(query.offset ?? 0))}` : '';
        if (query.order === 'urgency') {
          return sql
            .rows(
              `SELECT c.* FROM (SELECT "Case".*, (SELECT MIN("dueAt") FROM "Deadline" d WHERE d."caseId" = "Case".id AND d.state = 'pending' AND d.kind <> 'transfer') AS "nextDue" FROM "Case"${cond}) c ORDER BY c."nextDue" IS NULL, c."nextDue", c.id${paging}`,
              values,
            )
            .map(readCase);
        }
        return sql.rows(`SELECT * FROM "Case"${cond} ORDER BY id${paging}`, values).map(readCase);
      }),

    countCases: (query: CaseQuery) =>
      c.call(() => {
        const { cond, values } = caseWhere(query);
        return sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Case"${cond}`, values)?.n ?? 0;
      }),

    deadlinesOf: (caseIds: number[]) =>
      c.call(() => (caseIds.length ? sql.rows(`SELECT * FROM "Deadline" WHERE "caseId" ${IN_LIST} ORDER BY id`, [list(caseIds)]).map(readDeadline) : [])),

    dueDeadlines: (now: Date, limit: number) =>
      c.call(() => sql.rows(`SELECT * FROM "Deadline" WHERE "nextFireAt" <= ? ORDER BY "nextFireAt", id LIMIT ?`, [toSql(now), limit]).map(readDeadline)),

    nextFireAt: () =>
      c.call(
        () =>
          sql.get<{ nextFireAt: Date }>(`SELECT "nextFireAt" FROM "Deadline" WHERE "nextFireAt" IS NOT NULL ORDER BY "nextFireAt" LIMIT 1`, [], DEADLINE_TYPES)
            ?.nextFireAt ?? null,
      ),

    caseChoices: (resolved: boolean, limit: number) =>
      c.call(() =>
        sql.all<Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>>(
          `SELECT id, category, "unitCode", matter, "customerName" FROM "Case" WHERE ${resolved ? `status = 'resolved'` : `status <> 'resolved'`} ORDER BY id DESC LIMIT ?`,
          [limit],
        ),
      ),
  };
}
