import { STAT_CLASSES, type StatClass } from '../domain/categories.ts';
import type { DeskContext } from './desk-context.ts';
import { caseLabel, type DeadlineKind, type SummaryStats } from '../domain/case.ts';
import { formatDuration, localMinute } from '../domain/time.ts';
import { reportWindow } from '../rules/report-window.ts';
import { classFromFlags } from '../rules/statistics.ts';
import { shiftsAround } from './duty-shifts.ts';
import { summaryTitle } from '../i18n/render.ts';
import { callbackFigures, ratePercent, type CallbackFigures } from '../rules/satisfaction.ts';
import type { DailySummary } from '../domain/daily-summary.ts';
import { phaseText } from '../i18n/clock-render.ts';

/** §16.5: the callbacks recorded in [from, to) on the cases of these units (the latest per case). */
export async function callbacksBetween(ctx: DeskContext, unitCodes: string[], from: Date, to: Date): Promise<CallbackFigures> {
  if (!unitCodes.length || to <= from) return callbackFigures([]);
  const { events } = await ctx.deps.store.caseEvents({ unitCodes, from, to, actions: ['callback'], limit: 1_000_000 });
  return callbackFigures(events.map((e) => ({ caseId: e.caseId, result: e.data?.result })));
}

const KINDS: DeadlineKind[] = ['onsite', 'reply', 'report', 'start', 'transfer'];

/**
 * §8: the day's summary for a unit's subtree: cases received in the report's window (after the previous summary time,
 * up to the day's), their classes, compliance, escalations, open and overdue cases, and the cases carried over (received
 * before the window, still open). Computed by database aggregation (counts grouped by unit × category, by the flags
 * the class depends on, by deadline kind and outcome), never by loading every case. State is taken as of `now` or
 * the day's summary time, whichever is earlier.
 */
export async function buildDailySummary(
  ctx: DeskContext,
  q: { unitCode: string; date: string; now: Date; listLimit?: number },
): Promise<DailySummary> {
  const { tz } = ctx.r;
  const { from, to } = reportWindow(q.date, ctx.roster.settings.summary_time, tz);
  const asOf = q.now < to ? q.now : to;
  const unitCodes = ctx.roster.subtree(q.unitCode).map((u) => u.code);
  const sq = { unitCodes, from, to, asOf, listLimit: q.listLimit ?? 50 };
  const a = await ctx.deps.store.summaryAggregates(sq);
  const carried = await ctx.deps.store.carriedOver(sq);
  // §12: the window's shifts (up to the summary's moment) and work-log entries of the subtree
  const dayShifts = asOf > from ? await shiftsAround(ctx, ctx.deps.store, from, asOf) : [];
  const inTree = new Set(unitCodes);
  const duty = unitCodes
    .map((unit) => ({
      unit,
      handles: [...new Set(dayShifts.filter((s) => s.unit === unit && inTree.has(s.unit)).flatMap((s) => s.handles))],
    }))
    .filter((d) => d.handles.length);
  const logEntries = asOf > from ? (await ctx.deps.store.workLog({ unitCodes, from, to: asOf, kinds: ['entry'], limit: 0 })).total : 0;
  const callbacks = await callbacksBetween(ctx, unitCodes, from, asOf);
  const stats: SummaryStats = {
    received: 0,
    open: 0,
    resolved: a.resolved,
    not_counted: 0,
    consultation: 0,
    complaint: 0,
    overdue: 0,
    escalated: 0,
    carried_over: carried.count,
    carried_over_overdue: carried.overdue,
    callbacks: callbacks.callbacks,
    satisfaction: callbacks.rate,
  };
  const byClass = Object.fromEntries(STAT_CLASSES.map((c) => [c, 0])) as Record<StatClass, number>;
  for (const f of a.byFlags) {
    stats.received += f.count;
    const cls = classFromFlags(f);
    byClass[cls] += f.count;
    stats[cls] += f.count;
    if (f.breached || f.lateTransfer) stats.overdue += f.count;
    if (f.escalated) stats.escalated += f.count;
  }
  stats.open = stats.received - stats.resolved;
  const compliance: DailySummary['compliance'] = {};
  for (const k of KINDS) {
    const v = {
      on_time: a.deadlines.on_time[k] ?? 0,
      late: a.deadlines.late[k] ?? 0,
      open: a.deadlines.open[k] ?? 0,
      overdue: a.deadlines.overdue[k] ?? 0,
    };
    // §五: the transfer deadline is only measured when a transfer happened
    if (k === 'transfer') Object.assign(v, { open: 0, overdue: 0 });
    compliance[k] = v;
  }
  const hotCat = new Map<string, number>();
  const hotUnit = new Map<string, number>();
  const focus = { cash: 0, card: 0, personal: 0 };
  for (const r of a.byUnitCategory) {
    hotCat.set(r.category, (hotCat.get(r.category) ?? 0) + r.count);
    hotUnit.set(r.unit, (hotUnit.get(r.unit) ?? 0) + r.count);
    // §六.7 focus groups: cash customers, card holders, personal business (setting `focus_groups`)
    for (const [k, cats] of Object.entries(ctx.roster.settings.focus_groups) as [keyof typeof focus, string[]][])
      if (cats.includes(r.category)) focus[k] += r.count;
  }
  const listed = (c: { id: number; receivedAt: Date; ownerHandle: string; handlerHandle: string | null; overdue: boolean }) => ({
    id: caseLabel(c.id),
    ageMinutes: Math.round((asOf.getTime() - c.receivedAt.getTime()) / 60_000),
    owner: c.ownerHandle,
    handler: c.handlerHandle,
    overdue: c.overdue,
  });
  const top = (m: Map<string, number>) => [...m.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 3);
  const s: DailySummary = {
    unit: ctx.roster.unit(q.unitCode)!.code,
    date: q.date,
    stats,
    byUnitCategory: a.byUnitCategory.sort((x, y) => x.unit.localeCompare(y.unit) || x.category.localeCompare(y.category)),
    byClass,
    byResponsibility: a.byResponsibility,
    compliance,
    escalations: a.escalations.map((e) => ({ id: caseLabel(e.id), reasons: e.reasons })),
    openCases: a.openCases.map(listed),
    carriedOver: carried.cases.map(listed),
    window: { from: from.toISOString(), to: to.toISOString(), asOf: asOf.toISOString() },
    lateTransfers: a.lateTransfers.map(caseLabel),
    hotCategories: top(hotCat).map(([category, count]) => ({ category, count })),
    hotUnits: top(hotUnit).map(([unit, count]) => ({ unit, count })),
    focusGroups: focus,
    duty,
    logEntries,
    callbacks,
    phase: phaseText(ctx.r, asOf),
    text: '',
  };
  s.text = summaryText(ctx, s, { from, to });
  return s;
}

