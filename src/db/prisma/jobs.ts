/** Once-only jobs (src/core/ports/jobs.ts) over Prisma. */
import type { Jobs } from '../../core/ports/jobs.ts';
import type { Client, Provider } from './client.ts';

export function prismaJobs(db: Client, provider: Provider): Jobs {
  return {
    async claimJob(key: string, at: Date, late: boolean) {
      if (provider === 'postgresql') {
        // INSERT … ON CONFLICT DO NOTHING: a losing replica gets 0 rows, without aborting its transaction
        // (`skipDuplicates` exists on the PostgreSQL client; the shared type is the SQLite client's)
        const createMany = db.jobRun.createMany.bind(db.jobRun) as unknown as (a: { data: object[]; skipDuplicates: boolean }) => Promise<{ count: number }>;
        const res = await createMany({ data: [{ key, at, late }], skipDuplicates: true });
        return res.count === 1;
      }
      // SQLite has one writer at a time: a read then insert inside the transaction cannot race
      if (await db.jobRun.findUnique({ where: { key } })) return false;
      await db.jobRun.create({ data: { key, at, late } });
      return true;
    },

    async getJob(key: string) {
      return db.jobRun.findUnique({ where: { key }, select: { at: true } });
    },
  };
}
