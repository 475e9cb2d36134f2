/**
 * Bulk seeding for benchmarks: realistic cases and their deadlines, written with better-sqlite3 in Prisma's
 * own storage format (ISO date-times, 0/1 booleans), since seeding is setup, not what is measured.
 */
import Database from 'better-sqlite3';
import type { AppCore } from '../src/cli/app.ts';
import { snapshotPolicy, deadlinesOnReceipt } from '../src/core/rules/sla.ts';
import { CATEGORY_SLUGS } from '../src/core/domain/categories.ts';
import type { CaseRecord } from '../src/core/domain/case.ts';
import { caseToRow } from '../src/db/shared/rows.ts';

const OUTLETS = ['OUT-11', 'OUT-12', 'OUT-21', 'OUT-31', 'OUT-32'];
const OWNERS = ['ma', 'zhang', 'zhu', 'hu', 'song'];

/** `n` cases received across [from, from + spanMs), a third resolved, with every deadline row. */
const iso = (d: Date | null) => (d ? d.toISOString().replace('Z', '+00:00') : null);
const sqlValue = (v: unknown) => (v instanceof Date ? iso(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null));

function insertAll(db: Database.Database, table: string, rows: Record<string, unknown>[]): void {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const stmt = db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  for (const r of rows) stmt.run(...cols.map((c) => sqlValue(r[c])));
}

export async function seedCases(
  core: AppCore,
  n: number,
  from: Date,
  spanMs: number,
  opts: { openShare?: number; file: string },
): Promise<void> {
  const db = new Database(opts.file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  const policy = snapshotPolicy(core.roster.settings);
  const start = (db.prepare(`SELECT value FROM "Counter" WHERE name = 'case'`).get() as { value: number } | undefined)?.value ?? 0;
  const BATCH = 2000;
  for (let b = 0; b < n; b += BATCH) {
    const cases: CaseRecord[] = [];
    const deadlines: Record<string, unknown>[] = [];
    for (let i = b; i < Math.min(n, b + BATCH); i++) {
      const id = start + i + 1;
      const k = i % OUTLETS.length;
      const unit = OUTLETS[k];
      const receivedAt = new Date(from.getTime() + Math.floor((i / n) * spanMs));
      const resolved = (i % 100) / 100 >= (opts.openShare ?? 0.67);
      const category = CATEGORY_SLUGS[i % CATEGORY_SLUGS.length];
      cases.push({
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
        status: resolved ? 'resolved' : 'open',
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
        responsibility: resolved ? 'not_at_fault' : null,
        validity: resolved ? 'valid' : null,
        statClass: null,
        resolvedAt: resolved ? new Date(receivedAt.getTime() + 3600_000) : null,
        policy,
        version: 0,
        updatedAt: receivedAt,
      });
      for (const d of deadlinesOnReceipt({
        caseId: id,
        generation: 0,
        at: receivedAt,
        policy,
        walkInAtOutlet: i % 3 !== 0,
        lossReport: false,
        afterTransfer: false,
      })) {
        const done = resolved && d.state === 'pending';
        deadlines.push({
          ...d,
          ...(done ? { state: 'done', completedAt: new Date(receivedAt.getTime() + 3600_000), nextStage: null, nextFireAt: null } : {}),
          caseUnitCode: unit,
          caseReceivedAt: receivedAt,
        });
      }
    }
    db.transaction(() => {
      insertAll(db, 'Case', cases.map(caseToRow));
      insertAll(db, 'Deadline', deadlines);
    })();
  }
  db.prepare(`UPDATE "Counter" SET value = ? WHERE name = 'case'`).run(start + n);
  db.close();
}
