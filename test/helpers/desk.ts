import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type AppCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster, type Roster } from '../../src/core/domain/roster.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { ConsoleNotifier, type DrillMessage } from '../../src/platforms/console/console-notifier.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { createPrismaClient } from './prisma-client.ts';

export const demoRosterText = (): string => readFileSync(DEMO_ROSTER, 'utf8');

/** The demo roster with some settings replaced (e.g. locale: en). */
export function rosterWith(settings: Record<string, unknown>): Roster {
  const base = parseRoster(demoRosterText());
  return new (base.constructor as typeof import('../../src/core/domain/roster.ts').Roster)(
    { ...base.settings, ...settings },
    base.units,
    base.members,
  );
}

export interface TestDesk {
  core: AppCore;
  clock: ManualClock;
  scheduler: Scheduler;
  sent: DrillMessage[];
  dir: string;
  url: string;
  /** run a command as a member */
  run(actor: string, text: string): ReturnType<AppCore['desk']['handleText']>;
  /** move the clock and let the scheduler do everything due */
  at(hhmm: string, date?: string): Promise<void>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A real desk on a throwaway SQLite file, a manual clock starting 2026-12-01 08:00 Asia/Shanghai. */
export async function testDesk(opts: { roster?: Roster; dir?: string; start?: Date } = {}): Promise<TestDesk> {
  const roster = opts.roster ?? parseRoster(demoRosterText());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cd-test-'));
  const url = `file:${join(dir, 'test.sqlite')}`;
  const clock = new ManualClock(opts.start ?? atLocal('2026-12-01', '08:00', roster.settings.timezone));
  const core = await createCore({ databaseUrl: url, roster, clock });
  const sent: DrillMessage[] = [];
  const scheduler = new Scheduler(core.desk.ctx, core.store, clock, [new ConsoleNotifier(roster, (m) => sent.push(m))], { owner: 'test' });
  await scheduler.tick();
  return {
    core,
    clock,
    scheduler,
    sent,
    dir,
    url,
    async run(actor, text) {
      const r = await core.desk.handleText(actor, text);
      await scheduler.tick();
      return r;
    },
    async at(hhmm, date = '2026-12-01') {
      const target = atLocal(date, hhmm, roster.settings.timezone);
      // step through every due moment on the way, as the real scheduler would wake
      for (;;) {
        const next = await scheduler.nextWake();
        if (next > target) break;
        clock.set(Math.max(next.getTime(), clock.now().getTime()));
        await scheduler.tick();
      }
      clock.set(target);
      await scheduler.tick();
    },
    async counts() {
      // a client of the test's own on the same file (the app runs only its store)
      const db = createPrismaClient(url);
      const p = db.prisma;
      try {
        return {
          cases: await p.case.count(),
          timeline: await p.timelineEntry.count(),
          outbox: await p.outboxMessage.count(),
          deadlines: await p.deadline.count(),
          payments: await p.payment.count(),
          counter: (await p.counter.findUnique({ where: { name: 'case' } }))?.value ?? 0,
          versions: (await p.case.aggregate({ _sum: { version: true } }))._sum.version ?? 0,
        };
      } finally {
        await db.close();
      }
    },
    async close() {
      await scheduler.stop();
      await core.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
