/**
 * PostgreSQL figures (the Prisma store, as replicas run it), the counterparts of bench/core.ts's SQLite ones:
 * - opening cases through every rule on one replica, one at a time and from 32 submitters at once (a promise pool,
 *   like several staff at once);
 * - 1,000 deadlines due at the same instant, fired by two replicas (two processes, bench/pg-replica.ts) on the
 *   same database, each nag checked to have gone to the outbox exactly once;
 * - a day's summary over 100,000 cases.
 * Each run creates its own database on the server (BENCH_PG_URL, else PG_TEST_URL, else the local one) and drops
 * it at the end. Without a server the group prints `{"pg_skipped":1}` and says why on stderr.
 * Each replica's pool has DATABASE_POOL_SIZE connections (src/db/drivers/pg.ts); BENCH_PG_POOLS=5,10,20 also
 * measures the 32 submitters over those pool sizes (pg_open_cases_per_s_pool_N).
 *
 * `npx tsx bench/pg.ts [--quick]` runs the group on its own.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { createCore, loadRoster, type AppCore } from '../src/cli/app.ts';
import { DEMO_ROSTER } from '../src/cli/config.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { buildDailySummary } from '../src/core/use-cases/build-daily-summary.ts';
import { snapshotPolicy, nextStage } from '../src/core/rules/sla.ts';
import { atLocal } from '../src/core/domain/time.ts';
import { pgConfigOf, redactUrl } from '../src/db/database-url.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { pgPoolSize } from '../src/db/drivers/pg.ts';
import type { ReplicaMessage } from './pg-replica.ts';
import { clientOf, pgTime, seedPgCases } from './pg-seed.ts';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const TZ = 'Asia/Shanghai';
const DAY = '2026-12-01';

export const PG_BENCH_URL = process.env.BENCH_PG_URL ?? process.env.PG_TEST_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** null when the server answers within 2 s, else why not (one line). */
export async function pgUnreachable(url = PG_BENCH_URL): Promise<string | null> {
  const { host, port } = pgConfigOf(url);
  const c = clientOf(url, { connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
    // Node's connect may fail with an AggregateError (one per address tried) that has no message of its own
    const code = err.code ?? err.errors?.[0]?.code;
    if (code && /^E[A-Z]+$/.test(code)) return `no server at ${host}:${port} (${code})`;
    const msg = (err.message || String(code)).split('\n')[0];
    // pg's own connect timeout (2 s here), or a socket closed before the server's greeting
    if (/timeout|terminated/i.test(msg)) return `no server answering at ${host}:${port} (${msg})`;
    return `cannot use ${redactUrl(url)} (${msg})`; // e.g. an unknown role, a wrong password
  } finally {
    await c.end().catch(() => {});
  }
}

// ---- the database of one run ----

interface BenchDb {
  url: string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
  /** empties every table but the roster's and the migrations' */
  clear(): Promise<void>;
  drop(): Promise<void>;
}

async function createBenchDb(adminUrl: string): Promise<BenchDb> {
  const name = `bench_pg_${process.pid}`;
  const admin = async (sql: string) => {
    const c = clientOf(adminUrl);
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const query = async <R extends pg.QueryResultRow>(sql: string, values?: unknown[]) => {
    const c = clientOf(url);
    await c.connect();
    try {
      return (await c.query<R>(sql, values)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    url,
    query,
    async clear() {
      const keep = new Set(['Unit', 'Member', 'AppSetting', '_prisma_migrations']);
      const tables = (await query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()`))
        .map((r) => r.t)
        .filter((t) => !keep.has(t));
      if (tables.length) await query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY`);
    },
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

// ---- the figures ----

const openText = (i: number) =>
  `/complaint new category=${['atm', 'waiting', 'cutover', 'transaction'][i % 4]} channel=phone phone=139${String(i).padStart(8, '0')} 切换故障 ${i}`;
const opener = (i: number) => ['zhang', 'ma', 'zhu', 'hu'][i % 4];

/**
 * Opens `n` cases on one replica (a fresh createCore) exactly as benchOpenCases does, from `concurrency`
 * submitters at once; cases/s. A short warm-up (one command per submitter) opens the pool's connections first.
 */
async function openCases(db: BenchDb, n: number, concurrency: number, poolSize?: number): Promise<number> {
  await db.clear();
  const before = process.env.DATABASE_POOL_SIZE;
  if (poolSize) process.env.DATABASE_POOL_SIZE = String(poolSize);
  const clock = new ManualClock(atLocal(DAY, '09:00', TZ));
  let core: AppCore;
  try {
    core = await createCore({ databaseUrl: db.url, roster: loadRoster(DEMO_ROSTER), clock });
    await core.store.ping(); // the client is built here, with the pool size above
  } finally {
    if (before === undefined) delete process.env.DATABASE_POOL_SIZE;
    else process.env.DATABASE_POOL_SIZE = before;
  }
  try {
    const open = async (i: number) => {
      if (i % 50 === 0) clock.advance(60_000);
      const r = await core.desk.handleText(opener(i), openText(i));
      if (!r.ok) throw new Error(r.text);
    };
    const warm = Math.min(concurrency, 32);
    await Promise.all(Array.from({ length: warm }, (_, k) => open(1_000_000 + k)));
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i; (i = next++) < n;) await open(i);
      }),
    );
    return n / ((performance.now() - t) / 1000);
  } finally {
    await core.close();
  }
}

/** Runs one replica process; resolves once it is open and waiting for `start`. */
function startReplica(url: string, at: Date, owner: string) {
  const child = fork(join(import.meta.dirname, 'pg-replica.ts'), [url, at.toISOString(), owner], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 2, 2, 'ipc'], // nothing on this process's stdout, which carries the figures
  });
  let onDone: (m: Extract<ReplicaMessage, { type: 'done' }>) => void;
  let onFail: (e: Error) => void;
  const done = new Promise<Extract<ReplicaMessage, { type: 'done' }>>((res, rej) => ((onDone = res), (onFail = rej)));
  const ready = new Promise<void>((res, rej) => {
    child.on('message', (m: ReplicaMessage) => {
      if (m.type === 'ready') res();
      else if (m.type === 'done') onDone(m);
      else {
        const e = new Error(`replica ${owner}: ${m.message}`);
        rej(e);
        onFail(e);
      }
    });
    child.on('exit', (code) => {
      const e = new Error(`replica ${owner} exited (${code})`);
      rej(e);
      onFail(e);
    });
  });
  done.catch(() => {});
  ready.catch(() => {}); // awaited once the deadlines are set up
  return { ready, done, start: () => child.send('start'), kill: () => child.kill() };
}

