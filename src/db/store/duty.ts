/** §12 duty and the work log (src/core/ports/duty.ts), on either driver. */
import type { DeadlineRecord, TimelineRecord } from '../../core/domain/case.ts';
import type { DutyReads, DutyWrites, TakenShiftRecord, WorkLogQuery, WorkLogRecord } from '../../core/ports/duty.ts';
import { decodeJson, encodeJson } from '../shared/duty-rows.ts';
import type { Queryable } from '../drivers/driver.ts';
import { fromSql, insertMany, readCase, readDeadline, readTimeline, typed, type Row } from './sql.ts';

const SHIFT_TYPES = { startAt: 'date', endAt: 'date' } as const;
const LOG_TYPES = { at: 'date' } as const;

const readLog = (r: Row): WorkLogRecord => ({
  at: fromSql<{ at: Date }>(r, LOG_TYPES).at,
  unitCode: r.unitCode as string,
  actor: r.actor as string,
  kind: r.kind as WorkLogRecord['kind'],
  text: r.text as string,
  data: decodeJson(r.data as string | null),
});

export function dutyWrites(sql: Queryable): DutyWrites {
  return {
    insertTakenShift: async (s: TakenShiftRecord) => {
      await sql.run(`INSERT INTO "DutyShift" ("unitCode", handle, "startAt", "endAt", "takenBy") VALUES (?, ?, ?, ?, ?)`, [
        s.unitCode,
        s.handle,
        s.startAt,
        s.endAt,
        s.takenBy,
      ]);
    },
    appendWorkLog: (entries: WorkLogRecord[]) =>
      insertMany(
        sql,
        `INSERT INTO "WorkLogEntry" (at, "unitCode", actor, kind, text, data)`,
        '(?, ?, ?, ?, ?, ?)',
        entries.map((e) => [e.at, e.unitCode, e.actor, e.kind, e.text, encodeJson(e.data)]),
      ),
    takenShiftsBetween: async (from: Date, to: Date) =>
      typed<TakenShiftRecord>(
        await sql.all(
          `SELECT "unitCode", handle, "startAt", "endAt", "takenBy" FROM "DutyShift" WHERE "endAt" > ? AND "startAt" < ? ORDER BY "startAt", id`,
          [from, to],
        ),
        SHIFT_TYPES,
      ),
  };
}

export function dutyReads(sql: Queryable): DutyReads {
  const d = sql.dialect;
  const writes = dutyWrites(sql);
  return {
    takenShiftsBetween: (from, to) => writes.takenShiftsBetween(from, to),

    workLog: async (q: WorkLogQuery) => {
      const kinds = q.kinds ?? ['entry', 'handover'];
      const where = `at >= ? AND at < ? AND "unitCode" ${d.inList} AND kind ${d.inList}`;
      const params = [q.from, q.to, q.unitCodes, kinds];
      const total = Number((await sql.get(`SELECT COUNT(*) AS n FROM "WorkLogEntry" WHERE ${where}`, params))!.n);
      const entries =
        q.limit > 0
          ? (await sql.all(`SELECT * FROM "WorkLogEntry" WHERE ${where} ORDER BY at, id LIMIT ?`, [...params, q.limit])).map(readLog)
          : [];
      return { total, entries };
    },

    caseEvents: async (q: { unitCodes: string[]; from: Date; to: Date; actions: string[]; limit: number }) => {
      const where = `t.at >= ? AND t.at < ? AND t.action ${d.inList} AND c."unitCode" ${d.inList}`;
      const from = `"TimelineEntry" t JOIN "Case" c ON c.id = t."caseId"`;
      const params = [q.from, q.to, q.actions, q.unitCodes];
      const total = Number((await sql.get(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`, params))!.n);
      const events: TimelineRecord[] =
        q.limit > 0
          ? (await sql.all(`SELECT t.* FROM ${from} WHERE ${where} ORDER BY t.at, t.id LIMIT ?`, [...params, q.limit])).map(readTimeline)
          : [];
      return { total, events };
    },

    openCasesByUrgency: async (q: { unitCodes: string[]; limit: number }) => {
      const units = q.unitCodes;
      const total = Number(
        (await sql.get(`SELECT COUNT(*) AS n FROM "Case" WHERE status <> 'resolved' AND "unitCode" ${d.inList}`, [units]))!.n,
      );
      if (q.limit <= 0 || !total) return { total, cases: [] };
      // walk the pending deadlines by due time (an index): a case has at most a few, so 8 × limit rows name enough cases
      const ids: number[] = [];
      for (const r of await sql.all(
        `SELECT "caseId" FROM "Deadline" WHERE state = 'pending' AND kind <> 'transfer' AND "caseUnitCode" ${d.inList} ORDER BY "dueAt", id LIMIT ?`,
        [units, q.limit * 8],
      )) {
        const id = r.caseId as number;
        if (!ids.includes(id)) ids.push(id);
        if (ids.length === q.limit) break;
      }
      const byId = new Map(
        (await sql.all(`SELECT * FROM "Case" WHERE id ${d.inList} AND status <> 'resolved'`, [ids])).map((r) => [
          r.id as number,
          readCase(r),
        ]),
      );
      return { total, cases: ids.map((id) => byId.get(id)).filter((x) => !!x) };
    },

    deadlinesDueBetween: async (q: { unitCodes: string[]; from: Date; to: Date; limit: number }) => {
      const where = `"dueAt" >= ? AND "dueAt" < ? AND state = 'pending' AND kind <> 'transfer' AND "caseUnitCode" ${d.inList}`;
      const params = [q.from, q.to, q.unitCodes];
      const total = Number((await sql.get(`SELECT COUNT(*) AS n FROM "Deadline" WHERE ${where}`, params))!.n);
      const deadlines: DeadlineRecord[] =
        q.limit > 0
          ? (await sql.all(`SELECT * FROM "Deadline" WHERE ${where} ORDER BY "dueAt", id LIMIT ?`, [...params, q.limit])).map(readDeadline)
          : [];
      return { total, deadlines };
    },
  };
}
