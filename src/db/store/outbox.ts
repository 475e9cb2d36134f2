/** The outbox port (src/core/ports/outbox.ts), on either driver. */
import type { MessageKind, OutboxInput } from '../../core/domain/case.ts';
import type { OutboxQueue, OutboxWriter } from '../../core/ports/outbox.ts';
import { decodeDelivered, encodeDelivered } from '../shared/encodings.ts';
import { earliestLaneHead } from '../shared/outbox-lanes.ts';
import { outboxFromRow, outboxToRow, type OutboxRow } from '../shared/rows.ts';
import type { Driver, Queryable } from '../drivers/driver.ts';
import { insertMany, OUTBOX_TYPES, typed } from './sql.ts';

export function outboxWriter(sql: Queryable): OutboxWriter {
  return {
    // Keys are unique by construction (case version, deadline stage, unit/day); a duplicate is a bug, and the
    // unique index rolls the whole transaction back rather than let anything go out twice.
    enqueue: (msgs: OutboxInput[]) =>
      insertMany(
        sql,
        `INSERT INTO "OutboxMessage" (key, at, kind, "caseId", "toUnit", "toHandle", payload, late, "nextAttemptAt")`,
        '(?, ?, ?, ?, ?, ?, ?, ?, ?)',
        msgs.map(outboxToRow).map((m) => [m.key, m.at, m.kind, m.caseId, m.toUnit, m.toHandle, m.payload, m.late, m.nextAttemptAt]),
      ),
  };
}

export function outboxQueue(c: Driver): OutboxQueue {
  const d = c.dialect;
  return {
    // the notifier contract: a replica reads only the kinds its notifiers take (all of them without `kinds`)
    pendingOutbox: async (limit: number, kinds?: readonly MessageKind[]) =>
      typed<OutboxRow>(
        kinds
          ? await c.all(`SELECT * FROM "OutboxMessage" WHERE status = 'pending' AND kind ${d.inList} ORDER BY id LIMIT ?`, [
              [...kinds],
              limit,
            ])
          : await c.all(`SELECT * FROM "OutboxMessage" WHERE status = 'pending' ORDER BY id LIMIT ?`, [limit]),
        OUTBOX_TYPES,
      ).map(outboxFromRow),

    claimOutboxBatch: (ids: number[], owner: string, now: Date, leaseMs: number) =>
      c.write(async (sql) => {
        if (!ids.length) return new Set<number>();
        const rows = await sql.all(
          `UPDATE "OutboxMessage" SET "leaseOwner" = ?, "leaseUntil" = ?
            WHERE id ${d.inList} AND status = 'pending' AND "nextAttemptAt" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?) RETURNING id`,
          [owner, new Date(now.getTime() + leaseMs), ids, now, now],
        );
        return new Set(rows.map((r) => r.id as number));
      }),

    markSent: (ids: number[], platforms: string[], now: Date) =>
      c.write(async (sql) => {
        if (!ids.length) return;
        await sql.run(`UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = ?, "leaseUntil" = NULL, delivered = ? WHERE id ${d.inList}`, [
          now,
          encodeDelivered(platforms),
          ids,
        ]);
      }),

    releaseOutbox: (ids: number[]) =>
      c.write(async (sql) => {
        if (!ids.length) return;
        await sql.run(`UPDATE "OutboxMessage" SET "leaseUntil" = NULL, "leaseOwner" = NULL WHERE id ${d.inList} AND status = 'pending'`, [
          ids,
        ]);
      }),

    markDelivered: (id: number, platform: string, allDone: boolean, now: Date) =>
      c.write(async (sql) => {
        const row = await sql.get(`SELECT delivered FROM "OutboxMessage" WHERE id = ?`, [id]);
        const delivered = encodeDelivered([...new Set([...decodeDelivered((row?.delivered as string | null) ?? null), platform])]);
        if (allDone)
          await sql.run(`UPDATE "OutboxMessage" SET delivered = ?, status = 'sent', "sentAt" = ?, "leaseUntil" = NULL WHERE id = ?`, [
            delivered,
            now,
            id,
          ]);
        else await sql.run(`UPDATE "OutboxMessage" SET delivered = ? WHERE id = ?`, [delivered, id]);
      }),

    markFailed: (id: number, error: string, nextAttemptAt: Date) =>
      c.write(async (sql) => {
        await sql.run(
          `UPDATE "OutboxMessage" SET attempts = attempts + 1, "lastError" = ?, "nextAttemptAt" = ?, "leaseUntil" = NULL, "leaseOwner" = NULL WHERE id = ?`,
          [error.slice(0, 500), nextAttemptAt, id],
        );
      }),

    markDead: (id: number, error: string, now: Date) =>
      c.write(async (sql) => {
        // the lease owner stays: a message put back to pending (after the cause is fixed) is looked up before re-posting
        await sql.run(
          `UPDATE "OutboxMessage" SET status = 'dead', attempts = attempts + 1, "lastError" = ?, "sentAt" = ?, "leaseUntil" = NULL WHERE id = ?`,
          [error.slice(0, 500), now, id],
        );
      }),

    outboxBacklog: async (kind?: string) =>
      Number(
        kind
          ? (await c.get(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'pending' AND kind = ?`, [kind]))!.n
          : (await c.get(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'pending'`, []))!.n,
      ),

    outboxDead: async (since: Date | null) => {
      const rows = await c.all(
        `SELECT "lastError" AS error, COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'dead'${since ? ` AND "sentAt" >= ?` : ''} GROUP BY "lastError"`,
        since ? [since] : [],
      );
      // most frequent first, then by the error's text (compared here: the two databases collate text differently)
      const errors = rows
        .map((r) => ({ error: (r.error as string | null) ?? '', count: Number(r.n) }))
        .sort((a, b) => b.count - a.count || (a.error < b.error ? -1 : a.error > b.error ? 1 : 0));
      return { count: errors.reduce((a, r) => a + r.count, 0), errors };
    },

    nextOutboxAttempt: async (now: Date, kinds?: readonly MessageKind[]) => {
      const rows = typed<{ caseId: number | null; key: string; nextAttemptAt: Date; leaseUntil: Date | null }>(
        await c.all(
          `SELECT "caseId", key, "nextAttemptAt", "leaseUntil" FROM "OutboxMessage" WHERE status = 'pending'${kinds ? ` AND kind ${d.inList}` : ''} ORDER BY id LIMIT 1000`,
          kinds ? [[...kinds]] : [],
        ),
        OUTBOX_TYPES,
      );
      return earliestLaneHead(rows, now);
    },
  };
}
