/**
 * Bulk seeding of PostgreSQL for bench/pg.ts (setup, not measured): rows built as bench/seed.ts builds them for
 * SQLite, loaded with COPY.
 */
import pg from 'pg';
import { snapshotPolicy, deadlinesOnReceipt } from '../src/core/rules/sla.ts';
import { CATEGORY_SLUGS } from '../src/core/domain/categories.ts';
import type { CaseRecord } from '../src/core/domain/case.ts';
import type { Roster } from '../src/core/domain/roster.ts';
import { CASE_COLUMNS, caseToRow } from '../src/db/shared/rows.ts';
import { pgConfigOf } from '../src/db/database-url.ts';

/** A plain client of the bench's own (errors surface through its queries). */
export const clientOf = (url: string, extra: pg.ClientConfig = {}) => {
  const c = new pg.Client({ ...pgConfigOf(url), application_name: 'complaint-desk-bench', ...extra });
  c.on('error', () => {});
  return c;
};

// ---- bulk seeding (setup, not measured): rows built as bench/seed.ts builds them, loaded with COPY ----

const OUTLETS = ['OUT-11', 'OUT-12', 'OUT-21', 'OUT-31', 'OUT-32'];
const OWNERS = ['ma', 'zhang', 'zhu', 'hu', 'song'];
/** Prisma keeps DateTime as UTC in `timestamp(3)` columns */
export const pgTime = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');

const COPY_SPECIAL = /[\\\t\n\r]/;
const copyTimes = new Map<number, string>();
/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) {
    // a case's times repeat across its columns and its deadlines: formatted once each
    const ms = v.getTime();
    let t = copyTimes.get(ms);
    if (t === undefined) {
      if (copyTimes.size > 100_000) copyTimes.clear();
      copyTimes.set(ms, (t = pgTime(v)));
    }
    return t;
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return COPY_SPECIAL.test(s)
    ? s.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'))
    : s;
}

/** A row as one line of COPY's text format, `cols` in order. */
function copyLine(row: Record<string, unknown>, cols: readonly string[]): string {
  const values: string[] = new Array(cols.length);
  for (let j = 0; j < cols.length; j++) values[j] = copyValue(row[cols[j]]);
  return values.join('\t');
}

/**
 * `COPY table (cols) FROM STDIN` of lines in text format, through pg's Submittable interface (pg itself ships no
 * COPY stream; this is what pg-copy-streams does, for one buffer known in advance).
 */
function copyRows(c: pg.Client, table: string, cols: readonly string[], lines: string[]): Promise<void> {
  if (!lines.length) return Promise.resolve();
  const data = Buffer.from(lines.join('\n') + '\n');
  const sql = `COPY "${table}" (${cols.map((k) => `"${k}"`).join(',')}) FROM STDIN`;
  return new Promise((resolve, reject) => {
    let failed: Error | null = null;
    const noop = () => {};
    const copy = {
      submit: (conn: pg.Connection) => (conn as unknown as { query(sql: string): void }).query(sql),
      handleCopyInResponse(conn: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
        conn.sendCopyFromChunk(data);
        conn.endCopyFrom();
      },
      handleError(e: Error) {
        failed = e;
        reject(e);
      },
      handleReadyForQuery: () => failed || resolve(),
      handleCommandComplete: noop,
      handleRowDescription: noop,
      handleDataRow: noop,
      handleEmptyQuery: noop,
      handlePortalSuspended: noop,
      handleCopyData: noop,
    };
    c.query(copy);
  });
}

const DEADLINE_COLUMNS = [
  'caseId',
  'kind',
  'generation',
  'startAt',
  'dueAt',
  'state',
  'completedAt',
  'breachedAt',
  'nextStage',
  'nextFireAt',
  'repeatsSent',
  'caseUnitCode',
  'caseReceivedAt',
] as const;

/**
 * `n` open cases received across [from, from + spanMs), with every deadline row (bench/seed.ts's rows). The two
 * tables' secondary indexes are dropped for the load and built again after it (much faster than row by row).
 */
