/**
 * §2 channel routing, one rule for every front end: a unit's group messages go to its group (the nearest unit,
 * itself or up the tree, that has channels; the province otherwise). On a chat platform they go to the nearest
 * unit from there up that has a channel on that platform, so a group without, say, a Discord channel still reaches
 * Discord through its parent's.
 */
import type { Roster, TUnit } from '../../core/domain/roster.ts';

type ChatPlatform = 'slack' | 'discord';

/** The channel id on `platform` for a message to `unitCode`'s group, or null when no unit up the tree has one. */
export function channelOn(roster: Roster, unitCode: string, platform: ChatPlatform): string | null {
  const group = roster.groupUnit(unitCode);
  return roster.ancestors(group.code).find((u: TUnit) => u.channels?.[platform])?.channels?.[platform] ?? null;
}

/** The console's channel name for a message to `unitCode`'s group (every group has one there). */
export function consoleChannel(roster: Roster, unitCode: string | null): string {
  return roster.consoleChannelOf(roster.groupUnit(unitCode ?? roster.province.code).code);
}
