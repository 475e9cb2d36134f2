/**
 * §14 exactly once across replicas: two replicas on one PostgreSQL database reach the summary time together, each
 * with its own scheduler and mail notifier pointed at the same SMTP server; each (unit, day) is mailed once.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { ConsoleNotifier } from '../../src/platforms/console/console-notifier.ts';
import { MailNotifier, smtpSender } from '../../src/platforms/mail/mail-notifier.ts';
import { dailyMailComposer } from '../../src/reports/mail-for-summary.ts';
import { freshPgDatabase, pgUnreachable } from '../helpers/pg.ts';
import { startSmtp } from '../helpers/smtp.ts';

const down = await pgUnreachable();
if (down) console.warn(`PostgreSQL mail replica test skipped: 127.0.0.1:5432 not reachable (${down})`);
const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'examples', 'mail-roster.yml'), 'utf8'));
const tz = roster.settings.timezone;

describe.skipIf(!!down)('two replicas on PostgreSQL at the summary time', () => {
  it('send one mail per (unit, day)', async () => {
    const db = await freshPgDatabase();
    const smtp = await startSmtp();
    const formsDir = mkdtempSync(join(tmpdir(), 'cd-forms-'));
    try {
      const replicas = await Promise.all(
        ['a', 'b'].map(async (owner) => {
          const clock = new ManualClock(atLocal('2026-12-01', '09:00', tz));
          const core = await createCore({ databaseUrl: db.url, roster, clock, formsDir });
          const mail = new MailNotifier(smtpSender(smtp.url), dailyMailComposer(core.store, roster));
          const scheduler = new Scheduler(core.desk.ctx, core.store, clock, [new ConsoleNotifier(roster, () => {}), mail], { owner });
          return { core, clock, scheduler };
        }),
      );
      const [a] = replicas;
      for (let i = 0; i < 5; i++)
        expect((await a.core.desk.handleText('zhang', `/complaint new unit=OUT-12 phone=1370000000${i} 系统故障 ${i}`)).ok).toBe(true);
      await Promise.all(replicas.map((r) => r.scheduler.tick()));
      for (const r of replicas) r.clock.set(atLocal('2026-12-01', '20:00', tz));
      // both wake at the summary time together, and again a moment later
      await Promise.all(replicas.map((r) => r.scheduler.tick()));
      for (const r of replicas) r.clock.set(atLocal('2026-12-01', '20:01', tz));
      await Promise.all(replicas.map((r) => r.scheduler.tick()));
      const subjects = smtp.received.map((m) => m.parsed.subject).sort();
      expect(subjects).toEqual(['[一分行 BR01] 2026-12-01 客户投诉日报', '[省行 PROV] 2026-12-01 客户投诉日报']);
      expect((await a.core.store.pendingOutbox(1000)).filter((m) => m.kind === 'mail')).toHaveLength(0);
      await Promise.all(replicas.map((r) => r.core.close()));
    } finally {
      await smtp.close();
      await db.drop();
    }
  }, 120_000);
});
