/** The outbox port (src/core/ports/outbox.ts) on the SQLite connection. */
import type { MessageKind, OutboxInput } from '../../core/domain/case.ts';
import type { OutboxQueue, OutboxWriter } from '../../core/ports/outbox.ts';
import { decodeDelivered, encodeDelivered } from '../shared/encodings.ts';
import { earliestLaneHead } from '../shared/outbox-lanes.ts';
import { outboxFromRow, outboxToRow, type OutboxRow } from '../shared/rows.ts';
import type { SqliteConnection } from './connection.ts';
import { IN_LIST, list, OUTBOX_TYPES, toSql } from './sql.ts';

export function sqliteOutboxWriter(c: SqliteConnection): OutboxWriter {
  return {
    enqueue: (msgs: OutboxInput[]) =>
      c.call(() => {
        // Keys are unique by construction (case version, deadline stage, unit/day); a duplicate is a bug, and the
        // unique index rolls the whole transaction back rather than let anything go out twice.
        for (const m of msgs.map(outboxToRow))
          c.sql.run(
            `INSERT INTO "OutboxMessage" (key, at, kind, "caseId", "toUnit", "toHandle", payload, late, "nextAttemptAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [m.key, toSql(m.at), m.kind, m.caseId, m.toUnit, m.toHandle, m.payload, toSql(m.late), toSql(m.nextAttemptAt)],
          );
      }),
  };
}

export function sqliteOutboxQueue(c: SqliteConnection): OutboxQueue {
  const { sql } = c;
  return {
    pendingOutbox: (limit: number, kinds?: readonly MessageKind[]) =>
      c.call(() =>
        (kinds
          ? sql.all<OutboxRow>(`SELECT * FROM "OutboxMessage" WHERE status = 'pending' AND kind ${IN_LIST} ORDER BY id LIMIT ?`, [list([...kinds]), limit], OUTBOX_TYPES)
          : sql.all<OutboxRow>(`SELECT * FROM "OutboxMessage" WHERE status = 'pending' ORDER BY id LIMIT ?`, [limit], OUTBOX_TYPES)
        ).map(outboxFromRow),
      ),

    claimOutboxBatch: (ids: number[], owner: string, now: Date, leaseMs: number) =>
      c.write(() => {
        if (!ids.length) return new Set<number>();
        const rows = sql.all<{ id: number }>(
          `UPDATE "OutboxMessage" SET "leaseOwner" = ?, "leaseUntil" = ?
            WHERE id ${IN_LIST} AND status = 'pending' AND "nextAttemptAt" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?) RETURNING id`,
          [owner, toSql(new Date(now.getTime() + leaseMs)), list(ids), toSql(now), toSql(now)],
        );
        return new Set(rows.map((r) => r.id));
      }),

    markSent: (ids: number[], platforms: string[], now: Date) =>
      c.write(() => {
        if (!ids.length) return;
        sql.run(`UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = ?, "leaseUntil" = NULL, delivered = ? WHERE id ${IN_LIST}`, [
          toSql(now),
          encodeDelivered(platforms),
          list(ids),
        ]);
      }),

    releaseOutbox: (ids: number[]) =>
      c.write(() => {
        if (!ids.length) return;
        sql.run(`UPDATE "OutboxMessage" SET "leaseUntil" = NULL, "leaseOwner" = NULL WHERE id ${IN_LIST} AND status = 'pending'`, [list(ids)]);
      }),

    markDelivered: (id: number, platform: string, allDone: boolean, now: Date) =>
      c.write(() => {
        const row = sql.get<{ delivered: string }>(`SELECT delivered FROM "OutboxMessage" WHERE id = ?`, [id]);
        const delivered = encodeDelivered([...new Set([...decodeDelivered(row?.delivered ?? null), platform])]);
        if (allDone) sql.run(`UPDATE "OutboxMessage" SET delivered = ?, status = 'sent', "sentAt" = ?, "leaseUntil" = NULL WHERE id = ?`, [delivered, toSql(now), id]);
        else sql.run(`UPDATE "OutboxMessage" SET delivered = ? WHERE id = ?`, [delivered, id]);
      }),

    markFailed: (id: number, error: string, nextAttemptAt: Date) =>
      c.write(() => {
        sql.run(
          `UPDATE "OutboxMessage" SET attempts = attempts + 1, "lastError" = ?, "nextAttemptAt" = ?, "leaseUntil" = NULL, "leaseOwner" = NULL WHERE id = ?`,
          [error.slice(0, 500), toSql(nextAttemptAt), id],
        );
      }),

    markDead: (id: number, error: string, now: Date) =>
      c.write(() => {
        // the lease owner stays: a message put back to pending (after the cause is fixed) is looked up before re-posting
        sql.run(`UPDATE "OutboxMessage" SET status = 'dead', attempts = attempts + 1, "lastError" = ?, "sentAt" = ?, "leaseUntil" = NULL WHERE id = ?`, [
          error.slice(0, 500),
          toSql(now),
          id,
        ]);
      }),

    outboxBacklog: (kind?: string) =>
      c.call(() =>
        kind
          ? sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'pending' AND kind = ?`, [kind])!.n
          : sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'pending'`, [])!.n,
      ),

    outboxDead: (since: Date | null) =>
      c.call(() => {
        const rows = sql.all<{ error: string | null; n: number }>(
          `SELECT "lastError" AS error, COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'dead'${since ? ` AND "sentAt" >= ?` : ''}
            GROUP BY "lastError" ORDER BY n DESC, error`,
          since ? [toSql(since)] : [],
        );
        return { count: rows.reduce((a, r) => a + r.n, 0), errors: rows.map((r) => ({ error: r.error ?? '', count: r.n })) };
      }),

    nextOutboxAttempt: (now: Date, kinds?: readonly MessageKind[]) =>
      c.call(() => {
        const rows = sql.all<{ caseId: number | null; key: string; nextAttemptAt: Date; leaseUntil: Date | null }>(
          `SELECT "caseId", key, "nextAttemptAt", "leaseUntil" FROM "OutboxMessage" WHERE status = 'pending'${kinds ? ` AND kind ${IN_LIST}` : ''} ORDER BY id LIMIT 1000`,
          kinds ? [list([...kinds])] : [],
          OUTBOX_TYPES,
        );
        return earliestLaneHead(rows, now);
      }),
  };
}
