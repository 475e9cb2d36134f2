import type { Roster } from '../core/domain/roster.ts';
import type { Db } from './client.ts';

/** The roster as the Unit and Member tables hold it (written at start-up, replacing what was there). */
export function rosterRows(roster: Roster) {
  return {
    units: roster.units.map((u, i) => ({
      code: u.code,
      name: u.name,
      level: u.level,
      parentCode: u.parent ?? null,
      depth: roster.ancestors(u.code).length - 1,
      consoleChannel: u.hasChannels ? roster.consoleChannelOf(u.code) : null,
      slackChannel: u.channels?.slack ?? null,
      discordChannel: u.channels?.discord ?? null,
      position: i,
    })),
    members: roster.members.map((m, i) => ({
      handle: m.handle,
      name: m.name,
      unitCode: m.unit,
      role: m.role,
      line: m.line ?? null,
      phone: m.phone ?? null,
      slackId: m.slack ?? null,
      discordId: m.discord ?? null,
      position: i,
    })),
  };
}

export type RosterRows = ReturnType<typeof rosterRows>;

/** Writes the roster's units and members through Prisma (PostgreSQL; the SQLite store has its own `replaceRoster`). */
export async function syncRoster(prisma: Db, roster: Roster, provider: 'sqlite' | 'postgresql' = 'sqlite'): Promise<void> {
  const rows = rosterRows(roster);
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
