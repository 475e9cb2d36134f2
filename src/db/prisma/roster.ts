import type { RosterRows } from '../shared/roster-rows.ts';
import type { Db, Provider } from './client.ts';

/** Writes the roster's units and members through Prisma, replacing what was there (start-up). */
export async function replaceRoster(prisma: Db, rows: RosterRows, provider: Provider): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // replicas starting together take turns (PostgreSQL); SQLite serialises writers by itself
    if (provider === 'postgresql') await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(727001)');
    await tx.member.deleteMany({});
    await tx.unit.deleteMany({});
    await tx.unit.createMany({ data: rows.units });
    await tx.member.createMany({ data: rows.members });
    await tx.counter.upsert({ where: { name: 'case' }, create: { name: 'case', value: 0 }, update: {} });
  });
}
