/**
 * The daily report by mail (§14, §六.7: "将各类投诉分类统计，向分行工会信箱报送"): one unit's day as a MIME message —
 * the subject `[一分行 BR01] 2026-12-01 客户投诉日报`, an HTML body with the summary's tables and its chart inline
 * (`cid:`), a plain-text part, and the day's register as a CSV attachment (UTF-8 with BOM so Excel reads the
 * Chinese, PII masked as in every post) under a Chinese file name. nodemailer writes that name as RFC 2231
 * `filename*` with an RFC 2047 `name=` fallback, which Chinese webmail clients need.
 *
 * Pure: built from data the caller read (the summary, the chart PNG, the register rows).
 */
import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { STAT_CLASSES } from '../core/domain/categories.ts';
import type { Roster } from '../core/domain/roster.ts';
import { formatDuration, localMinute } from '../core/domain/time.ts';
import { label, t, type Locale } from '../core/i18n/messages.ts';
import { ratePercent } from '../core/rules/satisfaction.ts';
import { mailWord, type MailWord } from '../core/i18n/paperwork.ts';
import type { DailySummary } from '../core/domain/daily-summary.ts';
import { maskFreeText, maskName, maskPhone } from '../core/rules/masking.ts';
import { csvLine, REGISTER_COLUMNS, type RegisterRow } from './export-register.ts';

export interface DailyMailInput {
  unit: string;
  date: string;
  from: string;
  to: string;
  summary: DailySummary;
  /** the summary chart (PNG), inline in the HTML; none when it could not be drawn */
  chart: Buffer | null;
  /** the day's register lines, unmasked as the register reads them: masked here */
  register: RegisterRow[];
  /** the outbox key: the Message-ID is derived from it, so a resend is recognisably the same report */
  key: string;
  /** the report's moment (the summary time it was enqueued at): its Date header, the same on every retry */
  sentAt?: Date;
}

const CHART_CID = 'summary-chart@complaint-desk';

/** `[一分行 BR01] 2026-12-01 客户投诉日报` / `[First Branch BR01] 2026-12-01 daily complaint report` */
export function dailyMailSubject(roster: Roster, unit: string, date: string): string {
  const u = roster.unit(unit);
  return mailWord(roster.settings.locale, 'subject', { unit: u ? `${u.name} ${u.code}` : unit, date });
}

/** §3: a register line as a chat post would show it: the customer masked, digits and name masked in free text. */
function maskRegisterRow(row: RegisterRow): RegisterRow {
  const name = row.customerName || null;
  const free = (s: string | undefined) => (s ? maskFreeText(s, name) : '');
  return {
    ...row,
    customerName: maskName(row.customerName),
    customerPhone: maskPhone(row.customerPhone),
    matter: free(row.matter),
    request: free(row.request),
    timeline: free(row.timeline),
  };
}

/** The register as CSV text for the attachment: BOM, headers in the locale, CRLF (as `export` writes it). */
function registerCsv(rows: RegisterRow[], locale: Locale): Buffer {
  let s = '\uFEFF' + csvLine(REGISTER_COLUMNS.map((c) => c[locale]));
  for (const row of rows) s += csvLine(REGISTER_COLUMNS.map((c) => row[c.key] ?? ''));
  return Buffer.from(s, 'utf8');
}

const esc = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TABLE = 'border-collapse:collapse;margin:6px 0 14px 0;font-size:13px';
const TH = 'border:1px solid #9AA5B1;background:#EEF1F5;padding:3px 8px;text-align:left';
const TD = 'border:1px solid #9AA5B1;padding:3px 8px';

function table(head: string[], rows: (string | number)[][]): string {
  const h = head.map((x) => `<th style="${TH}">${esc(x)}</th>`).join('');
  const b = rows.map((r) => `<tr>${r.map((x) => `<td style="${TD}">${esc(x)}</td>`).join('')}</tr>`).join('');
  return `<table style="${TABLE}"><thead><tr>${h}</tr></thead><tbody>${b}</tbody></table>`;
}

