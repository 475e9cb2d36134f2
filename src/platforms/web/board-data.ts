/**
 * What the board reads, and the reads it makes: the injected data source (narrow: case reads, report queries and
 * the change cursor; never a database client) and the fragments built from it for one scope.
 */
import { caseLabel, type CaseRecord, type DeadlineRecord, type OutboxRecord } from '../../core/domain/case.ts';
import type { Roster, TUnit } from '../../core/domain/roster.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { CaseReads, CaseRepository } from '../../core/ports/cases.ts';
import type { ChangeFeed } from '../../core/ports/changes.ts';
import type { ReportQueries } from '../../core/ports/report-queries.ts';
import { reportDateAt } from '../../core/rules/report-window.ts';
import { showText, type RenderCtx } from '../../core/i18n/render.ts';
import type { DailySummary } from '../../core/domain/daily-summary.ts';
import { currentStatClass } from '../../core/rules/statistics.ts';
import { caseHtml, feedHtml, localeOf, rowHtml, rowKey, statsHtml, tilesHtml } from './board-view.ts';

/** The reads the board needs (a Store satisfies it). */
export type BoardSource = Pick<CaseReads, 'listCases' | 'countCases' | 'deadlinesOf'> &
  Pick<CaseRepository, 'getCases'> &
  Pick<ReportQueries, 'caseDetails'> &
  ChangeFeed;

export interface BoardDataDeps {
  roster: Roster;
  clock: Clock;
  source: BoardSource;
  /** §8's daily summary of a unit's subtree (the core's buildDailySummary) */
  summaryOf(unitCode: string, date: string, now: Date): Promise<DailySummary>;
  /** the summary's chart (PNG), as posted with the end-of-day summary */
  chartOf(summary: DailySummary, now: Date): Promise<Buffer>;
}

/** Boards of one scope refetch the chart after each summary event (at most every 2 s): one render serves them all. */
const CHART_REUSE_MS = 1500;

export interface RowUpdate {
  id: string;
  key: number;
  html: string;
}

/** One board scope: the units it shows, and the reads over them. */
export class BoardScope {
  readonly units: Set<string>;
  readonly codes: string[];
  constructor(
    readonly root: TUnit,
    private d: BoardDataDeps,
    readonly r: RenderCtx,
  ) {
    this.codes = d.roster.subtree(root.code).map((u) => u.code);
    this.units = new Set(this.codes);
  }

  has(c: Pick<CaseRecord, 'unitCode'>): boolean {
    return this.units.has(c.unitCode);
  }

  /** A page of open cases, the most urgent (earliest pending deadline) first. */
  async rows(offset: number, limit: number, now: Date): Promise<{ rows: string[]; total: number }> {
    const q = { unitCodes: this.codes, status: 'open' as const };
    const [cases, total] = await Promise.all([
      this.d.source.listCases({ ...q, order: 'urgency', offset, limit }),
      this.d.source.countCases(q),
    ]);
    const ds = groupDeadlines(await this.d.source.deadlinesOf(cases.map((c) => c.id)));
    return { rows: cases.map((c) => rowHtml(this.r, c, ds.get(c.id) ?? [], now)), total };
  }

  /** The escalation feed: the latest escalation posts about cases of this scope. */
  async feed(limit = 30): Promise<string> {
    const msgs = await this.d.source.latestChanges(['escalation'], 300);
    const ids = [...new Set(msgs.map((m) => m.caseId).filter((x): x is number => x != null))];
    const cases = new Map((await this.d.source.getCases(ids)).filter((c) => this.has(c)).map((c) => [c.id, c]));
    return feedHtml(this.r, msgs.filter((m) => m.caseId != null && cases.has(m.caseId)).slice(0, limit * 4), cases);
  }

  /** §8 the report in progress: "today" on the board is the window the next summary will cover (it holds `now`). */
  reportDate(now: Date): string {
    return reportDateAt(now, this.d.roster.settings.summary_time, this.r.tz);
  }

