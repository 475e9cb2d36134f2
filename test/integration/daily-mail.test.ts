/**
 * §14 the daily report by mail, through a real SMTP server in process (smtp-server) and read back with a real
 * MIME parser (mailparser): subject, HTML with the chart inline, the text part, the register CSV's Chinese file
 * name and BOM, and no unmasked phone number anywhere in the message.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxRecord } from '../../src/core/domain/case.ts';
import { parseRoster, Roster } from '../../src/core/domain/roster.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { PermanentDeliveryError } from '../../src/core/ports/store.ts';
import type { DailySummary } from '../../src/core/domain/daily-summary.ts';
import { registerRow } from '../../src/reports/export-register.ts';
import { composeDailyMail, dailyMailSubject, messageId, type DailyMailInput } from '../../src/reports/daily-mail.ts';
import { renderSummaryChart } from '../../src/reports/summary-chart.ts';
import { emptyHourly } from '../../src/reports/hourly.ts';
import { MailNotifier, smtpSender } from '../../src/platforms/mail/mail-notifier.ts';
import { FULL_PHONE, MASKED_PHONE, formFixture } from '../helpers/form-fixture.ts';
import { at, T0 } from '../helpers/records.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { deliverOutbox } from '../../src/scheduler/deliver-outbox.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));

function fixtureSummary(): DailySummary {
  // fields other features add to the summary (duty, work log) are not the mail's business here
  const s: Omit<DailySummary, 'duty' | 'logEntries'> = {
    unit: 'BR01',
    date: '2026-12-01',
    stats: {
      received: 3,
      open: 1,
      resolved: 2,
      not_counted: 1,
      consultation: 1,
      complaint: 1,
      overdue: 1,
      escalated: 1,
      carried_over: 2,
      carried_over_overdue: 1,
      callbacks: 0,
      satisfaction: null,
    },
    byUnitCategory: [
      { unit: 'OUT-12', category: 'urgent_cash', count: 2 },
      { unit: 'OUT-11', category: 'waiting', count: 1 },
    ],
    byClass: { not_counted: 1, consultation: 1, complaint: 1 },
    byResponsibility: { not_at_fault: 2 },
    compliance: { onsite: { on_time: 1, late: 1, open: 0, overdue: 0 }, reply: { on_time: 2, late: 0, open: 1, overdue: 0 } },
    escalations: [{ id: 'C12', reasons: ['media'] }],
    openCases: [{ id: 'C13', ageMinutes: 95, owner: 'zhang', handler: 'yang', overdue: false }],
    lateTransfers: [],
    hotCategories: [{ category: 'urgent_cash', count: 2 }],
    hotUnits: [{ unit: 'OUT-12', count: 2 }],
    focusGroups: { cash: 2, card: 0, personal: 3 },
    text: `【一分行(BR01) 2026-12-01 投诉日报】\n受理 3 件，办结 2 件，未办结 1 件，超时 1 件，升级 1 件。`,
  };
  return s;
}

async function mailInput(r: Roster): Promise<DailyMailInput> {
  const f = formFixture();
  const rctx = { roster: r, locale: r.settings.locale, tz: r.settings.timezone };
  const chart = await renderSummaryChart(fixtureSummary(), emptyHourly(), { locale: rctx.locale });
  return {
    unit: 'BR01',
    date: '2026-12-01',
    from: '投诉值守 <desk@bank.example>',
    to: 'union-br01@bank.example',
    summary: fixtureSummary(),
    chart: chart.png,
    register: [registerRow(rctx, f.case, f.deadlines, f.timeline, f.paidFen, at(600))],
    key: 'mail:BR01:2026-12-01',
  };
}

const mailRecord = (o: Partial<OutboxRecord> = {}): OutboxRecord => ({
  id: 1,
  key: 'mail:BR01:2026-12-01',
  at: at(690),
  kind: 'mail',
  caseId: null,
  toUnit: null,
  toHandle: null,
  payload: { text: dailyMailSubject(roster, 'BR01', '2026-12-01'), mentions: [], unit: 'BR01' },
  attempts: 0,
  delivered: [],
  ...o,
});

describe('the daily report mail, through a real SMTP server', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => smtp.close());

  it('arrives with the subject, the HTML with the chart inline, the text part and the masked register as a Chinese-named CSV with BOM', async () => {
    const input = await mailInput(roster);
    const notifier = new MailNotifier(smtpSender(smtp.url), async () => composeDailyMail(roster, input));
    await notifier.send(mailRecord());
    expect(smtp.received).toHaveLength(1);
    const { parsed, raw, rcpt } = smtp.received[0];
    expect(rcpt).toEqual(['union-br01@bank.example']);
    expect(parsed.subject).toBe('[一分行 BR01] 2026-12-01 客户投诉日报');
    // RFC 5322: globally unique, under the sender's domain; the same report keeps its id on a retry
    expect(parsed.messageId).toMatch(/^<mail\.BR01\.2026-12-01\.[0-9a-f]{24}@bank\.example>$/);
    expect(messageId(input)).toBe(parsed.messageId);
    const others = [
      messageId({ ...input, key: 'mail:BR01:2026-12-02' }),
      messageId({ ...input, to: 'union-br02@bank.example' }),
      messageId({ ...input, sentAt: new Date(Date.UTC(2026, 11, 1, 12)) }),
      messageId({ ...input, from: 'desk <desk@other-bank.example>' }),
    ];
    expect(new Set([parsed.messageId, ...others]).size).toBe(5);
    expect(others[3]).toMatch(/@other-bank\.example>$/);
    // HTML: the summary's tables and the chart by cid, the chart part carrying that Content-ID
    const html = String(parsed.html);
    expect(html).toContain('<table');
    expect(html).toContain('纳入投诉统计');
    const cid = /src="cid:([^"]+)"/.exec(html)?.[1];
    expect(cid).toBeTruthy();
    const img = parsed.attachments.find((a) => a.contentId === `<${cid}>` || a.cid === cid);
    expect(img?.contentType).toBe('image/png');
    expect(img!.content.subarray(1, 4).toString()).toBe('PNG');
    // the plain-text part
    expect(parsed.text).toContain('受理 3 件');
    // §8 the carried-over figures in the stats table
    expect(html).toContain('结转未办结');
    // the register: Chinese file name (RFC 2231 filename* with an RFC 2047 name= fallback), BOM, masked
    const csv = parsed.attachments.find((a) => a.contentType === 'text/csv');
    expect(csv?.filename).toBe('客户投诉登记簿_BR01_2026-12-01.csv');
    expect(raw.toString('latin1')).toMatch(/filename\*(0\*)?=utf-8''/i);
    expect(raw.toString('latin1')).toMatch(/name="?=\?UTF-8\?[BQ]\?/i);
    expect([...csv!.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csv!.content.toString('utf8');
    expect(csvText).toContain('案件编号');
    expect(csvText).toContain('C12');
    expect(csvText).toContain(MASKED_PHONE);
    expect(csvText).not.toContain('李小红');
    // no unmasked phone anywhere: headers, every decoded part
    const everything = [raw.toString('utf8'), html, parsed.text ?? '', ...parsed.attachments.map((a) => a.content.toString('utf8'))].join(
      '\n',
    );
    expect(everything).not.toContain(FULL_PHONE);
  });

  it('en: the subject in English', async () => {
    const en = new Roster(
      { ...roster.settings, locale: 'en' },
      roster.units.map((u) => (u.code === 'BR01' ? { ...u, name: 'First Branch' } : u)),
      roster.members,
    );
    expect(dailyMailSubject(en, 'BR01', '2026-12-01')).toBe('[First Branch BR01] 2026-12-01 daily complaint report');
  });

  it('is handed only mails: a sender with the mail notifier alone neither composes nor claims any other kind', async () => {
    const before = smtp.received.length;
    const notifier = new MailNotifier(smtpSender(smtp.url), async () => {
      throw new Error('composed a chat message');
    });
    expect(notifier.kinds).toEqual(['mail']);
    const open = await STORE_KINDS.find((k) => !k.needsPg)!.open();
    try {
      await open.store.tx((t) =>
        t.enqueue([
          {
            key: 'summary:BR01',
            at: T0,
            kind: 'summary',
            caseId: null,
            toUnit: 'BR01',
            toHandle: null,
            payload: { text: '日报', mentions: [] },
          },
        ]),
      );
      expect(await deliverOutbox(open.store, [notifier], new ManualClock(T0), 'mail-only')).toMatchObject({ sent: 0, failed: 0, dead: 0 });
      expect((await open.store.pendingOutbox(10)).map((m) => [m.key, m.leaseOwner, m.attempts])).toEqual([['summary:BR01', null, 0]]);
    } finally {
      await open.close();
    }
    expect(smtp.received.length).toBe(before);
  });

  it('a refusal a retry can fix (connection refused, 421, 451) is thrown for the outbox to retry; a 5xx reply is permanent', async () => {
    const input = await mailInput(roster);
    const compose = async () => composeDailyMail(roster, input);
    const closed = await startSmtp();
    await closed.close();
    const transient = async (url: string) => {
      const err = await new MailNotifier(smtpSender(url, { timeoutMs: 5000 }), compose).send(mailRecord()).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    };
    await transient(closed.url); // nobody listening
    smtp.mode = '421';
    await transient(smtp.url);
    smtp.mode = '451';
    await transient(smtp.url);
    smtp.mode = '550';
    const err = await new MailNotifier(smtpSender(smtp.url), compose).send(mailRecord()).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe('550');
    smtp.mode = 'ok';
  });
});
