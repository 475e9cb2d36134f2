import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrismaClient } from '../helpers/prisma-client.ts';
import { createCore, loadRoster } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { buildDailySummary } from '../../src/core/use-cases/build-daily-summary.ts';
import { freshPgDatabase, pgUnreachable } from '../helpers/pg.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const down = await pgUnreachable();
if (down) console.warn(`PostgreSQL replica tests skipped: 127.0.0.1:5432 not reachable (${down})`);

function child(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/scheduler-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (x) => (err += x));
    p.on('close', (code) => res({ code, err }));
  });
}

describe.skipIf(!!down)('two replicas on PostgreSQL (issue 7)', () => {
  it('1,000 deadlines fall due at once: every nag and every summary arrives exactly once', async () => {
    const db = await freshPgDatabase();
    try {
      const clock = new ManualClock('2026-12-01T01:00:00Z'); // 09:00 Asia/Shanghai
      const core = await createCore({ databaseUrl: db.url, roster: loadRoster(DEMO_ROSTER), clock });
      // §16.4: not `general` (one working day), so §5's windows apply.
      // 334 phone cases opened at 09:00: onsite, reply and report deadlines (1,002), all due by 20:00 with
      // every stage (reminder, breach, 4 repeats) — and the 20:00 summaries.
      for (let i = 0; i < 334; i++) {
        const r = await core.desk.handleText(
          i % 2 ? 'zhang' : 'hu',
          `/complaint new unit=${i % 2 ? 'OUT-12' : 'OUT-31'} category=other_emergency channel=phone phone=137${String(i).padStart(8, '0')} 系统故障 ${i}`,
        );
        expect(r.ok).toBe(true);
      }
      const own = createPrismaClient(db.url); // the test's own client (the app runs only its store)
      const nagged = await own.prisma.deadline.count({ where: { kind: { in: ['onsite', 'reply', 'report'] } } });
      await own.close();
      await core.close();
      const dir = mkdtempSync(join(tmpdir(), 'cd-replicas-'));
      const [a, b] = await Promise.all([
        child({ DATABASE_URL: db.url, AT: '2026-12-01T12:00:00Z', OUT: join(dir, 'a.txt') }),
        child({ DATABASE_URL: db.url, AT: '2026-12-01T12:00:00Z', OUT: join(dir, 'b.txt') }),
      ]);
      expect(a.err + b.err).toBe('');
      expect([a.code, b.code]).toEqual([0, 0]);
      const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : []);
      // (how the work splits between the two depends on which starts first; only the totals are promised)
      const all = [...lines(join(dir, 'a.txt')), ...lines(join(dir, 'b.txt'))];
      expect(new Set(all).size).toBe(all.length); // nothing delivered twice, by either replica
      const stages = all.filter((k) => k.startsWith('dl:') && !k.endsWith(':dm'));
      expect(stages.length).toBe(nagged * 6); // nothing lost
      // §5: the breach and each repeat also reach the handler directly, once
      expect(all.filter((k) => k.startsWith('dl:') && k.endsWith(':dm')).length).toBe(nagged * 5);
      expect(all.filter((k) => k.startsWith('summary:')).sort()).toEqual([
        'summary:BR01:2026-12-01',
        'summary:BR02:2026-12-01',
        'summary:PROV:2026-12-01',
      ]);
      // the summary's aggregation on PostgreSQL counts what it should
      const again = await createCore({
        databaseUrl: db.url,
        roster: loadRoster(DEMO_ROSTER),
        clock: new ManualClock('2026-12-01T12:00:00Z'),
      });
      const s = await buildDailySummary(again.desk.ctx, { unitCode: 'PROV', date: '2026-12-01', now: new Date('2026-12-01T12:00:00Z') });
      await again.close();
      expect(s.stats).toEqual({
        received: 334,
        open: 334,
        resolved: 0,
        not_counted: 0,
        consultation: 0,
        complaint: 334,
        overdue: 334,
        escalated: 334,
        carried_over: 0,
        carried_over_overdue: 0,
        callbacks: 0,
        satisfaction: null,
      });
      expect(s.compliance.reply).toEqual({ on_time: 0, late: 0, open: 0, overdue: 334 });
    } finally {
      await db.drop();
    }
  }, 180_000);
});
