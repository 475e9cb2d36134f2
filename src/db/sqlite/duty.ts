/** §12 duty and the work log (src/core/ports/duty.ts) on the SQLite connection. */
import type { DeadlineRecord, TimelineRecord } from '../../core/domain/case.ts';
import type { DutyReads, DutyWrites, TakenShiftRecord, WorkLogQuery, WorkLogRecord } from '../../core/ports/duty.ts';
import { decodeJson, encodeJson } from '../shared/duty-rows.ts';
import type { SqliteConnection } from './connection.ts';
import { IN_LIST, list, readCase, readDeadline, readTimeline, toSql, type Row } from './sql.ts';

const SHIFT_TYPES = { startAt: 'date', endAt: 'date' } as const;
const LOG_TYPES = { at: 'date' } as const;

const readLog = (r: Row): WorkLogRecord => ({
  at: r.at as Date,
  unitCode: r.unitCode as string,
  actor: r.actor as string,
  kind: r.kind as WorkLogRecord['kind'],
  text: r.text as string,
  data: decodeJson(r.data as string | null),
});

export function sqliteDutyWrites(c: SqliteConnection): DutyWrites {
  const { sql } = c;
  return {
    insertTakenShift: (s: TakenShiftRecord) =>
      c.call(() => {
        sql.run(`INSERT INTO "DutyShift" ("unitCode", handle, "startAt", "endAt", "takenBy") VALUES (?, ?, ?, ?, ?)`, [
          s.unitCode,
          s.handle,
          toSql(s.startAt),
          toSql(s.endAt),
          s.takenBy,
        ]);
      }),
    appendWorkLog: (entries: WorkLogRecord[]) =>
      c.call(() => {
        for (const e of entries)
          sql.run(`INSERT INTO "WorkLogEntry" (at, "unitCode", actor, kind, text, data) VALUES (?, ?, ?, ?, ?, ?)`, [
            toSql(e.at),
            e.unitCode,
            e.actor,
            e.kind,
            e.text,
            encodeJson(e.data),
          ]);
      }),
    takenShiftsBetween: (from: Date, to: Date) =>
      c.call(() =>
        sql.all<TakenShiftRecord>(
          `SELECT "unitCode", handle, "startAt", "endAt", "takenBy" FROM "DutyShift" WHERE "endAt" > ? AND "startAt" < ? ORDER BY "startAt", id`,
          [toSql(from), toSql(to)],
          SHIFT_TYPES,
        ),
      ),
  };
}

export function sqliteDutyReads(c: SqliteConnection): DutyReads {
  const { sql } = c;
  const writes = sqliteDutyWrites(c);
  return {
    takenShiftsBetween: (from, to) => writes.takenShiftsBetween(from, to),

    workLog: (q: WorkLogQuery) =>
      c.call(() => {
        const kinds = q.kinds ?? ['entry', 'handover'];
        const where = `at >= ? AND at < ? AND "unitCode" ${IN_LIST} AND kind ${IN_LIST}`;
        const params = [toSql(q.from), toSql(q.to), list(q.unitCodes), list(kinds)];
        const total = sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "WorkLogEntry" WHERE ${where}`, params)!.n;
        const entries = q.limit > 0 ? sql.all<Row>(`SELECT * FROM "WorkLogEntry" WHERE ${where} ORDER BY at, id LIMIT ?`, [...params, q.limit], LOG_TYPES).map(readLog) : [];
        return { total, entries };
      }),

    caseEvents: (q: { unitCodes: string[]; from: Date; to: Date; actions: string[]; limit: number }) =>
      c.call(() => {
        const where = `t.at >= ? AND t.at < ? AND t.action ${IN_LIST} AND c."unitCode" ${IN_LIST}`;
        const from = `"TimelineEntry" t JOIN "Case" c ON c.id = t."caseId"`;
        const params = [toSql(q.from), toSql(q.to), list(q.actions), list(q.unitCodes)];
        const total = sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`, params)!.n;
        const events: TimelineRecord[] = q.limit > 0 ? sql.rows(`SELECT t.* FROM ${from} WHERE ${where} ORDER BY t.at, t.id LIMIT ?`, [...params, q.limit]).map(readTimeline) : [];
        return { total, events };
      }),

    openCasesByUrgency: (q: { unitCodes: string[]; limit: number }) =>
      c.call(() => {
        const units = list(q.unitCodes);
        const total = sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Case" WHERE status <> 'resolved' AND "unitCode" ${IN_LIST}`, [units])!.n;
        if (q.limit <= 0 || !total) return { total, cases: [] };
        // walk the pending deadlines by due time (an index): a case has at most a few, so 8 × limit rows name enough cases
        const ids: number[] = [];
        for (const r of sql.rows(
          `SELECT "caseId" FROM "Deadline" WHERE state = 'pending' AND kind <> 'transfer' AND "caseUnitCode" ${IN_LIST} ORDER BY "dueAt", id LIMIT ?`,
          [units, q.limit * 8],
        )) {
          const id = r.caseId as number;
          if (!ids.includes(id)) ids.push(id);
          if (ids.length === q.limit) break;
        }
        const byId = new Map(sql.rows(`SELECT * FROM "Case" WHERE id ${IN_LIST} AND status <> 'resolved'`, [list(ids)]).map((r) => [r.id as number, readCase(r)]));
        return { total, cases: ids.map((id) => byId.get(id)).filter((x) => !!x) };
      }),

    deadlinesDueBetween: (q: { unitCodes: string[]; from: Date; to: Date; limit: number }) =>
      c.call(() => {
        const where = `"dueAt" >= ? AND "dueAt" < ? AND state = 'pending' AND kind <> 'transfer' AND "caseUnitCode" ${IN_LIST}`;
        const params = [toSql(q.from), toSql(q.to), list(q.unitCodes)];
        const total = sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Deadline" WHERE ${where}`, params)!.n;
        const deadlines: DeadlineRecord[] = q.limit > 0 ? sql.rows(`SELECT * FROM "Deadline" WHERE ${where} ORDER BY "dueAt", id LIMIT ?`, [...params, q.limit]).map(readDeadline) : [];
        return { total, deadlines };
      }),
  };
}
