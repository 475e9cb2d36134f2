import type { ReportQueries } from '../ports/report-queries.ts';
import type { Roster } from '../domain/roster.ts';
import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../domain/case.ts';
import { dayBounds } from '../domain/time.ts';
import { isBreached } from '../rules/sla.ts';
import { statClass } from '../rules/statistics.ts';
import { callbackFigures, type CallbackResult } from '../rules/satisfaction.ts';

/** §16.5 one line of the scorecard: a unit, or a person as owner or as handler. */
export interface ScorecardRow {
  scope: 'unit' | 'owner' | 'handler';
  /** a unit code, or a handle */
  key: string;
  cases: number;
  resolved: number;
  overdue: number;
  atFault: number;
  complaint: number;
  callbacks: number;
  /** 0–1, null without callbacks */
  satisfaction: number | null;
}

export interface Scorecard {
  unit: string;
  from: string;
  to: string;
  units: ScorecardRow[];
  people: ScorecardRow[];
}

/** The case facts a scorecard counts. */
interface Counted {
  c: CaseRecord;
  resolved: boolean;
  overdue: boolean;
  atFault: boolean;
  complaint: boolean;
  callback: CallbackResult | undefined;
}

const PAGE = 500;

/**
 * §16.5 (§三.3 "回复客户满意率与绩效挂钩"): per unit and per person (as first-responsible owner and as handler), over
 * the cases received from `from` to `to` (local dates, both included) in the unit's subtree: cases, resolved,
 * overdue (a deadline breached, a late transfer included), at fault, counted as complaint (§7: the plan's
 * accountability triggers), callbacks (the latest per case) and the satisfaction rate.
 */
export async function buildScorecard(
  src: { store: Pick<ReportQueries, 'casesReceived' | 'caseDetails'>; roster: Roster },
  q: { unitCode: string; from: string; to: string; now: Date },
): Promise<Scorecard> {
  const tz = src.roster.settings.timezone;
  const start = dayBounds(q.from, tz).from;
  const end = dayBounds(q.to, tz).to;
  const unitCodes = src.roster.subtree(q.unitCode).map((u) => u.code);
  const counted: Counted[] = [];
  for (let after = 0; ;) {
    const page = await src.store.casesReceived({ unitCodes, from: start, to: end, afterId: after, limit: PAGE });
    if (!page.length) break;
    const details = await src.store.caseDetails(page.map((c) => c.id));
    const ds = group(details.deadlines);
    const tl = group(details.timeline);
    for (const c of page) counted.push(count(c, ds.get(c.id) ?? [], tl.get(c.id) ?? [], q.now));
    after = page[page.length - 1].id;
    if (page.length < PAGE) break;
  }
  const rows = (scope: ScorecardRow['scope'], keyOf: (x: Counted) => string | null): ScorecardRow[] => {
    const by = new Map<string, Counted[]>();
    for (const x of counted) {
      const k = keyOf(x);
      if (k) by.set(k, [...(by.get(k) ?? []), x]);
    }
    return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, xs]) => row(scope, key, xs));
  };
  const units = rows('unit', (x) => x.c.unitCode);
  const order = new Map(unitCodes.map((u, i) => [u, i]));
  units.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  // the subtree as a whole first
  if (counted.length) units.unshift(row('unit', `${q.unitCode}*`, counted));
  const people = [...rows('owner', (x) => x.c.ownerHandle), ...rows('handler', (x) => x.c.handlerHandle)].sort(
    (a, b) => a.key.localeCompare(b.key) || (a.scope === 'owner' ? -1 : 1),
  );
  return { unit: q.unitCode, from: q.from, to: q.to, units, people };
}

function group<T extends { caseId: number }>(xs: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const x of xs) m.set(x.caseId, [...(m.get(x.caseId) ?? []), x]);
  return m;
}

function count(c: CaseRecord, ds: DeadlineRecord[], tl: TimelineRecord[], now: Date): Counted {
  const resolved = c.status === 'resolved';
  const cls = c.statClass && resolved ? c.statClass : statClass(c, ds, now);
  const callbacks = tl.filter((e) => e.action === 'callback' && e.data?.result);
  return {
    c,
    resolved,
    overdue: c.breached || c.lateTransfer || ds.some((d) => isBreached(d, now)),
    atFault: c.responsibility === 'at_fault',
    complaint: cls === 'complaint',
    callback: callbacks.length ? callbacks[callbacks.length - 1].data!.result : undefined,
  };
}

function row(scope: ScorecardRow['scope'], key: string, xs: Counted[]): ScorecardRow {
  const f = callbackFigures(xs.map((x) => ({ caseId: x.c.id, result: x.callback })));
  return {
    scope,
    key,
    cases: xs.length,
    resolved: xs.filter((x) => x.resolved).length,
    overdue: xs.filter((x) => x.overdue).length,
    atFault: xs.filter((x) => x.atFault).length,
    complaint: xs.filter((x) => x.complaint).length,
    callbacks: f.callbacks,
    satisfaction: f.rate,
  };
}
