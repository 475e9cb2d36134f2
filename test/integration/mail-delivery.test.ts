/**
 * §14 the daily report under an SMTP outage, on a real store and the real scheduler pass: the server refuses
 * connections, then answers 421, then 451, then comes back; each unit's report is delivered exactly once, the
 * outbox retries with backoff meanwhile, and nothing is given up. Chat notifiers never see the mail.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type AppCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { deliverOutbox } from '../../src/scheduler/deliver-outbox.ts';
import { ConsoleNotifier, type DrillMessage } from '../../src/platforms/console/console-notifier.ts';
import { MailNotifier, smtpSender } from '../../src/platforms/mail/mail-notifier.ts';
import { dailyMailComposer } from '../../src/reports/mail-for-summary.ts';
import type { Notifier } from '../../src/core/ports/store.ts';
import { CHAT_KINDS } from '../../src/core/ports/outbox.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'examples', 'mail-roster.yml'), 'utf8'));
const tz = roster.settings.timezone;

describe('the daily report mail under an SMTP outage', () => {
  let dir: string;
  let core: AppCore;
  let clock: ManualClock;
  let smtp: TestSmtp;
  let port: number;
  const chat: DrillMessage[] = [];
  let scheduler: Scheduler;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-mail-'));
    clock = new ManualClock(atLocal('2026-12-01', '09:00', tz));
    core = await createCore({ databaseUrl: `file:${join(dir, 'db.sqlite')}`, roster, clock, formsDir: join(dir, 'forms') });
    // a port nobody listens on yet: the server is down
    const probe = await startSmtp();
    port = probe.port;
    await probe.close();
    const mail = new MailNotifier(smtpSender(`smtp://127.0.0.1:${port}`, { timeoutMs: 5000 }), dailyMailComposer(core.store, roster));
    scheduler = new Scheduler(core.desk.ctx, core.store, clock, [new ConsoleNotifier(roster, (m) => chat.push(m)), mail], {
      owner: 'test',
    });
    await scheduler.tick();
  });
  afterAll(async () => {
    await smtp?.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pendingMails = async () => (await core.store.pendingOutbox(1000)).filter((m) => m.kind === 'mail');
  /** moves the clock past every pending mail's next attempt and runs a pass */
  const retry = async () => {
    const next = Math.max(...(await pendingMails()).map((m) => m.nextAttemptAt.getTime()), clock.now().getTime());
    clock.set(next + 1000);
    await scheduler.tick();
  };

  it('is retried through refusals and delivered once when the server is back', async () => {
    expect((await core.desk.handleText('zhang', '/complaint new unit=OUT-12 category=urgent_cash phone=13800002222 取不出钱')).ok).toBe(
      true,
    );
    clock.set(atLocal('2026-12-01', '20:00', tz));
    await scheduler.tick();
    // the chat summaries went out; the mails wait for the server
    expect(chat.filter((m) => m.kind === 'summary').map((m) => m.unit)).toEqual(['BR01', 'BR02', 'PROV']);
    let pending = await pendingMails();
    expect(pending.map((m) => m.key).sort()).toEqual(['mail:BR01:2026-12-01', 'mail:PROV:2026-12-01']);
    expect(pending.every((m) => m.attempts >= 1 && m.nextAttemptAt > clock.now())).toBe(true);

    smtp = await startSmtp(port);
    smtp.mode = '421';
    await retry();
    smtp.mode = '451';
    await retry();
    expect(smtp.refused).toBeGreaterThanOrEqual(4);
    expect(smtp.received).toHaveLength(0);
    pending = await pendingMails();
    expect(pending).toHaveLength(2);
    expect(pending.every((m) => m.attempts >= 3)).toBe(true);

    smtp.mode = 'ok';
    await retry();
    expect(smtp.received.map((r) => r.parsed.subject).sort()).toEqual([
      '[一分行 BR01] 2026-12-01 客户投诉日报',
      '[省行 PROV] 2026-12-01 客户投诉日报',
    ]);
    expect(await pendingMails()).toHaveLength(0);
    expect((await core.store.outboxDead(null)).count).toBe(0);
    // later passes, and the next day's summary time, send nothing again for that day
    for (let i = 0; i < 3; i++) await retry();
    clock.set(atLocal('2026-12-02', '08:00', tz));
    await scheduler.tick();
    expect(smtp.received).toHaveLength(2);
    // chat front ends were never handed a mail (the console notifier takes the chat kinds unless told to print mails)
    expect(chat.filter((m) => m.kind === 'mail')).toEqual([]);
    expect(chat.filter((m) => m.kind === 'summary').length).toBeGreaterThan(0);
  });

  it('a sender without a mail notifier leaves mails pending (a chat platform never marks them sent)', async () => {
    clock.set(atLocal('2026-12-02', '20:00', tz));
    const seen: string[] = [];
    const slackLike: Notifier = { platform: 'slack', kinds: CHAT_KINDS, send: async (m) => void seen.push(m.kind) };
    // the scheduler's own pass enqueues the day's mails; deliver them with chat notifiers only
    const { postDueSummaries } = await import('../../src/core/use-cases/post-daily-summaries.ts');
    await postDueSummaries(core.desk.ctx);
    await deliverOutbox(core.store, [slackLike], clock, 'chat-only');
    expect(seen).not.toContain('mail');
    expect((await pendingMails()).map((m) => m.key).sort()).toEqual(['mail:BR01:2026-12-02', 'mail:PROV:2026-12-02']);
    await retry();
    expect(smtp.received).toHaveLength(4);
    expect(await pendingMails()).toHaveLength(0);
  });
});
