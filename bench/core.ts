/**
 * Core benchmarks on SQLite (issue 8): opening cases through every rule vs a bare Prisma create; one scheduler
 * pass with 100,000 open cases; a burst of 1,000 deadlines due at once; a day's summary over 100,000 cases;
 * resident memory with 100,000 cases and the scheduler running.
 */
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, loadRoster, type AppCore } from '../src/cli/app.ts';
import { createPrismaClient } from '../test/helpers/prisma-client.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { DEMO_ROSTER } from '../src/cli/config.ts';
import { fireDueDeadlines } from '../src/core/use-cases/fire-due-deadlines.ts';
import { buildDailySummary } from '../src/core/use-cases/build-daily-summary.ts';
import { postDueHandovers } from '../src/core/use-cases/post-handovers.ts';
import { parseRoster } from '../src/core/domain/roster.ts';
import { atLocal } from '../src/core/domain/time.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';
import type { Notifier } from '../src/core/ports/store.ts';
import { ALL_KINDS } from '../src/core/ports/outbox.ts';
import { seedCases } from './seed.ts';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const TZ = 'Asia/Shanghai';

async function fresh(at: Date): Promise<{ core: AppCore; clock: ManualClock; file: string; done(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-core-'));
  const clock = new ManualClock(at);
  const file = join(dir, 'b.sqlite');
  const core = await createCore({ databaseUrl: `file:${file}`, roster: loadRoster(DEMO_ROSTER), clock });
  return {
    core,
    clock,
    file,
    done: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const nullNotifier: Notifier = { platform: 'null', local: true, kinds: ALL_KINDS, async send() {} };

/** Staff opening cases at once: the commands that arrive together commit together (group commit, issue 16). */
export const OPEN_CONCURRENCY = 32;

export async function benchOpenCases(n = 2000) {
  const { core, clock, file, done } = await fresh(atLocal('2026-12-01', '09:00', TZ));
  // baseline: a bare Prisma create of one row (a timeline entry), one at a time, same database (its own client:
  // the app runs only its store)
  const db = createPrismaClient(`file:${file}`);
  let t = performance.now();
  for (let i = 0; i < n; i++)
    await db.prisma.timelineEntry.create({ data: { caseId: 0, at: clock.now(), actor: 'bench', action: 'noop' } });
  const bare = n / ((performance.now() - t) / 1000);
  await db.close();
  let next = 0;
  const open = async (i: number) => {
    const r = await core.desk.handleText(
      ['zhang', 'ma', 'zhu', 'hu'][i % 4],
      `/complaint new category=${['atm', 'waiting', 'cutover', 'transaction'][i % 4]} channel=phone phone=139${String(i).padStart(8, '0')} 切换故障 ${i}`,
    );
    if (!r.ok) throw new Error(r.text);
    if (i % 50 === 0) clock.advance(60_000);
  };
  // one at a time: each command waits for its own commit
  const serialN = Math.round(n / 2);
  t = performance.now();
  for (; next < serialN; next++) await open(next);
  const serial = serialN / ((performance.now() - t) / 1000);
  // OPEN_CONCURRENCY staff at once, every rule applied to each case (repeat, cluster, media, deadlines, outbox)
  const end = next + n;
  t = performance.now();
  await Promise.all(
    Array.from({ length: OPEN_CONCURRENCY }, async () => {
      for (let i = next++; i < end; i = next++) await open(i);
    }),
  );
  const concurrent = n / ((performance.now() - t) / 1000);
  await done();
  return {
    open_cases_per_s: round(concurrent),
    open_cases_per_s_serial: round(serial),
    open_concurrency: OPEN_CONCURRENCY,
    bare_creates_per_s: round(bare),
    open_ratio_vs_bare_create: round(concurrent / bare, 3),
  };
}

export async function benchScale(n = 100_000) {
  const day = '2026-12-01';
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const file = join(dir, 'b.sqlite');
  // seeding runs in its own process: what is measured here is a desk opening a database with n cases
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'seed-cli.ts'),
      file,
      String(n),
      atLocal(day, '08:00', TZ).toISOString(),
      String(12 * 3600_000),
    ],
    {
      stdio: 'inherit',
    },
  );
  const seed_s = (performance.now() - t0) / 1000;
  const clock = new ManualClock(atLocal(day, '08:00', TZ));
  const core = await createCore({ databaseUrl: `file:${file}`, roster: loadRoster(DEMO_ROSTER), clock });
  // (counted with a plain connection: a Prisma client loaded here would count in the process's memory figure)
  const inspect = new Database(file, { readonly: true });
  const deadlines = (inspect.prepare(`SELECT COUNT(*) AS n FROM "Deadline"`).get() as { n: number }).n;
  inspect.close();
  // one scheduler pass at 08:00 (nothing due yet): what every wake-up costs with 100k open cases
  const sched = new Scheduler(core.desk.ctx, core.store, clock, [nullNotifier], { owner: 'bench' });
  await sched.tick(); // warm
  const passes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await sched.tick();
    passes.push(performance.now() - t);
  }
  passes.sort((a, b) => a - b);
  // summary of the day over 100k cases
  clock.set(atLocal(day, '20:00', TZ));
  let t = performance.now();
  await buildDailySummary(core.desk.ctx, { unitCode: 'PROV', date: day, now: clock.now() });
  const summaryCold = performance.now() - t;
  t = performance.now();
  const s = await buildDailySummary(core.desk.ctx, { unitCode: 'PROV', date: day, now: clock.now() });
  const summary = performance.now() - t;
  if (s.stats.received !== n) throw new Error(`summary counted ${s.stats.received}`);
  // resident memory with the scheduler running over the loaded database
  clock.set(atLocal(day, '08:00', TZ));
  sched.start();
  await new Promise((r) => setTimeout(r, 500));
  const rss = process.memoryUsage().rss / 2 ** 20;
  await sched.stop();
  await core.close();
  // §12: one handover of the province, whose subtree holds every open case (its open cases by urgency with their
  // next deadline, the deadlines due in the new shift, escalations and log entries since the last handover)
  const dutyRoster = parseRoster(
    readFileSync(DEMO_ROSTER, 'utf8') +
      '\nduty:\n  - { unit: PROV, handles: [sun], from: "08:00", to: "20:00" }\n  - { unit: PROV, handles: [zhou], from: "20:00", to: "08:00" }\n',
  );
  const dutyClock = new ManualClock(atLocal(day, '08:00', TZ));
  const duty = await createCore({ databaseUrl: `file:${file}`, roster: dutyRoster, clock: dutyClock });
  await postDueHandovers(duty.desk.ctx); // the 08:00 one (warm)
  dutyClock.set(atLocal(day, '20:00', TZ));
  t = performance.now();
  const handovers = await postDueHandovers(duty.desk.ctx);
  const handover = performance.now() - t;
  await duty.close();
  if (handovers !== 1) throw new Error(`expected one handover at 20:00, posted ${handovers}`);
  rmSync(dir, { recursive: true, force: true });
  return {
    handover_ms_100k_open: round(handover),
    tick_ms_100k_open: round(passes[Math.floor(passes.length / 2)], 2),
    deadlines_100k: deadlines,
    summary_ms_100k: round(summary),
    summary_cold_ms_100k: round(summaryCold),
    rss_mb_100k: round(rss),
    seed_100k_s: round(seed_s),
  };
}

