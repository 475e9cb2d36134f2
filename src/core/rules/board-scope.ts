import type { Roster, TMember } from '../domain/roster.ts';

/** §13: leaders and deputies see their group's unit subtree on the board, everyone else their own unit's subtree. */
export function boardScope(roster: Roster, m: TMember): string {
  return m.role === 'leader' || m.role === 'deputy' ? roster.groupUnit(m.unit).code : (roster.unit(m.unit)?.code ?? m.unit);
}