async function burstTwoReplicas(db: BenchDb, n: number) {
  await db.clear();
  const roster = loadRoster(DEMO_ROSTER);
  const at13 = atLocal(DAY, '13:00', TZ);
  // the replicas start (load, open the database) while the deadlines are set up; they wait for `start`
  const replicas = [startReplica(db.url, at13, 'a'), startReplica(db.url, at13, 'b')];
  let a, b, s;
  let ids: number[];
  try {
    await seedPgCases(db.url, roster, n, atLocal(DAY, '09:00', TZ), 1);
    ids = (await db.query<{ id: number }>(`SELECT id FROM "Deadline" WHERE kind = 'reply' ORDER BY id LIMIT ${n}`)).map((r) => r.id);
    if (ids.length !== n) throw new Error(`seeded ${ids.length} reply deadlines, wanted ${n}`);
    await db.query(`UPDATE "Deadline" SET "nextStage" = NULL, "nextFireAt" = NULL WHERE "nextFireAt" IS NOT NULL`);
    await db.query(`UPDATE "Deadline" SET "nextStage" = 'breach', "nextFireAt" = $1, "dueAt" = $1 WHERE id = ANY($2::int[])`, [
      pgTime(at13),
      ids,
    ]);
    const due = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Deadline" WHERE "nextFireAt" IS NOT NULL`))[0].n);
    if (due !== n) throw new Error(`${due} deadlines due, wanted ${n}`);
    await db.query('ANALYZE');
    await Promise.all(replicas.map((r) => r.ready));
    const t = performance.now();
    for (const r of replicas) r.start();
    [a, b] = await Promise.all(replicas.map((r) => r.done));
    s = (performance.now() - t) / 1000;
  } finally {
    for (const r of replicas) r.kill();
  }

  // every nag exactly once: a group post per deadline, and a direct message when the handler is in the roster
  const handlers = await db.query<{ id: number; h: string | null }>(
    `SELECT d.id, c."handlerHandle" AS h FROM "Deadline" d JOIN "Case" c ON c.id = d."caseId" WHERE d.id = ANY($1::int[])`,
    [ids!],
  );
  const expected = new Set<string>();
  for (const { id, h } of handlers) {
    expected.add(`dl:${id}:breach`);
    if (h && roster.member(h)) expected.add(`dl:${id}:breach:dm`);
  }
  const keys = (await db.query<{ key: string }>(`SELECT key FROM "OutboxMessage" WHERE key LIKE 'dl:%'`)).map((r) => r.key);
  const distinct = new Set(keys);
  const missing = [...expected].filter((k) => !distinct.has(k)).length;
  const extra = [...distinct].filter((k) => !expected.has(k)).length;
  const duplicates = keys.length - distinct.size;
  // each deadline's stage moved on exactly once: breach → the first repeat, its breach recorded
  const next = nextStage({ kind: 'reply', dueAt: at13 }, 'breach', snapshotPolicy(roster.settings));
  const [moved] = await db.query<{ ok: string; breach: string }>(
    `SELECT count(*) FILTER (WHERE "nextStage" IS NOT DISTINCT FROM $2 AND "nextFireAt" IS NOT DISTINCT FROM $3::timestamp(3) AND "breachedAt" = "dueAt") AS ok,
            count(*) FILTER (WHERE "nextStage" = 'breach') AS breach
       FROM "Deadline" WHERE id = ANY($1::int[])`,
    [ids!, next?.stage ?? null, next ? pgTime(next.fireAt) : null],
  );
  const fired = a.fired + b.fired;
  if (fired !== n || missing || extra || duplicates || Number(moved.ok) !== n || Number(moved.breach) !== 0)
    throw new Error(
      `burst: fired ${fired} of ${n} (a ${a.fired}, b ${b.fired}); outbox ${keys.length} rows for ${expected.size} nags: ` +
        `${missing} missing, ${extra} unexpected, ${duplicates} duplicated; ${moved.ok} deadlines advanced once, ${moved.breach} still at breach`,
    );
  return {
    pg_burst_1000_due_s_2_replicas: round(s, 3),
    pg_burst_fired_by_replica_a: a.fired,
    pg_burst_fired_by_replica_b: b.fired,
    pg_burst_outbox_messages: keys.length,
    pg_burst_duplicates: duplicates,
  };
}

