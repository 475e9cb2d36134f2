/**
 * Composes the daily report mail (§14) for an outbox `mail` message when it is sent: the summary it carries, the
 * chart and the day's register read through the report-query port (as the summary post's chart is).
 */
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { OutboxRecord } from '../core/domain/case.ts';
import type { Roster } from '../core/domain/roster.ts';
import type { ReportQueries } from '../core/ports/report-queries.ts';
import type { DailySummary } from '../core/domain/daily-summary.ts';
import { chartForSummary } from './chart-for-summary.ts';
import { composeDailyMail } from './daily-mail.ts';
import { registerRows, type RegisterRow } from './export-register.ts';
import { reportWindow } from '../core/rules/report-window.ts';

export function dailyMailComposer(reports: ReportQueries, roster: Roster): (m: OutboxRecord) => Promise<Mail.Options> {
  return async (m) => {
    const summary = m.payload.summary as DailySummary;
    const unit = m.payload.unit ?? summary.unit;
    const date = m.payload.date ?? summary.date;
    const to = m.payload.mailTo;
    if (!to) throw new Error(`outbox ${m.key}: a mail without a recipient`);
    const register: RegisterRow[] = [];
    // §8, §14: the register holds the report's window, as the summary does
    const window = summary.window
      ? { from: new Date(summary.window.from), to: new Date(summary.window.to) }
      : reportWindow(date, roster.settings.summary_time, roster.settings.timezone);
    for await (const row of registerRows(reports, roster, { from: date, to: date, unitCode: unit, asOf: m.at, window })) register.push(row);
    let chart: Buffer | null = null;
    try {
      chart = (await chartForSummary(reports, roster, summary)).png;
    } catch {
      chart = null; // the report goes without its picture rather than not at all
    }
    return composeDailyMail(roster, {
      unit,
      date,
      from: roster.settings.mail_from,
      to,
      summary,
      chart,
      register,
      key: m.key,
      sentAt: m.at,
    });
  };
}