export async function seedPgCases(url: string, roster: Roster, n: number, from: Date, spanMs: number): Promise<void> {
  // two connections, one a table, so the server loads both at once while this process builds the next batch
  const [c, d] = [clientOf(url), clientOf(url)];
  await Promise.all([c.connect(), d.connect()]);
  try {
    for (const x of [c, d]) await x.query(`SET synchronous_commit = off; SET maintenance_work_mem = '128MB'`);
    const indexes = (
      await c.query<{ table: string; name: string; def: string }>(
        `SELECT tablename AS table, indexname AS name, indexdef AS def FROM pg_indexes i WHERE schemaname = current_schema()
            AND tablename IN ('Case', 'Deadline') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = i.indexname)`,
      )
    ).rows;
    for (const x of indexes) await c.query(`DROP INDEX "${x.name}"`);
    const policy = snapshotPolicy(roster.settings);
    const start = Number((await c.query(`SELECT value FROM "Counter" WHERE name = 'case'`)).rows[0]?.value ?? 0);
    const BATCH = 5000;
    let loading: Promise<unknown> = Promise.resolve();
    for (let b = 0; b < n; b += BATCH) {
      const cases: string[] = [];
      const deadlines: string[] = [];
      for (let i = b; i < Math.min(n, b + BATCH); i++) {
        const id = start + i + 1;
        const k = i % OUTLETS.length;
        const unit = OUTLETS[k];
        const receivedAt = new Date(from.getTime() + Math.floor((i / n) * spanMs));
        const category = CATEGORY_SLUGS[i % CATEGORY_SLUGS.length];
        const record: CaseRecord = {
          id,
          receivedAt,
          intake: i % 3 ? 'walk_in' : 'phone',
          customerName: null,
          customerPhone: `139${String(i).padStart(8, '0')}`,
          customerKey: `tel:139${String(i).padStart(8, '0')}`,
          vip: false,
          unitCode: unit,
          branchCode: k < 3 ? 'BR01' : 'BR02',
          category,
          matter: `bench case ${id}`,
          request: null,
          cutover: true,
          openerHandle: OWNERS[k],
          ownerHandle: OWNERS[k],
          handlerHandle: OWNERS[k],
          status: 'open',
          level: 'outlet',
          levelUnitCode: unit,
          levelSince: receivedAt,
          mediaThreat: false,
          repeat: false,
          skipLevel: false,
          cluster: false,
          crossProvince: false,
          claim: false,
          aggressive: false,
          transferred: false,
          lateTransfer: false,
          escalated: i % 50 === 0,
          escalatedAt: i % 50 === 0 ? receivedAt : null,
          escalationReasons: i % 50 === 0 ? ['media'] : [],
          breached: i % 7 === 0,
          responsibility: null,
          validity: null,
          statClass: null,
          resolvedAt: null,
          policy,
          version: 0,
          updatedAt: receivedAt,
        };
        cases.push(copyLine(caseToRow(record), CASE_COLUMNS));
        for (const dl of deadlinesOnReceipt({
          caseId: id,
          generation: 0,
          at: receivedAt,
          policy,
          walkInAtOutlet: i % 3 !== 0,
          lossReport: false,
          afterTransfer: false,
        }))
          deadlines.push(copyLine(Object.assign(dl, { caseUnitCode: unit, caseReceivedAt: receivedAt }), DEADLINE_COLUMNS));
      }
      await loading; // the previous batch
      loading = Promise.all([copyRows(c, 'Case', CASE_COLUMNS, cases), copyRows(d, 'Deadline', DEADLINE_COLUMNS, deadlines)]);
    }
    await loading;
    // each table's indexes are built on its own connection, both tables at once
    await Promise.all(
      [c, d].map(async (x, k) => {
        for (const ix of indexes.filter((i) => i.table === (k ? 'Deadline' : 'Case'))) await x.query(ix.def);
      }),
    );
    await c.query(`INSERT INTO "Counter" (name, value) VALUES ('case', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [
      start + n,
    ]);
  } finally {
    await Promise.all([c.end(), d.end()]);
  }
}
