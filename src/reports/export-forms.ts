/**
 * The archive's forms (§14, §三.1 "存档备查"): `complaint-desk export --forms --from --to [--unit] [--out DIR]` writes
 * one handling form per case received in the range in the unit's subtree, unmasked (this is the written record
 * the plan keeps), as `DIR/C12.pdf`. Read through the report-query port a page of cases at a time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { caseLabel, type TimelineRecord } from '../core/domain/case.ts';
import type { Roster } from '../core/domain/roster.ts';
import { dayBounds } from '../core/domain/time.ts';
import type { ReportQueries } from '../core/ports/report-queries.ts';
import { renderCaseForm } from './case-form.ts';
import { writeFileAtomic } from './form-files.ts';

export const DEFAULT_FORMS_EXPORT_DIR = join('data', 'exports', 'forms');

export interface FormsQuery {
  /** first and last local date, inclusive (YYYY-MM-DD) */
  from: string;
  to: string;
  unitCode: string;
  /** the moment deadlines and open cases are judged at */
  asOf: Date;
  dir: string;
}

/** Writes the forms; returns how many, with the total size. `onForm` hears of each file written. */
export async function exportForms(
  reports: ReportQueries,
  roster: Roster,
  q: FormsQuery,
  onForm?: (path: string, bytes: number) => void,
  pageSize = 100,
): Promise<{ count: number; bytes: number }> {
  const tz = roster.settings.timezone;
  const from = dayBounds(q.from, tz).from;
  const to = dayBounds(q.to, tz).to;
  const unitCodes = roster.subtree(q.unitCode).map((u) => u.code);
  mkdirSync(q.dir, { recursive: true });
  let count = 0;
  let bytes = 0;
  let after = 0;
  for (;;) {
    const page = unitCodes.length ? await reports.casesReceived({ unitCodes, from, to, afterId: after, limit: pageSize }) : [];
    if (!page.length) break;
    const d = await reports.caseDetails(page.map((c) => c.id));
    for (const c of page) {
      const pdf = await renderCaseForm(
        roster,
        {
          case: c,
          deadlines: d.deadlines.filter((x) => x.caseId === c.id),
          timeline: d.timeline.filter((x: TimelineRecord) => x.caseId === c.id),
          paidFen: d.paidFen.get(c.id) ?? 0,
        },
        { masked: false, asOf: q.asOf },
      );
      const path = join(q.dir, `${caseLabel(c.id)}.pdf`);
      writeFileAtomic(path, pdf);
      count++;
      bytes += pdf.length;
      onForm?.(path, pdf.length);
    }
    after = page[page.length - 1].id;
    if (page.length < pageSize) break;
  }
  return { count, bytes };
}