/** How many listed cases the text names (the rest is counted). */
const TEXT_LIST = 20;

function summaryText(ctx: DeskContext, s: DailySummary, { from, to }: { from: Date; to: Date }): string {
  const L = (g: string, v: string) => ctx.label(g, v);
  const sep = ctx.t('sum_sep');
  const st = s.stats;
  const listed = (cases: DailySummary['openCases'], total: number) =>
    cases
      .slice(0, TEXT_LIST)
      .map(
        (o) =>
          `${o.id} ${formatDuration(o.ageMinutes * 60_000, ctx.locale)} @${o.owner}${o.handler && o.handler !== o.owner ? `/@${o.handler}` : ''}${o.overdue ? ctx.t('sum_overdue_mark') : ''}`,
      )
      .join(sep) + (total > TEXT_LIST ? ctx.t('sum_more', { n: total - Math.min(TEXT_LIST, cases.length) }) : '');
  const lines = [
    ctx.t('sum_headline', { title: summaryTitle(ctx.locale, s, ctx.roster.unit(s.unit)?.name) }),
    ...(s.phase ? [`${ctx.t('label_phase')}: ${s.phase}`] : []),
    ctx.t('sum_window', { from: localMinute(from, ctx.r.tz), to: localMinute(to, ctx.r.tz) }),
    ctx.t('sum_counts', { received: st.received, resolved: st.resolved, open: st.open, overdue: st.overdue, escalated: st.escalated }),
    ctx.t('sum_classes', { list: STAT_CLASSES.map((c) => `${L('class', c)} ${s.byClass[c]}`).join(sep) }),
  ];
  if (Object.keys(s.byResponsibility).length)
    lines.push(
      ctx.t('sum_responsibility', {
        list: Object.entries(s.byResponsibility)
          .map(([k, n]) => `${L('fault', k)} ${n}`)
          .join(sep),
      }),
    );
  if (s.byUnitCategory.length)
    lines.push(
      ctx.t('sum_by_unit_category', { list: s.byUnitCategory.map((x) => `${x.unit}·${L('category', x.category)} ${x.count}`).join(sep) }),
    );
  const comp = Object.entries(s.compliance)
    .filter(([, v]) => v.on_time + v.late + v.open + v.overdue > 0)
    .map(([k, v]) => ctx.t('sum_compliance_item', { deadline: L('deadline', k), ...v }));
  if (comp.length) lines.push(ctx.t('sum_compliance', { list: comp.join(ctx.t('fmt_list_sep')) }));
  if (s.escalations.length)
    lines.push(
      ctx.t('sum_escalations', { list: s.escalations.map((e) => `${e.id}(${e.reasons.map((r) => L('reason', r)).join('/')})`).join(sep) }),
    );
  if (s.lateTransfers.length) lines.push(ctx.t('sum_late_transfers', { list: s.lateTransfers.join(sep) }));
  if (s.openCases.length) lines.push(ctx.t('sum_open_cases', { list: listed(s.openCases, st.open) }));
  // §8 结转未办结: said even when there is none, so "open 0" is never read as "all clear" while older cases are open
  lines.push(
    st.carried_over
      ? ctx.t('sum_carried', {
          count: st.carried_over,
          overdue: st.carried_over_overdue,
          list: listed(s.carriedOver ?? [], st.carried_over),
        })
      : ctx.t('sum_carried_none'),
  );
  if (s.hotCategories.length)
    lines.push(
      ctx.t('sum_hot', {
        categories: s.hotCategories.map((h) => `${L('category', h.category)} ${h.count}`).join(sep),
        units: s.hotUnits.map((h) => `${h.unit} ${h.count}`).join(sep),
        focus: ctx.t('sum_focus', s.focusGroups),
      }),
    );
  if (s.duty?.length)
    lines.push(
      ctx.t('sum_duty', { list: s.duty.map((d) => `${d.unit} ${d.handles.map((h) => `@${h}`).join(' ')}`).join(ctx.t('fmt_list_sep')) }),
    );
  if (s.logEntries) lines.push(ctx.t('sum_log', { n: s.logEntries }));
  if (s.callbacks?.callbacks)
    lines.push(
      ctx.t('summary_callbacks', {
        n: s.callbacks.callbacks,
        satisfied: s.callbacks.satisfied,
        basically: s.callbacks.basically,
        unsatisfied: s.callbacks.unsatisfied,
        rate: ratePercent(s.callbacks.rate) ?? ctx.t('rate_none'),
      }),
    );
  return lines.join('\n');
}
