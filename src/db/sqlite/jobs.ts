/** Once-only jobs (src/core/ports/jobs.ts) on the SQLite connection. */
import type { Jobs } from '../../core/ports/jobs.ts';
import type { SqliteConnection } from './connection.ts';
import { PLAIN_TIMES, toSql } from './sql.ts';

export function sqliteJobs(c: SqliteConnection): Jobs {
  return {
    claimJob: (key: string, at: Date, late: boolean) =>
      c.call(() => c.sql.run(`INSERT INTO "JobRun" (key, at, late) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`, [key, toSql(at), late ? 1 : 0]) === 1),
    getJob: (key: string) => c.call(() => c.sql.get<{ at: Date }>(`SELECT at FROM "JobRun" WHERE key = ?`, [key], PLAIN_TIMES)),
  };
}
