/**
 * The console's start, as an operator meets it (#21 items 5, 13, 15): credentials never printed or logged, where
 * the daily report mail goes said at start (SMTP_URL honoured), a busy PORT named at start and by /complaint board.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, loadRoster, type AppCore } from '../../src/cli/app.ts';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { consoleDeps } from '../../src/cli/front-ends.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { redactUrl } from '../../src/redact-url.ts';
import { runConsole } from '../helpers/console.ts';
import { freshPgDatabase, pgUnreachable } from '../helpers/pg.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

const pgDown = await pgUnreachable();

describe('credentials in URLs are masked (one helper)', () => {
  it('masks the password of any URL in a text, and secret query parameters, and nothing else', () => {
    expect(redactUrl('DATABASE_URL=postgresql://app:Tr0ub4dor&3@db.bank:5432/desk?sslmode=require')).toBe(
      'DATABASE_URL=postgresql://app:***@db.bank:5432/desk?sslmode=require',
    );
    expect(redactUrl('smtps://desk%40bank:p@ss:w0rd@mail.bank:465 and smtp://relay:25')).toBe(
      'smtps://desk%40bank:***@mail.bank:465 and smtp://relay:25',
    );
    expect(redactUrl('postgres://db/x?user=a&password=hunter2&application_name=cd')).toBe(
      'postgres://db/x?user=a&password=***&application_name=cd',
    );
    expect(redactUrl('file:./data/complaint-desk.sqlite')).toBe('file:./data/complaint-desk.sqlite');
    expect(redactUrl('https://desk.bank.example/board?h=li&s=BR01&e=1&sig=abc')).toBe(
      'https://desk.bank.example/board?h=li&s=BR01&e=1&sig=abc',
    );
  });
});

describe('the console at start', () => {
  let blocker: ReturnType<typeof createServer>;
  let busy: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    busy = (blocker.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => blocker.close(() => r()));
  });

  it.skipIf(!!pgDown)(
    'never prints the database or SMTP password, says where mail goes, and names a busy PORT at start and in /complaint board',
    async () => {
      const db = await freshPgDatabase();
      try {
        const url = new URL(db.url);
        url.username = url.username || 'postgres';
        url.password = 'S3cretPW-db';
        const { code, out, err } = await runConsole('as liu\n/complaint board\nquit\n', {
          DATABASE_URL: url.toString(),
          SMTP_URL: 'smtp://desk:Mail-Pw-77@127.0.0.1:1',
          PORT: String(busy),
          LOG_LEVEL: 'debug',
        });
        expect(code, err).toBe(0);
        for (const s of [out, err]) {
          expect(s).not.toContain('S3cretPW-db');
          expect(s).not.toContain('Mail-Pw-77');
        }
        expect(out).toContain(`postgres:***@${url.host}`);
        expect(out).toContain('通过 SMTP 发送（smtp://desk:***@127.0.0.1:1）');
        // the busy port, at start and in the board's answer
        expect(out).toMatch(new RegExp(`看板未启动：端口 ${busy} 不可用（already in use \\(EADDRINUSE\\)）`));
        expect(out).toMatch(new RegExp(`看板没有启动：本进程启动时端口 ${busy} 不可用`));
      } finally {
        await db.drop();
      }
    },
    60_000,
  );

  it('without SMTP_URL says the mails are written as files and not sent', async () => {
    const { code, out } = await runConsole('quit\n', { PORT: '0' });
    expect(code).toBe(0);
    expect(out).toContain('未设置 SMTP_URL，邮件写为 data/mail 下的 .eml 文件，不会发出');
  }, 60_000);
});

describe('the console with a forms folder it cannot write (#21 item 6)', () => {
  it('refuses /complaint form once, clearly, writes nothing, and runs on', async () => {
    // tests run as root, for whom no permission bit is ever denied: a file where the folder should be fails alike
    const cwd = mkdtempSync(join(tmpdir(), 'cd-console-forms-'));
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'forms'), 'not a folder');
    const { code, out, err } = await runConsole(
      'as zhang\n/complaint new unit=OUT-12 挂失后仍被扣费\n/complaint form C1\n/complaint show C1\nquit\n',
      { PORT: '0' },
      { cwd },
    );
    expect(code, err).toBe(0);
    expect(out).toMatch(/案件 C1 的处理单未能写入 data\/forms（[^）]+）。请运维人员为该文件夹开放写权限后重试/);
    expect(out).toContain('用法：/complaint form');
    expect(out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(out).toMatch(/【C1 · [^】]*】/); // show answered after the refusal: the process stayed up
  }, 60_000);
});

describe('the console honours SMTP_URL (§14)', () => {
  let smtp: TestSmtp;
  let core: AppCore;
  beforeAll(async () => {
    smtp = await startSmtp();
    const dir = mkdtempSync(join(tmpdir(), 'cd-console-mail-'));
    const clock = new ManualClock(atLocal('2026-12-01', '20:00', 'Asia/Shanghai'));
    core = await createCore({
      databaseUrl: `file:${join(dir, 'db.sqlite')}`,
      roster: loadRoster(join(PROJECT_ROOT, 'examples', 'mail-roster.yml')),
      clock,
      formsDir: join(dir, 'forms'),
    });
  });
  afterAll(async () => {
    await core?.close();
    await smtp?.close();
  });

  it('its mail notifier delivers the daily report through the SMTP server, not to a file', async () => {
    const deps = consoleDeps(core, new ManualClock(atLocal('2026-12-01', '20:00', 'Asia/Shanghai')), { smtpUrl: smtp.url });
    const { buildDailySummary } = await import('../../src/core/use-cases/build-daily-summary.ts');
    const summary = await buildDailySummary(core.desk.ctx, {
      unitCode: 'BR01',
      date: '2026-12-01',
      now: atLocal('2026-12-01', '20:00', 'Asia/Shanghai'),
    });
    await deps.mail!.send({
      id: 1,
      key: 'mail:BR01:2026-12-01',
      at: atLocal('2026-12-01', '20:00', 'Asia/Shanghai'),
      kind: 'mail',
      caseId: null,
      toUnit: null,
      toHandle: null,
      payload: { text: 'subject', mentions: [], unit: 'BR01', mailTo: 'union-br01@bank.example', date: '2026-12-01', summary },
      attempts: 0,
      delivered: [],
    });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].rcpt).toEqual(['union-br01@bank.example']);
    expect(smtp.received[0].parsed.subject).toContain('2026-12-01');
  }, 60_000);
});
