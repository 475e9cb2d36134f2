import type { Clock } from '../core/ports/clock.ts';
import type { CaseReads, Notifier, OutboxQueue, RequestJournal } from '../core/ports/store.ts';
import type { DeskContext } from '../core/use-cases/desk-context.ts';
import { fireDueDeadlines } from '../core/use-cases/fire-due-deadlines.ts';
import { postDueSummaries } from '../core/use-cases/post-daily-summaries.ts';
import { postDueHandovers } from '../core/use-cases/post-handovers.ts';
import { deliverOutbox } from './deliver-outbox.ts';

/** What a pass reads and writes besides the desk's own transactions. */
export type PassStore = CaseReads & OutboxQueue & Pick<RequestJournal, 'pruneProcessedRequests'>;

interface PassResult {
  fired: number;
  summaries: number;
  /** §12 handovers posted */
  handovers: number;
  sent: number;
  failed: number;
  /** how late the most overdue stage was when the pass began */
  lagMs: number;
}

export interface PassOptions {
  owner: string;
  /** deadlines claimed per query and per transaction (a drill's busy minute and a replica's sweep differ) */
  batch?: { limit: number; chunk: number };
  /** outbox messages claimed per delivery round (a drill delivers a busy minute's hundreds at once) */
  deliverLimit?: number;
  /** stop delivering after the current batch (the scheduler is stopping) */
  aborting?: () => boolean;
  /** waited for before each network send: commands in flight go first (Scheduler bounds the wait) */
  yieldToCommands?: () => Promise<void>;
  /** the only sender there can be (a drill's private database): deliveries take no lease */
  solo?: boolean;
}

/**
 * The one definition of a pass, driven by a timer in `serve` and the console and by virtual time in drills:
 * fire every deadline stage that is due (a deadline advances one stage per sweep, so after downtime the sweep
 * repeats until nothing is due), post the summaries and the handovers (§12) that are due, then deliver the outbox.
 */
export async function runPass(
  ctx: DeskContext,
  store: PassStore,
  notifiers: Notifier[],
  clock: Clock,
  opts: PassOptions,
): Promise<PassResult> {
  const res: PassResult = { fired: 0, summaries: 0, handovers: 0, sent: 0, failed: 0, lagMs: 0 };
  const due = await store.dueDeadlines(clock.now(), 1);
  res.lagMs = due[0]?.nextFireAt ? Math.max(0, clock.now().getTime() - due[0].nextFireAt.getTime()) : 0;
  for (let sweep = 0; sweep < 100; sweep++) {
    const n = await fireDueDeadlines(ctx, opts.batch?.limit, opts.batch?.chunk);
    res.fired += n;
    if (n === 0) break;
  }
  res.summaries = await postDueSummaries(ctx);
  res.handovers = await postDueHandovers(ctx);
  for (let round = 0; round < 100 && !opts.aborting?.(); round++) {
    const d = await deliverOutbox(store, notifiers, clock, opts.owner, {
      limit: opts.deliverLimit,
      yieldToCommands: opts.yieldToCommands,
      solo: opts.solo,
    });
    res.sent += d.sent;
    res.failed += d.failed;
    // another round only when it may find more (a full page, or messages behind another replica's): delivering
    // makes no new messages, and a second read that finds nothing cost a drill one query per virtual minute
    if (d.sent === 0 || !d.more) break;
  }
  return res;
}
