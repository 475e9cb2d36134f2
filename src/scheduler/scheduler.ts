import type { Clock } from '../core/ports/clock.ts';
import type { DeskContext } from '../core/use-cases/desk-context.ts';
import type { Notifier } from '../core/ports/store.ts';
import { kindsTaken } from '../core/ports/outbox.ts';
import { nextSummaryAt } from '../core/use-cases/post-daily-summaries.ts';
import { nextHandoverAt } from '../core/use-cases/post-handovers.ts';
import { runPass, type PassStore } from './run-pass.ts';

interface SchedulerStats {
  lastTickAt: Date | null;
  /** when the pass now running began (null between passes) */
  tickStartedAt: Date | null;
  lastTickMs: number;
  lagMs: number;
  fired: number;
  sent: number;
  failed: number;
}

/**
 * The program's only timer loop. Each pass asks the database what is due, claims it, and hands it to the
 * outbox; then it delivers the outbox. It sleeps until the next due moment (capped, so other replicas'
 * work and new cases are picked up), and `poke()` wakes it at once after a command.
 */
export class Scheduler {
  readonly stats: SchedulerStats = { lastTickAt: null, tickStartedAt: null, lastTickMs: 0, lagMs: 0, fired: 0, sent: 0, failed: 0 };
  private lastPrune = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** set while stop() waits: the pass in progress ends after its current batch instead of draining everything */
  private aborting = false;
  private ticking: Promise<void> | null = null;
  private again = false;
  /** loop() runs in flight (a pass, then the query for the next wake-up): stop() waits for them */
  private inflight = new Set<Promise<void>>();

  constructor(
    private ctx: DeskContext,
    private store: PassStore,
    private clock: Clock,
    private notifiers: Notifier[],
    private opts: {
      owner: string;
      maxSleepMs?: number;
      onError?: (e: unknown) => void;
      /** resolves when no command is running (the desk's whenIdle): each network send waits for it, up to YIELD_MS */
      commandsIdle?: () => Promise<void>;
    } = { owner: 'local' },
  ) {}

  /**
   * How long one network send waits for the commands in flight (§9 acks before the messages they caused): long
   * enough for a burst's acks to go first, short enough that delivery still moves (at least 1,000 / YIELD_MS
   * messages a second) while commands keep coming.
   */
  static readonly YIELD_MS = 100;

  private yieldToCommands = (): Promise<void> => {
    const idle = this.opts.commandsIdle;
    if (!idle) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([idle(), new Promise<void>((r) => (timer = setTimeout(r, Scheduler.YIELD_MS)))]).finally(() => clearTimeout(timer));
  };

  /** One pass: deadlines, summaries, delivery. Catches up on everything that fell due while down. */
  async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.again = false;
        const started = Date.now();
        this.stats.tickStartedAt = this.clock.now();
        const r = await runPass(this.ctx, this.store, this.notifiers, this.clock, {
          owner: this.opts.owner,
          aborting: () => this.aborting,
          yieldToCommands: this.yieldToCommands,
        });
        this.stats.lagMs = r.lagMs;
        this.stats.fired += r.fired;
        this.stats.sent += r.sent;
        this.stats.failed += r.failed;
        // Slack/Discord retries are only replayed within minutes: a day of processed request keys is plenty.
        if (this.clock.now().getTime() - this.lastPrune > 3_600_000) {
          this.lastPrune = this.clock.now().getTime();
          await this.store.pruneProcessedRequests(new Date(this.lastPrune - 24 * 3_600_000));
        }
        this.stats.lastTickAt = this.clock.now();
        this.stats.tickStartedAt = null;
        this.stats.lastTickMs = Date.now() - started;
      } while (this.again);
    })().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  async nextWake(): Promise<Date> {
    const store = this.store;
    // the outbox counts only at the head of each case's queue: messages behind a failed one wait for it
    // only the kinds this replica's notifiers deliver: the others wait for another replica, not for this one (§14)
    const outbox = this.notifiers.length ? await store.nextOutboxAttempt(this.clock.now(), kindsTaken(this.notifiers)) : null;
    const candidates = [await store.nextFireAt(), nextSummaryAt(this.ctx), await nextHandoverAt(this.ctx), outbox].filter(
      (d): d is Date => !!d,
    );
    return new Date(Math.min(...candidates.map((d) => d.getTime())));
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /**
   * A command's poke runs a pass shortly, not at once: the pokes of a burst within POKE_COALESCE_MS share one pass
   * (its messages go out together) instead of each command paying for a pass of its own.
   */
  static readonly POKE_COALESCE_MS = 20;
  private pokeTimer: NodeJS.Timeout | null = null;

  poke(): void {
    if (!this.running || this.pokeTimer) return;
    this.pokeTimer = setTimeout(() => {
      this.pokeTimer = null;
      if (!this.running) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.kick();
    }, Scheduler.POKE_COALESCE_MS);
  }

  private kick(): void {
    const run = this.loop();
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    try {
      await this.tick();
    } catch (e) {
      this.opts.onError?.(e);
    }
    if (!this.running) return;
    let wait = this.opts.maxSleepMs ?? 5_000;
    try {
      wait = Math.max(50, Math.min(wait, (await this.nextWake()).getTime() - this.clock.now().getTime()));
    } catch (e) {
      this.opts.onError?.(e);
    }
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), wait);
  }

  /**
   * Stops the loop and resolves once nothing of it runs any more: the pass in progress (cut short after its
   * current delivery batch), the query for the next wake-up, and no timer left. The store may be closed then.
   */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pokeTimer) clearTimeout(this.pokeTimer);
    this.pokeTimer = null;
    this.aborting = true;
    try {
      while (this.inflight.size || this.ticking) {
        await Promise.allSettled([...this.inflight, this.ticking]);
      }
    } finally {
      this.aborting = false;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Healthy while a pass ran (or started) recently and nothing due has waited long. */
  healthy(): boolean {
    const now = this.clock.now().getTime();
    const recent = [this.stats.lastTickAt, this.stats.tickStartedAt].some((d) => d && now - d.getTime() < 60_000);
    return recent && this.stats.lagMs < 60_000;
  }
}
