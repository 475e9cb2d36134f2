/** Once-only jobs (src/core/ports/jobs.ts), on either driver. */
import type { Jobs } from '../../core/ports/jobs.ts';
import type { Queryable } from '../drivers/driver.ts';
import { PLAIN_TIMES, typed } from './sql.ts';

export function jobs(sql: Queryable): Jobs {
  return {
    // INSERT … ON CONFLICT DO NOTHING: a losing replica gets 0 rows, without aborting its transaction
    claimJob: async (key: string, at: Date, late: boolean) =>
      (await sql.run(`INSERT INTO "JobRun" (key, at, late) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`, [key, at, late])) === 1,
    getJob: async (key: string) =>
      typed<{ at: Date }>(await sql.all(`SELECT at FROM "JobRun" WHERE key = ?`, [key]), PLAIN_TIMES)[0] ?? null,
  };
}
