/**
 * The mail platform (§14): delivers the outbox's `mail` messages — the daily report to a unit's `email:` address —
 * through SMTP (`SMTP_URL`), or, without it (the console, drills, a deployment with no mail server yet), as `.eml`
 * files under `data/mail/` that any mail client opens.
 *
 * Which notifier handles what: a `mail` message is addressed to a mail address, not to a chat channel, so only
 * this notifier takes it (its `kinds`), and it takes nothing else. A sender without a mail notifier neither reads
 * nor claims `mail` messages (src/scheduler/deliver-outbox.ts): they wait for a replica that mails, and a chat
 * platform can never mark a report as sent that no mail server has seen.
 *
 * An SMTP failure that a retry can fix (connection refused, timeouts, 4xx replies such as 421/451) is thrown as
 * is: the outbox retries it with backoff until it is delivered. A 5xx reply (no such mailbox, relay refused,
 * authentication failed) is a PermanentDeliveryError: the report is given up, logged once with what to do, and
 * counted in the dead-message metrics.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type NodemailerModule from 'nodemailer';

/** nodemailer is loaded with the first mail, not at every start-up. */
let nodemailerModule: Promise<typeof NodemailerModule> | null = null;
const loadNodemailer = () => (nodemailerModule ??= import('nodemailer').then((m) => m.default));
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { OutboxRecord } from '../../core/domain/case.ts';
import { PermanentDeliveryError, type Notifier } from '../../core/ports/store.ts';
import { MAIL_KINDS } from '../../core/ports/outbox.ts';

export const MAIL_PLATFORM = 'mail';

/** Hands a composed message to a server or a file. */
interface MailSender {
  /** true for the .eml writer: deliveries may be recorded in batches like the console's */
  readonly local: boolean;
  /** where it went (an SMTP reply, or the file's path) */
  send(mail: Mail.Options, name: string): Promise<string>;
  close?(): void;
}

interface MailLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** SMTP through nodemailer: `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS). */
export function smtpSender(url: string, opts: { timeoutMs?: number } = {}): MailSender {
  const t = opts.timeoutMs ?? 30_000;
  let transport: ReturnType<typeof NodemailerModule.createTransport> | null = null;
  return {
    local: false,
    async send(mail) {
      transport ??= (await loadNodemailer()).createTransport(url, {
        connectionTimeout: t,
        greetingTimeout: t,
        socketTimeout: t * 2,
      } as never);
      const info = (await transport.sendMail(mail)) as { response?: string };
      return String(info.response ?? 'sent');
    },
    close: () => transport?.close(),
  };
}

/** Writes each message as `<dir>/<name>.eml` (written whole, then renamed: a reader never sees half a file). */
function emlSender(dir: string): MailSender {
  let transport: ReturnType<typeof NodemailerModule.createTransport> | null = null;
  return {
    local: true,
    async send(mail, name) {
      transport ??= (await loadNodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
      const info = (await transport.sendMail(mail)) as { message: Buffer };
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.eml`);
      writeFileSync(`${path}.tmp`, info.message);
      renameSync(`${path}.tmp`, path);
      return path;
    },
  };
}

/** Composes the message for an outbox record (reads what it needs: the summary, the chart, the register). */
type ComposeMail = (m: OutboxRecord) => Promise<Mail.Options>;

/** What to do about a permanent SMTP refusal, by reply code. */
function adviceFor(code: number): string {
  if (code === 535 || code === 530) return 'the SMTP server refused the login: check the user and password in SMTP_URL';
  if (code === 550 || code === 551 || code === 553)
    return "the server refused the recipient or sender: check the unit's email in the roster and settings.mail_from";
  if (code === 554) return 'the server refused the message: ask its administrator why (policy, size, relay)';
  return 'the server refused the message for good: ask its administrator';
}

export class MailNotifier implements Notifier {
  readonly platform = MAIL_PLATFORM;
  /** §14: a mail goes to a mailbox; only this notifier delivers it, and it delivers nothing else */
  readonly kinds = MAIL_KINDS;
  readonly local: boolean;
  constructor(
    private readonly sender: MailSender,
    private readonly compose: ComposeMail,
    private readonly log?: MailLog,
  ) {
    this.local = sender.local;
  }

  async send(m: OutboxRecord): Promise<void> {
    const mail = await this.compose(m);
    try {
      await this.sender.send(mail, m.key.replace(/[^A-Za-z0-9.-]+/g, '-'));
    } catch (e) {
      const err = e as { responseCode?: number; code?: string; message?: string };
      const code = Number(err.responseCode ?? 0);
      if (code >= 500 && code < 600) {
        const advice = adviceFor(code);
        this.log?.error(
          { outboxId: m.id, key: m.key, to: mail.to, smtp: code, error: err.message },
          `mail: the report was refused (${code}); given up: ${advice}`,
        );
        throw new PermanentDeliveryError(MAIL_PLATFORM, String(code), advice);
      }
      this.log?.warn(
        { outboxId: m.id, key: m.key, smtp: code || undefined, error: err.code ?? err.message, attempts: m.attempts },
        'mail: not delivered yet; retried with backoff',
      );
      throw e;
    }
  }

  close(): void {
    this.sender.close?.();
  }
}

/** Where mails go without SMTP_URL (the console, drills), relative to the working folder. */
export const DEFAULT_MAIL_DIR = join('data', 'mail');

/**
 * The mail notifier as the front ends compose it: SMTP when `smtpUrl` is set, else `.eml` files under `mailDir`;
 * the report is composed at send time by `compose` (src/reports/mail-for-summary.ts).
 */
export function createMailNotifier(opts: { smtpUrl?: string | null; mailDir?: string; compose: ComposeMail; log?: MailLog }): MailNotifier {
  const sender = opts.smtpUrl ? smtpSender(opts.smtpUrl) : emlSender(opts.mailDir ?? DEFAULT_MAIL_DIR);
  return new MailNotifier(sender, opts.compose, opts.log);
}
