import { boardWord } from '../i18n/board-words.ts';
import { boardScope } from '../rules/board-scope.ts';
import { ok, type UseCase } from './use-case.ts';

type OpenBoardInput = Record<string, unknown>;

/**
 * `/complaint board`: the actor's personal link to the war-room board (§13), valid for `board_link_hours`,
 * answered only to the actor. Without a board on this process (no BoardLinks port), it says so.
 */
export const openBoard: UseCase<OpenBoardInput> = {
  run: async ({ desk, actor }) => {
    const links = desk.deps.boardLinks;
    if (!links) return ok(boardWord(desk.locale, 'unavailable'));
    if (links.unavailable) return ok(boardWord(desk.locale, 'port_busy', links.unavailable));
    const scope = boardScope(desk.roster, actor);
    const hours = desk.roster.settings.board_link_hours;
    const until = new Date(desk.now().getTime() + hours * 3_600_000);
    const unit = desk.roster.unit(scope);
    return ok(
      boardWord(desk.locale, 'link', {
        url: links.linkFor(actor.handle, scope, until),
        scope: unit ? `${unit.name}(${unit.code})` : scope,
        hours,
      }),
    );
  },
};
