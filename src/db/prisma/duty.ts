/** §12 duty and the work log (src/core/ports/duty.ts) over Prisma. */
import type { DutyReads, DutyWrites, TakenShiftRecord, WorkLogQuery, WorkLogRecord } from '../../core/ports/duty.ts';
import { decodeJson, encodeJson } from '../shared/duty-rows.ts';
import { sqlParams } from '../shared/summary-sql.ts';
import { readCase, readDeadline, readTimeline } from './cases.ts';
import type { Client, Db, Provider } from './client.ts';

const readLog = (r: { at: Date; unitCode: string; actor: string; kind: string; text: string; data: string | null }): WorkLogRecord => ({
  at: r.at,
  unitCode: r.unitCode,
  actor: r.actor,
  kind: r.kind as WorkLogRecord['kind'],
  text: r.text,
  data: decodeJson(r.data),
});

/** On the client of one transaction (or the top-level client, outside one). */
export function prismaDutyWrites(db: Client): DutyWrites {
  return {
    async insertTakenShift(s: TakenShiftRecord) {
      await db.dutyShift.create({ data: s });
    },
    async appendWorkLog(entries: WorkLogRecord[]) {
      if (entries.length) await db.workLogEntry.createMany({ data: entries.map((e) => ({ ...e, data: encodeJson(e.data) })) });
    },
    async takenShiftsBetween(from: Date, to: Date) {
      return db.dutyShift.findMany({
        where: { endAt: { gt: from }, startAt: { lt: to } },
        select: { unitCode: true, handle: true, startAt: true, endAt: true, takenBy: true },
        orderBy: [{ startAt: 'asc' }, { id: 'asc' }],
      });
    },
  };
}

export function prismaDutyReads(p: Db, provider: Provider): DutyReads {
  return {
    takenShiftsBetween: (from, to) => prismaDutyWrites(p).takenShiftsBetween(from, to),

    async workLog(q: WorkLogQuery) {
      const where = { at: { gte: q.from, lt: q.to }, unitCode: { in: q.unitCodes }, kind: { in: q.kinds ?? ['entry', 'handover'] } };
      const [total, rows] = await Promise.all([
        p.workLogEntry.count({ where }),
        q.limit > 0 ? p.workLogEntry.findMany({ where, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: q.limit }) : Promise.resolve([]),
      ]);
      return { total, entries: rows.map(readLog) };
    },

    async caseEvents(q: { unitCodes: string[]; from: Date; to: Date; actions: string[]; limit: number }) {
      if (!q.unitCodes.length || !q.actions.length) return { total: 0, events: [] };
      // the timeline has no relation to its case in the schema: one join in SQL, the same text on both providers
      const build = (select: string, tail: string, limit?: number) => {
        const s = sqlParams(provider);
        const sql = `SELECT ${select} FROM "TimelineEntry" t JOIN "Case" c ON c.id = t."caseId"
          WHERE t.at >= ${s.add(s.time(q.from))} AND t.at < ${s.add(s.time(q.to))}
            AND t.action IN (${q.actions.map((a) => s.add(a)).join(', ')})
            AND c."unitCode" IN (${q.unitCodes.map((u) => s.add(u)).join(', ')}) ${tail}${limit !== undefined ? ` LIMIT ${s.add(limit)}` : ''}`;
        return { sql, values: s.values };
      };
      const count = build('COUNT(*) AS n', '');
      const [{ n }] = (await p.$queryRawUnsafe(count.sql, ...count.values)) as { n: number | bigint }[];
      const total = Number(n);
      if (q.limit <= 0 || !total) return { total, events: [] };
      const rows = build('t."caseId", t.at, t.actor, t.action, t.text, t.data', 'ORDER BY t.at, t.id', q.limit);
      const events = ((await p.$queryRawUnsafe(rows.sql, ...rows.values)) as Record<string, unknown>[]).map((r) =>
        readTimeline({ ...r, caseId: Number(r.caseId), at: new Date(r.at as string | Date) }),
      );
      return { total, events };
    },

    async openCasesByUrgency(q: { unitCodes: string[]; limit: number }) {
      const total = await p.case.count({ where: { status: { not: 'resolved' }, unitCode: { in: q.unitCodes } } });
      if (q.limit <= 0 || !total) return { total, cases: [] };
      // walk the pending deadlines by due time (an index): a case has at most a few, so 8 × limit rows name enough cases
      const rows = await p.deadline.findMany({
        where: { state: 'pending', kind: { not: 'transfer' }, caseUnitCode: { in: q.unitCodes } },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: q.limit * 8,
        select: { caseId: true },
      });
      const ids = [...new Set(rows.map((r) => r.caseId))].slice(0, q.limit);
      const byId = new Map((await p.case.findMany({ where: { id: { in: ids }, status: { not: 'resolved' } } })).map((r) => [r.id, readCase(r)]));
      return { total, cases: ids.map((id) => byId.get(id)).filter((x) => !!x) };
    },

    async deadlinesDueBetween(q: { unitCodes: string[]; from: Date; to: Date; limit: number }) {
      const where = { dueAt: { gte: q.from, lt: q.to }, state: 'pending', kind: { not: 'transfer' }, caseUnitCode: { in: q.unitCodes } };
      const [total, rows] = await Promise.all([
        p.deadline.count({ where }),
        q.limit > 0 ? p.deadline.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: q.limit }) : Promise.resolve([]),
      ]);
      return { total, deadlines: rows.map(readDeadline) };
    },
  };
}
