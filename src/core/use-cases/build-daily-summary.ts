import { STAT_CLASSES, type StatClass } from '../domain/categories.ts';
import type { DeskContext } from './desk-context.ts';
import { caseLabel, type DeadlineKind, type SummaryStats } from '../domain/case.ts';
import { dayBounds, formatDuration } from '../domain/time.ts';
import { classFromFlags } from '../rules/statistics.ts';
import { shiftsAround } from './duty-shifts.ts';
import type { DailySummary } from '../domain/daily-summary.ts';

const KINDS: DeadlineKind[] = ['onsite', 'reply', 'report', 'start', 'transfer'];

/**
 * §8: the day's summary for a unit's subtree: cases received that (local) day, their classes, compliance,
 * escalations, open and overdue cases. Computed by database aggregation (counts grouped by unit × category,
 * by the flags the class depends on, by deadline kind and outcome), never by loading every case. State is
 * taken as of `now` or the end of that day, whichever is earlier.
 */
export async function buildDailySummary(ctx: DeskContext, q: { unitCode: string; date: string; now: Date; listLimit?: number }): Promise<DailySummary> {
  const { tz } = ctx.r;
  const { from, to } = dayBounds(q.date, tz);
  const asOf = q.now < to ? q.now : to;
  const unitCodes = ctx.roster.subtree(q.unitCode).map((u) => u.code);
  const a = await ctx.deps.store.summaryAggregates({ unitCodes, from, to, asOf, listLimit: q.listLimit ?? 50 });
  // §12: the day's shifts (up to the summary's moment) and work-log entries of the subtree
  const dayShifts = asOf > from ? await shiftsAround(ctx, ctx.deps.store, from, asOf) : [];
  const inTree = new Set(unitCodes);
  const duty = unitCodes
    .map((unit) => ({ unit, handles: [...new Set(dayShifts.filter((s) => s.unit === unit && inTree.has(s.unit)).flatMap((s) => s.handles))] }))
    .filter((d) => d.handles.length);
  const logEntries = asOf > from ? (await ctx.deps.store.workLog({ unitCodes, from, to: asOf, kinds: ['entry'], limit: 0 })).total : 0;
  const stats: SummaryStats = { received: 0, open: 0, resolved: a.resolved, not_counted: 0, consultation: 0, complaint: 0, overdue: 0, escalated: 0 };
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
    const v = { on_time: a.deadlines.on_time[k] ?? 0, late: a.deadlines.late[k] ?? 0, open: a.deadlines.open[k] ?? 0, overdue: a.deadlines.overdue[k] ?? 0 };
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
    for (const [k, cats] of Object.entries(ctx.roster.settings.focus_groups) as [keyof typeof focus, string[]][]) if (cats.includes(r.category)) focus[k] += r.count;
  }
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
    openCases: a.openCases.map((c) => ({
      id: caseLabel(c.id),
      ageMinutes: Math.round((asOf.getTime() - c.receivedAt.getTime()) / 60_000),
      owner: c.ownerHandle,
      handler: c.handlerHandle,
      overdue: c.overdue,
    })),
    lateTransfers: a.lateTransfers.map(caseLabel),
    hotCategories: top(hotCat).map(([category, count]) => ({ category, count })),
    hotUnits: top(hotUnit).map(([unit, count]) => ({ unit, count })),
    focusGroups: focus,
    duty,
    logEntries,
    text: '',
  };
  s.text = summaryText(ctx, s);
  return s;
}

function summaryText(ctx: DeskContext, s: DailySummary): string {
  const zh = ctx.locale === 'zh-CN';
  const u = ctx.roster.unit(s.unit)!;
  const L = (g: string, v: string) => ctx.label(g, v);
  const sep = zh ? '，' : ', ';
  const st = s.stats;
  const lines = [
    zh ? `【${u.name}(${u.code}) ${s.date} 投诉日报】` : `[${u.name} (${u.code}) daily complaint summary ${s.date}]`,
    zh
      ? `受理 ${st.received} 件，办结 ${st.resolved} 件，未办结 ${st.open} 件，超时 ${st.overdue} 件，升级 ${st.escalated} 件。`
      : `Received ${st.received}, resolved ${st.resolved}, open ${st.open}, overdue ${st.overdue}, escalated ${st.escalated}.`,
    (zh ? '统计口径：' : 'Statistic class: ') + STAT_CLASSES.map((c) => `${L('class', c)} ${s.byClass[c]}`).join(sep),
  ];
  if (Object.keys(s.byResponsibility).length)
    lines.push((zh ? '责任认定：' : 'Responsibility: ') + Object.entries(s.byResponsibility).map(([k, n]) => `${L('fault', k)} ${n}`).join(sep));
  if (s.byUnitCategory.length)
    lines.push(
      (zh ? '分单位分类别：' : 'By unit and category: ') +
        s.byUnitCategory.map((x) => `${x.unit}·${L('category', x.category)} ${x.count}`).join(sep),
    );
  const comp = Object.entries(s.compliance)
    .filter(([, v]) => v.on_time + v.late + v.open + v.overdue > 0)
    .map(([k, v]) =>
      zh
        ? `${L('deadline', k)} 按时${v.on_time}/超时完成${v.late}/未到期${v.open}/已超时${v.overdue}`
        : `${L('deadline', k)} on time ${v.on_time}, late ${v.late}, open ${v.open}, overdue ${v.overdue}`,
    );
  if (comp.length) lines.push((zh ? '时限执行：' : 'Deadlines: ') + comp.join(zh ? '；' : '; '));
  if (s.escalations.length)
    lines.push(
      (zh ? '升级案件：' : 'Escalations: ') +
        s.escalations.map((e) => `${e.id}(${e.reasons.map((r) => L('reason', r)).join('/')})`).join(sep),
    );
  if (s.lateTransfers.length) lines.push((zh ? '移交超时：' : 'Late transfers: ') + s.lateTransfers.join(sep));
  if (s.openCases.length)
    lines.push(
      (zh ? '未办结案件：' : 'Open cases: ') +
        s.openCases
          .slice(0, 20)
          .map((o) => `${o.id} ${formatDuration(o.ageMinutes * 60_000, ctx.locale)} @${o.owner}${o.handler && o.handler !== o.owner ? `/@${o.handler}` : ''}${o.overdue ? (zh ? ' 已超时' : ' overdue') : ''}`)
          .join(sep) +
        (s.stats.open > 20 ? ` …(+${s.stats.open - Math.min(20, s.openCases.length)})` : ''),
    );
  if (s.hotCategories.length)
    lines.push(
      (zh ? '热点：' : 'Hot spots: ') +
        s.hotCategories.map((h) => `${L('category', h.category)} ${h.count}`).join(sep) +
        ' | ' +
        s.hotUnits.map((h) => `${h.unit} ${h.count}`).join(sep) +
        (zh
          ? ` | 重点客群：现金客户 ${s.focusGroups.cash}，持卡客户 ${s.focusGroups.card}，个人业务 ${s.focusGroups.personal}`
          : ` | focus groups: cash ${s.focusGroups.cash}, card holders ${s.focusGroups.card}, personal ${s.focusGroups.personal}`),
    );
  if (s.duty?.length)
    lines.push(ctx.t('sum_duty', { list: s.duty.map((d) => `${d.unit} ${d.handles.map((h) => `@${h}`).join(' ')}`).join(ctx.t('fmt_list_sep')) }));
  if (s.logEntries) lines.push(ctx.t('sum_log', { n: s.logEntries }));
  return lines.join('\n');
}