export async function benchBurst(n = 1000) {
  const { core, clock, file, done } = await fresh(atLocal('2026-12-01', '09:00', TZ));
  // n deadlines whose next stage falls due at the same instant: 1,000 reply deadlines reaching their breach
  await seedCases(core, n, atLocal('2026-12-01', '09:00', TZ), 1, { openShare: 1, file });
  const at13 = atLocal('2026-12-01', '13:00', TZ);
  const db = createPrismaClient(`file:${file}`);
  const p = db.prisma;
  const ids = (await p.deadline.findMany({ where: { kind: 'reply' }, select: { id: true }, take: n })).map((r) => r.id);
  await p.deadline.updateMany({ where: { nextFireAt: { not: null } }, data: { nextStage: null, nextFireAt: null } });
  await p.deadline.updateMany({ where: { id: { in: ids } }, data: { nextStage: 'breach', nextFireAt: at13, dueAt: at13 } });
  const due = await p.deadline.count({ where: { nextFireAt: { not: null } } });
  await db.close();
  clock.set(atLocal('2026-12-01', '13:00', TZ));
  const t = performance.now();
  let fired = 0;
  for (let k; (k = await fireDueDeadlines(core.desk.ctx, 1000, 200)) > 0;) fired += k;
  const s = (performance.now() - t) / 1000;
  const queued = await core.store.outboxBacklog();
  await done();
  if (fired !== due) throw new Error(`fired ${fired} of ${due}`);
  return { burst_1000_due_s: round(s, 3), burst_due: due, burst_queued: queued };
}

if (process.argv[1]?.endsWith('core.ts')) {
  console.log(await benchOpenCases(Number(process.argv[2] ?? 500)));
  console.log(await benchBurst(1000));
  console.log(await benchScale(Number(process.argv[3] ?? 100_000)));
}
