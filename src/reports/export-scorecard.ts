/** §16.5 `complaint-desk export --scorecard`: the scorecard as CSV (UTF-8 with BOM, like the register). */
import type { RenderCtx } from '../core/i18n/render.ts';
import { t } from '../core/i18n/messages.ts';
import { scorecardFigures, scorecardName } from '../core/i18n/clock-render.ts';
import type { Scorecard } from '../core/use-cases/build-scorecard.ts';
import { csvLine } from './export-register.ts';

/** The scorecard's CSV text: one line per unit, then per person and role; headers in the roster's locale. Returns it and its row count. */
export function scorecardCsv(r: RenderCtx, s: Scorecard): { text: string; rows: number } {
  const head = [
    t(r.locale, 'scorecard_col_scope'),
    t(r.locale, 'scorecard_col_name'),
    t(r.locale, 'scorecard_col_code'),
    ...t(r.locale, 'scorecard_head').split(' | '),
  ];
  let text = '\uFEFF' + csvLine(head);
  const rows = [...s.units, ...s.people];
  for (const row of rows) {
    const scope = t(
      r.locale,
      row.scope === 'unit' ? 'scorecard_scope_unit' : row.scope === 'owner' ? 'scorecard_as_owner' : 'scorecard_as_handler',
    );
    // a person by name (the role is the scope column, the handle the code column)
    const name = row.scope === 'unit' ? scorecardName(r, row) : (r.roster.member(row.key)?.name ?? row.key);
    text += csvLine([scope, name, row.key, ...scorecardFigures(row, r.locale).map(String)]);
  }
  return { text, rows: rows.length };
}
