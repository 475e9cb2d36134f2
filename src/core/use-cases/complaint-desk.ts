import { isUserError, UserError, type Refusal } from '../domain/errors.ts';
import type { TMember } from '../domain/roster.ts';
import { errorText } from '../i18n/render.ts';
import { DeskContext, type DeskDeps } from './desk-context.ts';
import type { AfterCommit, Reply, UseCase, UseCaseCtx } from './use-case.ts';
import type { OpenCaseInput, OpenerIdentity } from './open-case.ts';
import { fileWorkOrder } from './file-work-order.ts';

/** A registry of use cases by command name. */
type UseCaseRegistry = { readonly [name: string]: UseCase<never> };
type InputOf<U> = U extends UseCase<infer I> ? I : never;

/**
 * The complaint desk: one entry point for every front end. It runs the use case registered for a command, in
 * one transaction: the change, its timeline entry and its outgoing messages commit together, or it refuses and
 * writes nothing. A request key makes a platform's retry answer the same without doing the work twice.
 */
export class ComplaintDesk<R extends UseCaseRegistry = UseCaseRegistry> {
  readonly ctx: DeskContext;
  constructor(
    readonly deps: DeskDeps,
    private readonly useCases: R,
  ) {
    this.ctx = new DeskContext(deps);
  }

  get roster() {
    return this.deps.roster;
  }

  /** Commands being run right now, and who waits for there to be none. */
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  /** Resolves when no command is running (at once when none is). Delivery yields to commands with it. */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Runs a command's use case for a roster member. Never throws a refusal: it answers with one. */
  async execute<N extends keyof R & string>(
    actor: TMember,
    name: N,
    input: InputOf<R[N]>,
    opts: { usage?: string; requestKey?: string; replyChars?: number } = {},
  ): Promise<Reply> {
    this.running++;
    try {
      const reply = await this.run(actor, name, input, opts);
      this.deps.observer?.commandRun(name, reply.ok, reply.code, reply.caseId);
      return reply;
    } finally {
      if (--this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /**
   * §17/§15.1: opens a case for an opener who is not a roster member (the work-order API's `api:NAME`, no unit), through
   * the same use case, transaction, request key and refusals as `/complaint new`; the case is handed off. A work order's
   * durable keys (`workOrderKeys`) make a retry answer with the case it opened.
   */
  async openCaseFor(
    opener: OpenerIdentity,
    input: OpenCaseInput,
    opts: { usage?: string; requestKey?: string; workOrderKeys?: readonly string[] } = {},
  ): Promise<Reply> {
    this.running++;
    try {
      const reply = await this.transact('new', input, opts, (k) => fileWorkOrder(k, opener, input, opts.workOrderKeys ?? []));
      this.deps.observer?.commandRun('new', reply.ok, reply.code, reply.caseId);
      return reply;
    } finally {
      if (--this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async run<N extends keyof R & string>(
    actor: TMember,
    name: N,
    input: InputOf<R[N]>,
    opts: { usage?: string; requestKey?: string; replyChars?: number },
  ): Promise<Reply> {
    const useCase = this.useCases[name] as unknown as UseCase<InputOf<R[N]>> | undefined;
    if (!useCase) throw new Error(`no use case for ${name}`);
    return this.transact(name, input, opts, (k) => useCase.run({ ...k, actor }, input));
  }

  /** One command's work in one transaction (with its request key): the reply, or the refusal it raised. */
  private async transact(
    name: string,
    input: unknown,
    opts: { usage?: string; requestKey?: string; replyChars?: number },
    invoke: (k: Omit<UseCaseCtx, 'actor'>) => Promise<Reply | AfterCommit>,
  ): Promise<Reply> {
    const usage = opts.usage ?? `/complaint ${name}`;
    // (the store reads each case's deadlines once per transaction and writes each distinct change once)
    const work = (tx: Parameters<Parameters<DeskDeps['store']['tx']>[0]>[0]) =>
      invoke({ tx, desk: this.ctx, usage, replyChars: opts.replyChars });
    try {
      const key = opts.requestKey;
      const out = !key
        ? await this.deps.store.tx(work)
        : await this.deps.store.tx(async (tx) => {
            const seen = await tx.processedRequest(key);
            if (seen) return JSON.parse(seen) as Reply;
            const result = await work(tx);
            if (!('afterCommit' in result)) await tx.saveProcessedRequest(key, this.ctx.now(), JSON.stringify(result));
            return result;
          });
      return 'afterCommit' in out ? await out.afterCommit() : out;
    } catch (e) {
      if (isUserError(e)) {
        const reply = this.refuse(e);
        // a refusal about an existing case names it (the drill's `case` field)
        const caseId = (input as { case?: unknown }).case;
        if (typeof caseId === 'number' && e.code !== 'err_unknown_case') reply.caseId = caseId;
        return reply;
      }
      throw e;
    }
  }

  /** A refusal as every front end shows it: the problem, then the expected form. */
  refuse(e: Refusal): Reply {
    return { ok: false, kind: 'error', text: errorText(this.ctx.locale, e), caseId: null, code: e.code };
  }

  /** A refusal for someone the roster does not know (§9: only roster members may act). */
  notInRoster(who: string): Reply {
    return this.refuse(new UserError('err_not_in_roster', { who: `@${who}` }));
  }
}
