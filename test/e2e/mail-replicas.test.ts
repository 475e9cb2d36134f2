/**
 * Issue 21 item 12, §14: each replica delivers the kinds its notifiers deliver and leaves the rest. Real
 * `complaint-desk serve` processes on one SQLite file and a real SMTP server in process: a chat replica without
 * SMTP_URL posts the day's summaries to (fake) Slack and neither reads nor claims the day's report mails; a
 * mail-only replica (SMTP_URL, no chat front end) mails them and posts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_BIN } from '../helpers/bin.ts';
import { createCore } from '../../src/cli/app.ts';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { postDueSummaries } from '../../src/core/use-cases/post-daily-summaries.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/until.ts';

const ROSTER = join(PROJECT_ROOT, 'examples', 'mail-roster.yml');
const roster = parseRoster(readFileSync(ROSTER, 'utf8'));
const DAY = '2026-11-30';

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

interface Replica {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

const EMPTY = { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', SMTP_URL: '' };

async function serve(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SOURCE_BIN, 'serve'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...EMPTY, ...env, PORT: String(port), ROSTER, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 600 && !up && child.exitCode === null; i++) {
    up = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) throw new Error(`serve did not come up: ${err}`);
  return { child, url, stderr: () => err };
}

function stop(r: Replica | undefined): Promise<void> {
  if (!r || r.child.exitCode !== null) return Promise.resolve();
  return new Promise((res) => {
    r.child.once('exit', () => res());
    r.child.kill('SIGTERM');
  });
}

describe('replicas deliver the kinds they can (§14, issue 21 item 12)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-mail-replicas-'));
  const file = join(dir, 'desk.sqlite');
  let slack: FakeSlack | undefined;
  let smtp: TestSmtp | undefined;
  let chat: Replica | undefined;
  let mail: Replica | undefined;
  afterAll(async () => {
    await stop(chat);
    await stop(mail);
    await slack?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  type Row = { key: string; kind: string; status: string; leaseOwner: string | null; attempts: number; delivered: string | null };
  const rows = (): Row[] => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare(`SELECT key, kind, status, "leaseOwner", attempts, delivered FROM "OutboxMessage" WHERE key LIKE ? ORDER BY id`)
        .all(`%${DAY}%`) as Row[];
    } finally {
      db.close();
    }
  };

  it('a chat replica without SMTP leaves the mails unclaimed; a mail-only replica mails them and posts nothing', async () => {
    // the day's summaries and report mails, enqueued as the summary time's pass does
    const core = await createCore({
      databaseUrl: `file:${file}`,
      roster,
      clock: new ManualClock(atLocal(DAY, '20:00', roster.settings.timezone)),
    });
    await postDueSummaries(core.desk.ctx);
    await core.close();
    const mails = rows().filter((r) => r.kind === 'mail');
    expect(mails.map((r) => r.key).sort()).toEqual([`mail:BR01:${DAY}`, `mail:PROV:${DAY}`]);
    const chats = rows().filter((r) => r.kind !== 'mail');
    expect(chats.length).toBeGreaterThan(0);

    slack = await startFakeSlack();
    chat = await serve({
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: 'replicas-secret',
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: `file:${file}`,
      REPLICA_ID: 'chat-1',
    });
    await until(
      () =>
        rows()
          .filter((r) => r.kind !== 'mail')
          .every((r) => r.status === 'sent'),
      'the chat replica to post the summaries',
      { everyMs: 100, tries: 300 },
    );
    // the mails were never read for delivery there: not leased, never attempted, still pending
    for (const r of rows().filter((r) => r.kind === 'mail')) expect(r).toMatchObject({ status: 'pending', leaseOwner: null, attempts: 0 });
    expect(((await (await fetch(`${chat.url}/healthz`)).json()) as { mailBacklog: number }).mailBacklog).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(slack.calls)).not.toContain('客户投诉日报');

    smtp = await startSmtp();
    mail = await serve({ SMTP_URL: smtp.url, DATABASE_URL: `file:${file}`, REPLICA_ID: 'mail-1' });
    await until(
      () =>
        rows()
          .filter((r) => r.kind === 'mail')
          .every((r) => r.status === 'sent'),
      'the mail replica to mail the reports',
      { everyMs: 100, tries: 300 },
    );
    const subjects = smtp.received.map((m) => m.parsed.subject);
    expect(subjects.filter((s) => s?.includes(DAY)).sort()).toEqual([
      `[一分行 BR01] ${DAY} 客户投诉日报`,
      `[省行 PROV] ${DAY} 客户投诉日报`,
    ]);
    for (const r of rows().filter((r) => r.kind === 'mail')) expect(r).toMatchObject({ leaseOwner: 'mail-1', delivered: 'mail' });
    // the chat messages were the chat replica's: delivered there, never re-sent by the mail replica
    for (const r of rows().filter((r) => r.kind !== 'mail')) expect(r.delivered).toBe('slack');
    // nothing but mail was ever leased by the mail replica, nor any mail by the chat replica (every day's, not only DAY's)
    const db = new Database(file, { readonly: true });
    const byOwner = db
      .prepare(
        `SELECT "leaseOwner" AS owner, kind = 'mail' AS mail, count(*) AS n FROM "OutboxMessage" WHERE "leaseOwner" IS NOT NULL GROUP BY 1, 2`,
      )
      .all() as { owner: string; mail: number; n: number }[];
    db.close();
    expect(byOwner.filter((g) => (g.owner === 'mail-1') !== (g.mail === 1))).toEqual([]);
    // it says at start what it does (written once its first pass is done)
    await until(() => mail!.stderr().includes('no chat front end is configured'), 'the start-up note', { everyMs: 50, tries: 400 });
    expect(mail.stderr()).toContain('mailing the daily reports');
  }, 120_000);
});
