/** The cases port (src/core/ports/cases.ts), on either driver. */
import type { CaseRecord, DeadlineRecord, NewDeadline, Stage, TimelineRecord } from '../../core/domain/case.ts';
import type { CaseQuery, CaseReads, CaseRepository, ClusterMembers, ClusterStats } from '../../core/ports/cases.ts';
import { OVERDUE_KINDS } from '../../core/rules/sla.ts';
import { CASE_COLUMNS, caseToRow, casePatchToRow, timelineToRow } from '../shared/rows.ts';
import type { Dialect } from '../dialect.ts';
import type { Queryable } from '../drivers/driver.ts';
import { assignments, CASE_TYPES, DEADLINE_TYPES, insertMany, q, readCase, readDeadline, readTimeline, typed } from './sql.ts';

/** A §6 cluster group: the branch's cases of one category received since a moment. */
const CLUSTER_GROUP = `"branchCode" = ? AND category = ? AND "receivedAt" >= ?`;

const INSERT_CASE = `INSERT INTO "Case" (${CASE_COLUMNS.map(q).join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`;

export function caseRepository(sql: Queryable): CaseRepository {
  const d = sql.dialect;
  const updateDeadlines = async (ids: number[], patch: Partial<DeadlineRecord>): Promise<void> => {
    const a = assignments(patch, ['id']);
    if (!ids.length || !a.set) return;
    await sql.run(`UPDATE "Deadline" SET ${a.set} WHERE id ${d.inList}`, [...a.values, ids]);
  };
  return {
    nextCaseId: async () =>
      Number(
        (await sql.get(
          `INSERT INTO "Counter" (name, value) VALUES ('case', 1) ON CONFLICT (name) DO UPDATE SET value = "Counter".value + 1 RETURNING value`,
          [],
        ))!.value,
      ),

    insertCase: async (rec: CaseRecord) => {
      const row = caseToRow(rec);
      await sql.run(
        INSERT_CASE,
        CASE_COLUMNS.map((k) => row[k]),
      );
    },

    getCase: async (id: number) => {
      const r = await sql.get(`SELECT * FROM "Case" WHERE id = ?`, [id]);
      return r ? readCase(r) : null;
    },

    getCases: async (ids: number[]) =>
      ids.length ? (await sql.all(`SELECT * FROM "Case" WHERE id ${d.inList} ORDER BY id`, [ids])).map(readCase) : [],

    updateCase: async (id: number, version: number, patch: Partial<CaseRecord>) => {
      const a = assignments(casePatchToRow(patch), ['id', 'version']);
      return (
        (await sql.run(`UPDATE "Case" SET ${a.set ? `${a.set}, ` : ''}version = ? WHERE id = ? AND version = ?`, [
          ...a.values,
          version + 1,
          id,
          version,
        ])) === 1
      );
    },

    appendTimeline: (entries: TimelineRecord[]) =>
      insertMany(
        sql,
        `INSERT INTO "TimelineEntry" ("caseId", at, actor, action, text, data)`,
        '(?, ?, ?, ?, ?, ?)',
        entries.map(timelineToRow).map((e) => [e.caseId, e.at, e.actor, e.action, e.text, e.data]),
      ),

    timeline: async (caseId: number) =>
      (await sql.all(`SELECT * FROM "TimelineEntry" WHERE "caseId" = ? ORDER BY id`, [caseId])).map(readTimeline),

    deadlines: async (caseId: number) =>
      (await sql.all(`SELECT * FROM "Deadline" WHERE "caseId" = ? ORDER BY id`, [caseId])).map(readDeadline),

    // the case's unit and receipt time are copied onto each deadline, for the day's compliance count (§8)
    insertDeadlines: (ds: NewDeadline[]) =>
      insertMany(
        sql,
        `INSERT INTO "Deadline" ("caseId", kind, generation, "startAt", "dueAt", state, "completedAt", "breachedAt", "nextStage", "nextFireAt", "repeatsSent", "caseUnitCode", "caseReceivedAt")`,
        `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT "unitCode" FROM "Case" WHERE id = ?), ''), COALESCE((SELECT "receivedAt" FROM "Case" WHERE id = ?), ?))`,
        ds.map((d) => [
          d.caseId,
          d.kind,
          d.generation,
          d.startAt,
          d.dueAt,
          d.state,
          d.completedAt ?? null,
          d.breachedAt ?? null,
          d.nextStage ?? null,
          d.nextFireAt ?? null,
          d.repeatsSent ?? 0,
          d.caseId,
          d.caseId,
          d.startAt,
        ]),
      ),

    updateDeadline: (id: number, patch: Partial<DeadlineRecord>) => updateDeadlines([id], patch),

    updateDeadlines: (ids: number[], patch: Partial<DeadlineRecord>) => updateDeadlines(ids, patch),

    claimStages: async (
      ids: number[],
      expect: { stage: Stage; fireAt: Date },
      next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> },
    ) => {
      if (!ids.length) return new Set<number>();
      const a = assignments(next.patch, ['id', 'nextStage', 'nextFireAt']);
      // PostgreSQL: rows another replica is claiming right now are skipped, not waited for (its claim would win the
      // conditional update anyway); they are due again next sweep if that replica gives them up. The conditional
      // update stays the fencing token.
      const rows = await sql.all(
        `UPDATE "Deadline" SET ${a.set ? `${a.set}, ` : ''}"nextStage" = ?, "nextFireAt" = ?
          WHERE id IN (SELECT id FROM "Deadline" WHERE id ${d.inList} AND "nextStage" = ? AND "nextFireAt" = ?${d.skipLocked}) AND "nextStage" = ? AND "nextFireAt" = ? RETURNING id`,
        [...a.values, next.stage, next.fireAt, ids, expect.stage, expect.fireAt, expect.stage, expect.fireAt],
      );
      return new Set(rows.map((r) => r.id as number));
    },

    flagBreached: async (caseIds: number[], now: Date) => {
      if (!caseIds.length) return;
      await sql.run(`UPDATE "Case" SET breached = TRUE, "updatedAt" = ?, version = version + 1 WHERE id ${d.inList}`, [now, caseIds]);
    },

    casesOfCustomerSince: async (customerKey: string, since: Date, excludeId: number) =>
      typed<{ id: number; receivedAt: Date }>(
        await sql.all(`SELECT id, "receivedAt" FROM "Case" WHERE "customerKey" = ? AND "receivedAt" >= ? AND id <> ? ORDER BY id`, [
          customerKey,
          since,
          excludeId,
        ]),
        CASE_TYPES,
      ),

    // §6 counted over the group's covering index, in the database, not carried row by row into JavaScript
    clusterStats: async (branchCode: string, category: string, since: Date, customerKey: string | null): Promise<ClusterStats> => {
      const r = (await sql.get(
        `SELECT COUNT(*) AS cases, COUNT(DISTINCT COALESCE("customerKey", 'case:' || id)) AS customers, COALESCE(MAX(CASE WHEN "customerKey" = ? THEN 1 ELSE 0 END), 0) AS mine
           FROM "Case" WHERE ${CLUSTER_GROUP}`,
        [customerKey, branchCode, category, since],
      ))!;
      return { cases: Number(r.cases), customers: Number(r.customers), includesCustomer: Number(r.mine) === 1 };
    },

    clusterMembers: async (branchCode: string, category: string, since: Date, listLimit: number): Promise<ClusterMembers> => {
      const group = [branchCode, category, since];
      const ids = (await sql.all(`SELECT id FROM "Case" WHERE ${CLUSTER_GROUP} ORDER BY id LIMIT ?`, [...group, listLimit])).map(
        (x) => x.id as number,
      );
      const unflagged = (await sql.all(`SELECT id FROM "Case" WHERE ${CLUSTER_GROUP} AND cluster = FALSE ORDER BY id`, group)).map(
        (x) => x.id as number,
      );
      return { ids, unflagged };
    },

    paidTotalFen: async (customerKey: string) =>
      Number((await sql.get(`SELECT SUM("amountFen") AS total FROM "Payment" WHERE "customerKey" = ?`, [customerKey]))?.total ?? 0),

    insertPayment: async (p: { caseId: number; customerKey: string; amountFen: number; at: Date; actor: string }) => {
      await sql.run(`INSERT INTO "Payment" ("caseId", "customerKey", "amountFen", at, actor) VALUES (?, ?, ?, ?, ?)`, [
        p.caseId,
        p.customerKey,
        p.amountFen,
        p.at,
        p.actor,
      ]);
    },
  };
}

