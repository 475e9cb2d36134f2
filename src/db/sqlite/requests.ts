/** Processed requests and the request journal (src/core/ports/requests.ts) on the SQLite connection. */
import type { PendingRequestRecord, ProcessedRequests, RequestJournal } from '../../core/ports/requests.ts';
import type { SqliteConnection } from './connection.ts';
import { PLAIN_TIMES, toSql } from './sql.ts';

export function sqliteProcessedRequests(c: SqliteConnection): ProcessedRequests {
  return {
    processedRequest: (key: string) =>
      c.call(() => c.sql.get<{ response: string }>(`SELECT response FROM "ProcessedRequest" WHERE key = ?`, [key])?.response ?? null),
    saveProcessedRequest: (key: string, at: Date, response: string) =>
      c.call(() => {
        c.sql.run(`INSERT INTO "ProcessedRequest" (key, at, response) VALUES (?, ?, ?)`, [key, toSql(at), response]);
      }),
  };
}

export function sqliteRequestJournal(c: SqliteConnection): RequestJournal {
  const { sql } = c;
  return {
    journalRequest: (r: PendingRequestRecord) =>
      c.write(() => {
        sql.run(`INSERT INTO "PendingRequest" (key, at, platform, actor, text, "replyTo") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`, [
          r.key,
          toSql(r.at),
          r.platform,
          r.actor,
          r.text,
          r.replyTo ?? null,
        ]);
      }),
    pendingRequests: (platform: string) =>
      c.call(() => sql.all<PendingRequestRecord>(`SELECT * FROM "PendingRequest" WHERE platform = ? ORDER BY at, key`, [platform], PLAIN_TIMES)),
    forgetRequest: (key: string) =>
      c.write(() => {
        sql.run(`DELETE FROM "PendingRequest" WHERE key = ?`, [key]);
      }),
    pruneProcessedRequests: (before: Date) => c.write(() => sql.run(`DELETE FROM "ProcessedRequest" WHERE at < ? AND key NOT LIKE 'wo:%'`, [toSql(before)])),
  };
}
