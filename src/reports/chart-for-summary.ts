import type { ReportQueries } from '../core/ports/report-queries.ts';
import type { DailySummary } from '../core/domain/daily-summary.ts';
import type { Roster } from '../core/domain/roster.ts';
import { loadHourlyCounts } from './hourly.ts';

/** The PNG that goes with a summary post (§8): rendered when the post is delivered, by any front end. */
export async function chartForSummary(
  reports: ReportQueries,
  roster: Roster,
  summary: DailySummary,
): Promise<{ png: Buffer; filename: string; cjk: boolean }> {
  const hourly = await loadHourlyCounts(reports, roster, { unitCode: summary.unit, date: summary.date });
  // Skia (@napi-rs/canvas, a native module and its fonts) loads with the first chart, not at every start
  const { renderSummaryChart } = await import('./summary-chart.ts');
  const chart = await renderSummaryChart(summary, hourly, {
    locale: roster.settings.locale,
    unitName: (code) => roster.unit(code)?.name,
  });
  return { png: chart.png, filename: `summary-${summary.unit}-${summary.date}.png`, cjk: chart.cjk };
}
