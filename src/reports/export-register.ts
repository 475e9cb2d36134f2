/**
 * The complaint register (登记簿), §六.7: the written record the plan requires to be archived. Every case received
 * in a date range (local dates, roster time zone) in a unit's subtree, with every field, its class (§7),
 * deadline compliance per kind (§五) and its timeline. Customer PII appears in full here, and only here (§3).
 *
 * The command that writes it to a file is src/cli/export.ts.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Locale } from '../core/i18n/messages.ts';
import type { TimelineRecord } from '../core/domain/case.ts';
import type { RenderCtx } from '../core/i18n/render.ts';
import type { Roster } from '../core/domain/roster.ts';
import type { ReportQueries } from '../core/ports/report-queries.ts';
import { dayBounds } from '../core/domain/time.ts';
import { REGISTER_COLUMNS, registerRow, type RegisterRow } from './register-row.ts';

export { REGISTER_COLUMNS, registerRow, type RegisterRow } from './register-row.ts';

interface RegisterQuery {
  /** first and last local date, inclusive (YYYY-MM-DD) */
  from: string;
  to: string;
  unitCode: string;
  /** the moment deadlines and open cases are judged at */
  asOf: Date;
  /** exact bounds [from, to) instead of the dates' local days: a daily report's window (§8) */
  window?: { from: Date; to: Date };
}

/**
 * The register's lines in case-number order, `pageSize` cases per query (with their deadlines, timelines and
 * payments in one more read per page), so a long range never sits in memory at once.
 */
export async function* registerRows(
  reports: ReportQueries,
  roster: Roster,
  q: RegisterQuery,
  pageSize = 1000,
): AsyncGenerator<RegisterRow> {
  const r: RenderCtx = { roster, locale: roster.settings.locale, tz: roster.settings.timezone };
  const from = q.window?.from ?? dayBounds(q.from, r.tz).from;
  const to = q.window?.to ?? dayBounds(q.to, r.tz).to;
  const unitCodes = roster.subtree(q.unitCode).map((u) => u.code);
  if (!unitCodes.length) return;
  let after = 0;
  for (;;) {
    const page = await reports.casesReceived({ unitCodes, from, to, afterId: after, limit: pageSize });
    if (!page.length) return;
    const { deadlines, timeline, paidFen } = await reports.caseDetails(page.map((c) => c.id));
    const group = <T extends { caseId: number }>(xs: T[]) => {
      const m = new Map<number, T[]>();
      for (const x of xs) (m.get(x.caseId) ?? m.set(x.caseId, []).get(x.caseId)!).push(x);
      return m;
    };
    const dl = group(deadlines);
    const tl = group<TimelineRecord>(timeline);
    for (const c of page) yield registerRow(r, c, dl.get(c.id) ?? [], tl.get(c.id) ?? [], paidFen.get(c.id) ?? 0, q.asOf);
    after = page[page.length - 1].id;
    if (page.length < pageSize) return;
  }
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled. A field that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe, as does one
 * that already starts with apostrophes before such a character, so `csvUnguard` restores the text exactly.
 */
function csvCell(v: string): string {
  const s = /^'*[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Undoes the formula guard of `csvCell` on a parsed field. */
export const csvUnguard = (v: string): string => (/^''*[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

export const csvLine = (cells: string[]): string => cells.map(csvCell).join(',') + '\r\n';

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes the register as CSV (UTF-8 with a BOM so Excel reads the Chinese, CRLF line ends, headers in the
 * roster's locale) or as a JSON array of objects keyed by `REGISTER_COLUMNS[].key`. Returns the number of cases.
 */
export async function writeRegister(
  rows: AsyncIterable<RegisterRow>,
  format: 'csv' | 'json',
  locale: Locale,
  out: Writable,
): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    await write(out, '\uFEFF' + csvLine(REGISTER_COLUMNS.map((c) => c[locale])));
    for await (const row of rows) {
      await write(out, csvLine(REGISTER_COLUMNS.map((c) => row[c.key] ?? '')));
      n++;
    }
  } else {
    await write(out, '[');
    for await (const row of rows) {
      const ordered = Object.fromEntries(REGISTER_COLUMNS.map((c) => [c.key, row[c.key] ?? '']));
      await write(out, (n ? ',\n  ' : '\n  ') + JSON.stringify(ordered));
      n++;
    }
    await write(out, n ? '\n]\n' : ']\n');
  }
  return n;
}
