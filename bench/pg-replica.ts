/**
 * One replica of the PostgreSQL burst (bench/pg.ts runs two, each in its own process): its own createCore on the
 * shared database and a scheduler without front ends (it hands nags to the outbox, delivers nothing). Talks over
 * IPC: sends `ready` once open, runs scheduler passes on `start` until nothing is due, sends `done` with how many
 * stages it fired.
 *
 * `node --import tsx bench/pg-replica.ts DATABASE_URL AT_ISO OWNER`
 */
import { createCore, loadRoster } from '../src/cli/app.ts';
import { DEMO_ROSTER } from '../src/cli/config.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';

export type ReplicaMessage =
  { type: 'ready' } | { type: 'done'; fired: number; passes: number; ms: number } | { type: 'error'; message: string };

const [url, at, owner] = process.argv.slice(2);
const send = (m: ReplicaMessage) => new Promise<void>((r) => process.send!(m, () => r()));

try {
  const clock = new ManualClock(at);
  const core = await createCore({ databaseUrl: url, roster: loadRoster(DEMO_ROSTER), clock });
  const sched = new Scheduler(core.desk.ctx, core.store, clock, [], { owner });
  await core.store.ping();
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    void send({ type: 'ready' });
  });
  const t = performance.now();
  let passes = 0;
  // a pass fires what it could claim; the other replica may hold the rest: pass again until nothing is due
  do {
    await sched.tick();
    passes++;
  } while ((await core.store.dueDeadlines(clock.now(), 1)).length > 0 && passes < 1000);
  await send({ type: 'done', fired: sched.stats.fired, passes, ms: performance.now() - t });
  await core.close();
} catch (e) {
  await send({ type: 'error', message: (e as Error).stack ?? String(e) });
  process.exitCode = 1;
}
process.disconnect();