/** `WHERE` conditions and their values for a case query. */
function caseWhere(c: CaseQuery, d: Dialect): { cond: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  if (c.unitCodes) {
    where.push(`"unitCode" ${d.inList}`);
    values.push(c.unitCodes);
  }
  if (c.status === 'open') where.push(`status <> 'resolved'`);
  if (c.involving) {
    where.push(`("ownerHandle" = ? OR "handlerHandle" = ? OR "openerHandle" = ?)`);
    values.push(c.involving, c.involving, c.involving);
  }
  if (c.overdueAt) {
    where.push(`id IN (SELECT "caseId" FROM "Deadline" WHERE state = 'pending' AND "dueAt" < ? AND kind ${d.inList})`);
    values.push(c.overdueAt, [...OVERDUE_KINDS]);
  }
  if (c.receivedFrom) {
    where.push(`"receivedAt" >= ?`);
    values.push(c.receivedFrom);
  }
  if (c.receivedTo) {
    where.push(`"receivedAt" < ?`);
    values.push(c.receivedTo);
  }
  return { cond: where.length ? ` WHERE ${where.join(' AND ')}` : '', values };
}

export function caseReads(sql: Queryable): CaseReads {
  const d = sql.dialect;
  return {
    listCases: async (query: CaseQuery) => {
      const { cond, values } = caseWhere(query, d);
      const paging = d.paging(query.limit, query.offset);
      if (query.order === 'urgency') {
        return (
          await sql.all(
            `SELECT c.* FROM (SELECT "Case".*, (SELECT MIN("dueAt") FROM "Deadline" d WHERE d."caseId" = "Case".id AND d.state = 'pending' AND d.kind <> 'transfer') AS "nextDue" FROM "Case"${cond}) c ORDER BY c."nextDue" IS NULL, c."nextDue", c.id${paging}`,
            values,
          )
        ).map(readCase);
      }
      return (await sql.all(`SELECT * FROM "Case"${cond} ORDER BY id${paging}`, values)).map(readCase);
    },

    countCases: async (query: CaseQuery) => {
      const { cond, values } = caseWhere(query, d);
      return Number((await sql.get(`SELECT COUNT(*) AS n FROM "Case"${cond}`, values))?.n ?? 0);
    },

    deadlinesOf: async (caseIds: number[]) =>
      caseIds.length ? (await sql.all(`SELECT * FROM "Deadline" WHERE "caseId" ${d.inList} ORDER BY id`, [caseIds])).map(readDeadline) : [],

    dueDeadlines: async (now: Date, limit: number) =>
      (await sql.all(`SELECT * FROM "Deadline" WHERE "nextFireAt" <= ? ORDER BY "nextFireAt", id LIMIT ?`, [now, limit])).map(readDeadline),

    nextFireAt: async () =>
      typed<{ nextFireAt: Date }>(
        await sql.all(`SELECT "nextFireAt" FROM "Deadline" WHERE "nextFireAt" IS NOT NULL ORDER BY "nextFireAt" LIMIT 1`, []),
        DEADLINE_TYPES,
      )[0]?.nextFireAt ?? null,

    caseChoices: async (resolved: boolean, limit: number) =>
      (await sql.all(
        `SELECT id, category, "unitCode", matter, "customerName" FROM "Case" WHERE ${resolved ? `status = 'resolved'` : `status <> 'resolved'`} ORDER BY id DESC LIMIT ?`,
        [limit],
      )) as Pick<CaseRecord, 'id' | 'category' | 'unitCode' | 'matter' | 'customerName'>[],
  };
}
