/**
 * §14 `serve` with the daily report by mail: Slack as the chat front end, SMTP_URL pointing at a server that is
 * down at the summary time. /healthz and /metrics show the mail backlog; when the server comes back the reports
 * are delivered once and the backlog empties. Slack never sees a mail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/cli/config.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { StartupError } from '../../src/startup-error.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { closeOwnPrisma } from '../helpers/own-prisma.ts';

const TZ = 'Asia/Shanghai';
const fastRetry = () => ({ retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 });

/** Waits for a condition (polling), failing with what was last seen. */
async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
    v = await get();
  }
  return v;
}

describe('SMTP_URL', () => {
  it('is checked at start: smtp:// or smtps:// with a host, the password never echoed', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://desk:pw@mail.bank.example:587' }).SMTP_URL).toBe('smtp://desk:pw@mail.bank.example:587');
    expect(loadConfig({ SMTP_URL: 'smtps://mail.bank.example' }).SMTP_URL).toBe('smtps://mail.bank.example');
    for (const bad of ['http://mail.bank.example', 'mail.bank.example:25', 'smtp://', 'smtp://u:secret@host:port']) {
      let err: unknown;
      try {
        loadConfig({ SMTP_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(StartupError);
      expect(String((err as Error).message)).toMatch(/SMTP_URL=.*expected smtp:\/\/user:pass@host:port/);
      expect(String((err as Error).message)).not.toContain('secret');
    }
  });
});

describe('serve: the daily report mail and its backlog', () => {
  let slack: FakeSlack;
  let server: RunningServer;
  let smtp: TestSmtp | undefined;
  let dir: string;
  let port: number;
  const clock = new ManualClock(atLocal('2026-12-01', '19:00', TZ));

  beforeAll(async () => {
    slack = await startFakeSlack();
    dir = mkdtempSync(join(tmpdir(), 'cd-mail-serve-'));
    const probe = await startSmtp();
    port = probe.port;
    await probe.close();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: 'e2e-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
      ROSTER: join(PROJECT_ROOT, 'examples', 'mail-roster.yml'),
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    server = await startServer({
      config,
      clock,
      host: '127.0.0.1',
      log: pino({ level: 'silent' }),
      slack: { retryConfig: fastRetry(), notifierRetryConfig: { retries: 0 }, socketRetryConfig: fastRetry() },
      scheduler: { maxSleepMs: 50 },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.close();
    await smtp?.close();
    await server?.core.close();
    if (dir) {
      await closeOwnPrisma(`file:${join(dir, 'desk.sqlite')}`);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { mailBacklog: number | null; status: string };
  const metric = async () => Number(/^complaint_mail_backlog (\d+)$/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);

  it('shows the mails waiting while SMTP is down, and delivers each once when it is back', async () => {
    expect((await health()).mailBacklog).toBe(0);
    clock.set(atLocal('2026-12-01', '20:00', TZ));
    server.scheduler.poke();
    await until('two mails in the backlog', health, (h) => h.mailBacklog === 2);
    expect(await metric()).toBe(2);
    // the chat summaries went out meanwhile (a mail never holds chat back), and Slack was never handed a mail
    expect((await health()).status).toBe('ok');

    smtp = await startSmtp(port);
    clock.set(atLocal('2026-12-01', '20:10', TZ)); // past the backoff
    server.scheduler.poke();
    await until('the backlog to empty', health, (h) => h.mailBacklog === 0);
    expect(await metric()).toBe(0);
    expect(smtp.received.map((r) => r.parsed.subject).sort()).toEqual([
      '[一分行 BR01] 2026-12-01 客户投诉日报',
      '[省行 PROV] 2026-12-01 客户投诉日报',
    ]);
    const posted = JSON.stringify(slack.calls);
    expect(posted).not.toContain('客户投诉日报');
    expect(posted).toContain('投诉日报'); // the chat summaries
  });

  it('a refusal no retry can fix (550) gives the report up: dead, /healthz degraded, never counted delivered (one notifier contract)', async () => {
    expect((await health()).status).toBe('ok');
    smtp!.mode = '550';
    const before = smtp!.received.length;
    clock.set(atLocal('2026-12-02', '20:00', TZ));
    server.scheduler.poke();
    const h = await until(
      'the refused reports to be given up',
      async () =>
        (await (await fetch(`${server.url}/healthz`)).json()) as {
          status: string;
          mailBacklog: number;
          outboxDead: number;
          deadErrors: { error: string }[];
        },
      (h) => h.outboxDead === 2,
    );
    expect(h).toMatchObject({ status: 'degraded', mailBacklog: 0 });
    expect(h.deadErrors.map((e) => e.error)).toEqual([expect.stringContaining('mail: 550')]);
    expect(smtp!.received.length).toBe(before);
  });
});
