/**
 * Runs use cases a few at a time, first come first served, and lets the event loop breathe between them.
 *
 * Why: with SQLite every write transaction is serialised anyway, and the driver is synchronous, so a burst of
 * concurrent transactions resolves back to back in one chain of microtasks: the process stops reading new
 * requests and flushing acks until the whole burst is through, and whoever arrives at the wrong moment waits
 * seconds. Queued here, each command runs its transaction, then the loop reads sockets and writes acks before
 * the next one starts, so latency stays close to (queue length × one transaction) for everybody.
 */
export class WorkQueue {
  private running = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  get depth(): number {
    return this.waiting.length + this.running;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency || this.waiting.length) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      // the caller gets its result at once; the next queued use case starts after the loop has done its I/O
      setImmediate(() => {
        const next = this.waiting.shift();
        if (next) next(); // the slot passes on
        else this.running--;
      });
    }
  }
}
