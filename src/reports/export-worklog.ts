/**
 * The work log (工作日志), §12 / §六.5, for the archive: a unit subtree's entries and handovers plus the bot's own case
 * events (opened, transferred, escalated, resolved, breached), in time order over a range of local dates. Written
 * whole (unmasked), like the register; the command is `complaint-desk export --worklog` (src/cli/export.ts).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { caseLabel } from '../core/domain/case.ts';
import type { Roster } from '../core/domain/roster.ts';
import { dayBounds, isoLocal } from '../core/domain/time.ts';
import { t, type Locale } from '../core/i18n/messages.ts';
import { actionText, type RenderCtx } from '../core/i18n/render.ts';
import type { DutyReads } from '../core/ports/duty.ts';
import type { CaseRepository } from '../core/ports/cases.ts';
import { LOGGED_ACTIONS } from '../core/use-cases/work-log.ts';
import { csvLine } from './export-register.ts';

export interface WorklogRow {
  at: string;
  unit: string;
  actor: string;
  kind: 'entry' | 'handover' | 'event';
  case: string;
  text: string;
}

export const WORKLOG_COLUMNS = ['at', 'unit', 'actor', 'kind', 'case', 'text'] as const;

/** Everything of the range at once: a work log is people's entries and a few events a case, not a register. */
const MAX = 1_000_000;

export async function worklogRows(
  store: DutyReads & Pick<CaseRepository, 'getCases'>,
  roster: Roster,
  q: { from: string; to: string; unitCode: string },
): Promise<WorklogRow[]> {
  const r: RenderCtx = { roster, locale: roster.settings.locale, tz: roster.settings.timezone };
  const from = dayBounds(q.from, r.tz).from;
  const to = dayBounds(q.to, r.tz).to;
  const unitCodes = roster.subtree(q.unitCode).map((u) => u.code);
  const [log, events] = await Promise.all([
    store.workLog({ unitCodes, from, to, limit: MAX }),
    store.caseEvents({ unitCodes, from, to, actions: [...LOGGED_ACTIONS], limit: MAX }),
  ]);
  // §12: a case event is filed under the case's unit (where the customer was served), as the query selects it
  const unitOf = new Map((await store.getCases([...new Set(events.events.map((e) => e.caseId))])).map((c) => [c.id, c.unitCode]));
  const rows: (WorklogRow & { t: number })[] = [
    ...log.entries.map((e) => ({
      t: e.at.getTime(),
      at: isoLocal(e.at, r.tz),
      unit: e.unitCode,
      actor: e.actor,
      kind: e.kind,
      case: '',
      text: e.text,
    })),
    ...events.events.map((e) => {
      const what = actionText(r, e.action, e.data, e.text);
      return {
        t: e.at.getTime(),
        at: isoLocal(e.at, r.tz),
        unit: unitOf.get(e.caseId) ?? '',
        actor: e.actor,
        kind: 'event' as const,
        case: caseLabel(e.caseId),
        text: e.text ? `${what}: ${e.text}` : what,
      };
    }),
  ];
  return rows.sort((a, b) => a.t - b.t).map(({ t: _t, ...row }) => row);
}

const write = async (out: Writable, s: string) => {
  if (!out.write(s)) await once(out, 'drain');
};

/** CSV (UTF-8 with BOM, for Excel) or JSON; returns how many rows. */
export async function writeWorklog(rows: WorklogRow[], format: 'csv' | 'json', locale: Locale, out: Writable): Promise<number> {
  if (format === 'csv') {
    await write(out, '\uFEFF' + csvLine(WORKLOG_COLUMNS.map((c) => t(locale, `wl_col_${c}`))));
    for (const row of rows)
      await write(out, csvLine(WORKLOG_COLUMNS.map((c) => (c === 'kind' ? t(locale, `wl_kind_${row.kind}`) : row[c]))));
  } else {
    await write(out, JSON.stringify(rows, null, 1).replace(/\n {1}/g, '\n  ') + '\n');
  }
  return rows.length;
}