/** The summary's tables as HTML (the same figures as the chat summary). */
export function summaryHtml(roster: Roster, s: DailySummary, withChart: boolean): string {
  const L = roster.settings.locale;
  const w = (k: MailWord, p: Record<string, string | number> = {}) => mailWord(L, k, p);
  const u = roster.unit(s.unit);
  const unitName = (code: string) => {
    const x = roster.unit(code);
    return x ? `${x.name}(${x.code})` : code;
  };
  const st = s.stats;
  const parts: string[] = [];
  parts.push(
    `<h2 style="font-size:18px">${esc(dailyMailSubject(roster, s.unit, s.date).replace(/^\[[^\]]*\]\s*/, `${u ? `${u.name}(${u.code})` : s.unit} `))}</h2>`,
  );
  parts.push(`<p>${esc(w('greeting', { unit: u ? `${u.name}(${u.code})` : s.unit, date: s.date }))}</p>`);
  // §16.1 the cutover phase at the report's moment
  if (s.phase) parts.push(`<p><b>${esc(t(L, 'label_phase'))}</b>: ${esc(s.phase)}</p>`);
  parts.push(`<h3>${esc(w('stats'))}</h3>`);
  if (s.window)
    parts.push(
      `<p>${esc(w('window', { from: localMinute(new Date(s.window.from), roster.settings.timezone), to: localMinute(new Date(s.window.to), roster.settings.timezone) }))}</p>`,
    );
  parts.push(
    table(
      [w('received'), w('resolved'), w('open'), w('overdue'), w('escalated'), w('carried_over'), w('carried_over_overdue')],
      [[st.received, st.resolved, st.open, st.overdue, st.escalated, st.carried_over ?? 0, st.carried_over_overdue ?? 0]],
    ),
  );
  // §16.5 the window's callbacks and satisfaction rate
  if (s.callbacks?.callbacks) {
    const cb = s.callbacks;
    parts.push(
      `<p>${esc(t(L, 'summary_callbacks', { n: cb.callbacks, satisfied: cb.satisfied, basically: cb.basically, unsatisfied: cb.unsatisfied, rate: ratePercent(cb.rate) ?? t(L, 'rate_none') }))}</p>`,
    );
  }
  parts.push(`<h3>${esc(w('by_class'))}</h3>`);
  parts.push(
    table(
      STAT_CLASSES.map((c) => label(L, 'class', c)),
      [STAT_CLASSES.map((c) => s.byClass[c])],
    ),
  );
  const resp = Object.entries(s.byResponsibility);
  if (resp.length) {
    parts.push(`<h3>${esc(w('by_responsibility'))}</h3>`);
    parts.push(
      table(
        resp.map(([k]) => label(L, 'fault', k)),
        [resp.map(([, n]) => n)],
      ),
    );
  }
  parts.push(`<h3>${esc(w('by_unit_category'))}</h3>`);
  parts.push(
    s.byUnitCategory.length
      ? table(
          [w('unit'), w('category'), w('count')],
          s.byUnitCategory.map((x) => [unitName(x.unit), label(L, 'category', x.category), x.count]),
        )
      : `<p>${esc(w('none'))}</p>`,
  );
  const comp = Object.entries(s.compliance).filter(([, v]) => v.on_time + v.late + v.open + v.overdue > 0);
  if (comp.length) {
    parts.push(`<h3>${esc(w('compliance'))}</h3>`);
    parts.push(
      table(
        [w('deadline'), w('on_time'), w('late'), w('not_due'), w('overdue_open')],
        comp.map(([k, v]) => [label(L, 'deadline', k), v.on_time, v.late, v.open, v.overdue]),
      ),
    );
  }
  if (s.escalations.length) {
    parts.push(`<h3>${esc(w('escalations'))}</h3>`);
    parts.push(
      table(
        [w('case'), w('reasons')],
        s.escalations.map((e) => [e.id, e.reasons.map((r) => label(L, 'reason', r)).join(L === 'zh-CN' ? '、' : ', ')]),
      ),
    );
  }
  if (s.openCases.length) {
    parts.push(`<h3>${esc(w('open_cases'))}</h3>`);
    parts.push(
      table(
        [w('case'), w('age'), w('owner'), w('is_overdue')],
        s.openCases.map((o) => [
          o.id,
          formatDuration(o.ageMinutes * 60_000, L),
          `@${o.owner}${o.handler && o.handler !== o.owner ? ` / @${o.handler}` : ''}`,
          o.overdue ? w('yes') : w('no'),
        ]),
      ),
    );
  }
  // §8 结转未办结: the subtree's older cases still open at the summary time
  if (s.carriedOver?.length) {
    parts.push(`<h3>${esc(w('carried_over'))}</h3>`);
    parts.push(
      table(
        [w('case'), w('age'), w('owner'), w('is_overdue')],
        s.carriedOver.map((o) => [
          o.id,
          formatDuration(o.ageMinutes * 60_000, L),
          `@${o.owner}${o.handler && o.handler !== o.owner ? ` / @${o.handler}` : ''}`,
          o.overdue ? w('yes') : w('no'),
        ]),
      ),
    );
  }
  if (s.lateTransfers.length) parts.push(`<p><b>${esc(w('late_transfers'))}</b>: ${esc(s.lateTransfers.join(', '))}</p>`);
  if (s.hotCategories.length)
    parts.push(
      `<p><b>${esc(w('hot_spots'))}</b>: ${esc(s.hotCategories.map((h) => `${label(L, 'category', h.category)} ${h.count}`).join(L === 'zh-CN' ? '，' : ', '))}</p>`,
    );
  if (withChart) parts.push(`<p><img src="cid:${CHART_CID}" alt="${esc(w('chart_alt'))}" style="max-width:100%"></p>`);
  parts.push(`<p>${esc(w('attachment'))}</p>`);
  parts.push(`<p style="color:#616E7C;font-size:12px">${esc(w('footer'))}</p>`);
  return `<!DOCTYPE html><html lang="${L}"><head><meta charset="utf-8"><title>${esc(dailyMailSubject(roster, s.unit, s.date))}</title></head><body style="font-family:'Microsoft YaHei','PingFang SC',sans-serif">${parts.join('\n')}</body></html>`;
}