  /** Today's tiles (the scope and each unit right below it), statistic classes and the open count. */
  async summary(now: Date): Promise<{ tiles: string; stats: string; feed: string; total: number }> {
    const date = this.reportDate(now);
    const units = [this.root, ...this.d.roster.units.filter((u) => u.parent === this.root.code)];
    const sums = await Promise.all(units.map((u) => this.d.summaryOf(u.code, date, now)));
    const [feed, total] = await Promise.all([this.feed(), this.d.source.countCases({ unitCodes: this.codes, status: 'open' })]);
    return {
      tiles: tilesHtml(
        this.r,
        units.map((unit, i) => ({ unit, stats: sums[i].stats })),
      ),
      stats: statsHtml(this.r, sums[0]),
      feed,
      total,
    };
  }

  private chartCache: { at: number; png: Promise<Buffer> } | null = null;

  /** The day's chart; rendered once for every board of the scope that asks within `CHART_REUSE_MS`. */
  chart(now: Date): Promise<Buffer> {
    const c = this.chartCache;
    if (c && Date.now() - c.at < CHART_REUSE_MS) return c.png;
    const png = this.d.summaryOf(this.root.code, this.reportDate(now), now).then((s) => this.d.chartOf(s, now));
    this.chartCache = { at: Date.now(), png };
    png.catch(() => (this.chartCache = null));
    return png;
  }

  /** A case's card and timeline, or null when it is not in this scope. */
  async caseDetail(id: number, now: Date): Promise<string | null> {
    const [c] = await this.d.source.getCases([id]);
    if (!c || !this.has(c)) return null;
    const det = await this.d.source.caseDetails([id]);
    const ds = det.deadlines.filter((d) => d.caseId === id);
    const cls = currentStatClass(c, ds, now);
    return caseHtml(
      this.r,
      caseLabel(c.id),
      showText(
        this.r,
        c,
        ds,
        det.timeline.filter((t) => t.caseId === id),
        cls,
        det.paidFen.get(id) ?? 0,
        now,
      ),
    );
  }
}

function groupDeadlines(ds: DeadlineRecord[]): Map<number, DeadlineRecord[]> {
  const m = new Map<number, DeadlineRecord[]>();
  for (const d of ds) {
    const l = m.get(d.caseId);
    if (l) l.push(d);
    else m.set(d.caseId, [d]);
  }
  return m;
}

/** A batch of changes read once for every scope: the cases it touched, with their deadlines. */
export class ChangeBatch {
  private constructor(
    readonly msgs: OutboxRecord[],
    readonly cases: Map<number, CaseRecord>,
    readonly deadlines: Map<number, DeadlineRecord[]>,
  ) {}

  static async load(source: BoardSource, msgs: OutboxRecord[]): Promise<ChangeBatch> {
    const ids = [...new Set(msgs.map((m) => m.caseId).filter((x): x is number => x != null))];
    const [cases, ds] = ids.length ? await Promise.all([source.getCases(ids), source.deadlinesOf(ids)]) : [[], []];
    return new ChangeBatch(msgs, new Map(cases.map((c) => [c.id, c])), groupDeadlines(ds));
  }

  /** What changed for one scope: rows to show again, cases gone from the open list, whether counts may have moved. */
  forScope(s: BoardScope, now: Date, rendered: Map<number, RowUpdate>): { rows: RowUpdate[]; gone: string[]; touched: boolean } {
    const rows: RowUpdate[] = [];
    const gone: string[] = [];
    let touched = false;
    for (const c of this.cases.values()) {
      if (!s.has(c)) continue;
      touched = true;
      if (c.status === 'resolved') {
        gone.push(caseLabel(c.id));
        continue;
      }
      let row = rendered.get(c.id);
      if (!row) {
        const ds = this.deadlines.get(c.id) ?? [];
        row = { id: caseLabel(c.id), key: rowKey(c, ds), html: rowHtml(s.r, c, ds, now) };
        rendered.set(c.id, row);
      }
      rows.push(row);
    }
    // a summary for a unit of this scope (or above it) moves the day's figures too
    if (!touched)
      touched = this.msgs.some((m) => m.kind === 'summary' && m.toUnit != null && (s.units.has(m.toUnit) || s.root.code === m.toUnit));
    return { rows, gone, touched };
  }
}

export const renderCtx = (roster: Roster): RenderCtx => ({ roster, locale: localeOf(roster), tz: roster.settings.timezone });