async function summary(db: BenchDb, n: number) {
  await db.clear();
  const roster = loadRoster(DEMO_ROSTER);
  let t = performance.now();
  await seedPgCases(db.url, roster, n, atLocal(DAY, '08:00', TZ), 12 * 3600_000);
  await db.query('ANALYZE');
  const seed = (performance.now() - t) / 1000;
  const clock = new ManualClock(atLocal(DAY, '20:00', TZ));
  const core = await createCore({ databaseUrl: db.url, roster, clock });
  try {
    t = performance.now();
    await buildDailySummary(core.desk.ctx, { unitCode: 'PROV', date: DAY, now: clock.now() });
    const cold = performance.now() - t;
    t = performance.now();
    const s = await buildDailySummary(core.desk.ctx, { unitCode: 'PROV', date: DAY, now: clock.now() });
    const warm = performance.now() - t;
    if (s.stats.received !== n) throw new Error(`summary counted ${s.stats.received} of ${n}`);
    return { pg_summary_ms_100k: round(warm), pg_summary_cold_ms_100k: round(cold), pg_seed_100k_s: round(seed) };
  } finally {
    await core.close();
  }
}

export async function benchPg(opts: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const why = await pgUnreachable();
  if (why) {
    process.stderr.write(`PostgreSQL figures skipped: ${why}\n`);
    return { pg_skipped: 1 };
  }
  let db: BenchDb;
  try {
    db = await createBenchDb(PG_BENCH_URL);
  } catch (e) {
    process.stderr.write(`PostgreSQL figures skipped: cannot create a database on ${redactUrl(PG_BENCH_URL)} (${(e as Error).message})\n`);
    return { pg_skipped: 1 };
  }
  try {
    await applyMigrations(db.url); // as every createCore would, once
    const out: Record<string, number> = { pg_pool_size: pgPoolSize() };
    out.pg_open_cases_per_s_serial = round(await openCases(db, opts.quick ? 100 : 300, 1));
    out.pg_open_cases_per_s = round(await openCases(db, opts.quick ? 200 : 1000, 32));
    // BENCH_PG_POOLS=5,10,20: the same 32 submitters over other pool sizes (how the default was chosen)
    for (const size of (process.env.BENCH_PG_POOLS ?? '')
      .split(',')
      .map(Number)
      .filter((x) => x > 0))
      out[`pg_open_cases_per_s_pool_${size}`] = round(await openCases(db, opts.quick ? 200 : 1000, 32, size));
    Object.assign(out, await burstTwoReplicas(db, 1000));
    Object.assign(out, await summary(db, opts.quick ? 10_000 : 100_000));
    return out;
  } finally {
    await db.drop();
  }
}

if (process.argv[1]?.endsWith('pg.ts')) console.log(await benchPg({ quick: process.argv.includes('--quick') }));