/**
 * RFC 5322 §3.6.4: a globally unique `<id@domain>` under the sender's own domain. The unique part is the outbox key
 * (which report) and a digest of the key, the moment it was queued, sender and recipient: the same on every retry of
 * one report (a resend is recognisably the same message), different for any other desk, day or mailbox.
 */
export function messageId(m: Pick<DailyMailInput, 'key' | 'from' | 'to' | 'sentAt'>): string {
  const address = /<([^>]+)>/.exec(m.from)?.[1] ?? m.from;
  const domain = (address.split('@')[1] ?? '').trim().replace(/[^A-Za-z0-9.-]+/g, '') || 'complaint-desk.invalid';
  const digest = createHash('sha256')
    .update([m.key, m.sentAt?.toISOString() ?? '', m.from, m.to].join('\n'))
    .digest('hex')
    .slice(0, 24);
  return `<${m.key.replace(/[^A-Za-z0-9.-]+/g, '.')}.${digest}@${domain}>`;
}

/** The whole message, as nodemailer takes it. */
export function composeDailyMail(roster: Roster, m: DailyMailInput): Mail.Options {
  const L = roster.settings.locale;
  const u = roster.unit(m.unit);
  const unit = u ? u.code : m.unit;
  const register = m.register.map(maskRegisterRow);
  const text = [m.summary.text, '', mailWord(L, 'attachment'), '', mailWord(L, 'footer')].join('\n');
  const attachments: Mail.Attachment[] = [];
  if (m.chart)
    attachments.push({
      filename: `chart-${unit}-${m.date}.png`,
      content: m.chart,
      contentType: 'image/png',
      cid: CHART_CID,
      contentDisposition: 'inline',
    });
  attachments.push({
    filename: mailWord(L, 'register_name', { unit, date: m.date }),
    content: registerCsv(register, L),
    contentType: 'text/csv; charset=utf-8',
  });
  return {
    from: m.from,
    to: m.to,
    subject: dailyMailSubject(roster, m.unit, m.date),
    messageId: messageId(m),
    ...(m.sentAt ? { date: m.sentAt } : {}),
    text,
    html: summaryHtml(roster, m.summary, !!m.chart),
    attachments,
    // which unit and day, for the union mailbox's filing rules
    headers: { 'X-Complaint-Desk-Report': `${unit} ${m.date}` },
  };
}
