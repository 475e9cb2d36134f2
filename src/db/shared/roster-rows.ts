import type { Roster } from '../../core/domain/roster.ts';

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
