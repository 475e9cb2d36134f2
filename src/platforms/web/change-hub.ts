/**
 * One follower of the change cursor (the outbox ids, src/core/ports/changes.ts) per process, shared by every
 * connected board: it polls while anyone listens (`pollMs`), wakes at once on `poke()` (a command committed in this
 * process), and hands each batch to the listeners in id order.
 *
 * Ids are handed out in id order only. On PostgreSQL a transaction can commit a lower id after a higher one is
 * visible (ids come from a sequence when the row is inserted, not when it commits), and a rolled-back insert leaves
 * an id that never appears. So a gap holds back what follows it for at most `holdMs`; once it has waited that
 * long it is skipped. That is what makes an event's id an exact resume point (Last-Event-ID): everything up to it
 * has been handed out.
 */
import type { OutboxRecord } from '../../core/domain/case.ts';
import type { ChangeFeed } from '../../core/ports/changes.ts';

type ChangeListener = (batch: OutboxRecord[], upTo: number) => void;

export interface ChangeHubOptions {
  pollMs?: number;
  holdMs?: number;
  batch?: number;
  onError?: (e: unknown) => void;
}

export class ChangeHub {
  private listeners = new Set<ChangeListener>();
  /** everything with id <= released has been handed out (or skipped as a gap) */
  private released = -1;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private gapSince = new Map<number, number>();
  private readonly pollMs: number;
  private readonly holdMs: number;
  private readonly batch: number;
  private stopped = false;
  /** nobody followed for a while: the next read starts from the newest change again */
  private stale = true;

  constructor(
    private feed: Pick<ChangeFeed, 'changesSince' | 'lastChangeId'>,
    private opts: ChangeHubOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 250;
    this.holdMs = opts.holdMs ?? 1000;
    this.batch = opts.batch ?? 500;
  }

  /** The id up to which every change has been handed out (-1 before the first read). */
  get mark(): number {
    return this.released;
  }

  /**
   * The mark to start from: while nobody follows, the newest change (nothing is being handed out, so jumping is
   * safe); while boards follow, what has been handed out to them.
   */
  async ready(): Promise<number> {
    if (this.stale || (!this.listeners.size && !this.running)) {
      this.stale = false;
      this.released = Math.max(this.released, await this.feed.lastChangeId());
    }
    return this.released;
  }

  subscribe(l: ChangeListener): () => void {
    if (!this.listeners.size && !this.running) this.stale = true;
    this.listeners.add(l);
    this.schedule(0);
    return () => {
      this.listeners.delete(l);
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Something was committed in this process: look now instead of at the next poll. */
  poke(): void {
    if (this.listeners.size) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.running) {
      if (ms === 0) this.again = true;
      return;
    }
    if (this.timer) {
      if (ms !== 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.poll().finally(() => {
        this.running = null;
        const now = this.again;
        this.again = false;
        if (this.listeners.size) this.schedule(now ? 0 : this.pollMs);
      });
    }, ms);
  }

  /** One look at the cursor: hand out what follows `released` without a gap (or after a gap that waited long enough). */
  async poll(): Promise<void> {
    try {
      await this.ready();
      for (;;) {
        const rows = await this.feed.changesSince(this.released, this.batch);
        if (!rows.length) return;
        const out: OutboxRecord[] = [];
        let next = this.released;
        let blocked = false;
        const now = Date.now();
        for (const r of rows) {
          if (r.id > next + 1) {
            const hole = next + 1;
            const since = this.gapSince.get(hole) ?? now;
            this.gapSince.set(hole, since);
            if (now - since < this.holdMs) {
              blocked = true;
              break;
            }
            this.gapSince.delete(hole);
          }
          out.push(r);
          next = r.id;
        }
        if (out.length) {
          for (const k of this.gapSince.keys()) if (k <= next) this.gapSince.delete(k);
          this.released = next;
          for (const l of [...this.listeners]) l(out, next);
        }
        if (blocked) {
          // look again when the oldest gap has waited long enough
          this.schedule(Math.min(this.pollMs, this.holdMs));
          return;
        }
        if (rows.length < this.batch) return;
      }
    } catch (e) {
      this.opts.onError?.(e);
    }
  }
}
