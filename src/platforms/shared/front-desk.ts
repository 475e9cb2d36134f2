/**
 * Where the grammar (commands/) meets the use cases (src/core/use-cases): every front end reaches the desk through
 * here, with a typed line of text or with values it collected itself (a modal, slash-command options, a button).
 */
import {
  COMMANDS,
  EXPECTED,
  parseCommandText,
  CommandSyntaxError,
  type CommandName,
  type CommandValues,
  type ParsedCommand,
} from '../../../commands/index.ts';
import { isUserError, type Refusal } from '../../core/domain/errors.ts';
import type { TMember } from '../../core/domain/roster.ts';
import type { DeskDeps } from '../../core/use-cases/desk-context.ts';
import { ComplaintDesk, USE_CASES, type Reply, type UseCase } from '../../core/use-cases/index.ts';

/** Every command bound to its use case: a command without one, or with values it does not accept, does not compile. */
const REGISTRY: { readonly [N in CommandName]: UseCase<CommandValues[N]> } = USE_CASES;

type Desk = ComplaintDesk<typeof REGISTRY>;
export type { Reply };

/** A refusal from the grammar or from a use case (both render the same way on every front end). */
export const isRefusal = (e: unknown): e is Refusal => isUserError(e) || e instanceof CommandSyntaxError;

export class FrontDesk {
  readonly desk: Desk;
  constructor(deps: Omit<DeskDeps, 'catalog'>) {
    this.desk = new ComplaintDesk({ ...deps, catalog: { commands: COMMANDS, expected: EXPECTED } }, REGISTRY);
  }

  /** The desk's services (rendering context, roster, clock) for the scheduler and rich renderers. */
  get ctx() {
    return this.desk.ctx;
  }
  get roster() {
    return this.desk.roster;
  }
  get deps() {
    return this.desk.deps;
  }

  /** Runs a `/complaint …` line typed by a roster member (by handle). Never throws a refusal: it answers with one. */
  async handleText(actorHandle: string, text: string, opts: { requestKey?: string; replyChars?: number } = {}): Promise<Reply> {
    const actor = this.roster.member(actorHandle);
    if (!actor) {
      this.deps.observer?.commandRun('unknown', false, 'err_not_in_roster', null);
      return this.desk.notInRoster(actorHandle);
    }
    let parsed: ParsedCommand;
    try {
      parsed = parseCommandText(text);
    } catch (e) {
      if (isRefusal(e)) {
        this.deps.observer?.commandRun('unparsed', false, e.code, null);
        return this.refuse(e);
      }
      throw e;
    }
    return this.handle(actor, parsed, opts);
  }

  /** Runs an already-parsed command (a Slack modal, Discord options, a card button). */
  handle(actor: TMember, parsed: ParsedCommand, opts: { requestKey?: string; replyChars?: number } = {}): Promise<Reply> {
    return this.desk.execute(actor, parsed.def.name, parsed.values, {
      usage: parsed.def.usage,
      requestKey: opts.requestKey,
      replyChars: opts.replyChars,
    });
  }

  refuse(e: Refusal): Reply {
    return this.desk.refuse(e);
  }
}
