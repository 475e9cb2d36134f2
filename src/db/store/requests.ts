/** Processed requests and the request journal (src/core/ports/requests.ts), on either driver. */
import { WORK_ORDER_KEY_PREFIX } from '../../core/use-cases/file-work-order.ts';
import type { PendingRequestRecord, ProcessedRequests, RequestJournal } from '../../core/ports/requests.ts';
import type { Driver, Queryable } from '../drivers/driver.ts';
import { PLAIN_TIMES, typed } from './sql.ts';

export function processedRequests(sql: Queryable): ProcessedRequests {
  return {
    processedRequest: async (key: string) =>
      ((await sql.get(`SELECT response FROM "ProcessedRequest" WHERE key = ?`, [key]))?.response as string | undefined) ?? null,
    saveProcessedRequest: async (key: string, at: Date, response: string) => {
      await sql.run(`INSERT INTO "ProcessedRequest" (key, at, response) VALUES (?, ?, ?)`, [key, at, response]);
    },
  };
}

export function requestJournal(c: Driver): RequestJournal {
  return {
    journalRequest: (r: PendingRequestRecord) =>
      c.write(async (sql) => {
        await sql.run(
          `INSERT INTO "PendingRequest" (key, at, platform, actor, text, "replyTo") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
          [r.key, r.at, r.platform, r.actor, r.text, r.replyTo ?? null],
        );
      }),
    pendingRequests: async (platform: string) =>
      typed<PendingRequestRecord>(
        await c.all(`SELECT * FROM "PendingRequest" WHERE platform = ? ORDER BY at, key`, [platform]),
        PLAIN_TIMES,
      ),
    forgetRequest: (key: string) =>
      c.write(async (sql) => {
        await sql.run(`DELETE FROM "PendingRequest" WHERE key = ?`, [key]);
      }),
    pruneProcessedRequests: (before: Date) =>
      c.write((sql) => sql.run(`DELETE FROM "ProcessedRequest" WHERE at < ? AND key NOT LIKE ?`, [before, `${WORK_ORDER_KEY_PREFIX}%`])),
  };
}
