import { STAT_CLASSES, type StatClass } from '../categories.ts';
import type { DeskContext } from '../cases/desk-context.ts';
import { caseLabel, type DeadlineKind, type SummaryStats } from '../model.ts';
import { compliance, isBreached } from '../sla.ts';
import { statClass } from '../statistics.ts';
import { dayBounds, formatDuration } from '../time.ts';

export interface DailySummary {
  unit: string;
  date: string;
  stats: SummaryStats;
  byUnitCategory: { unit: string; category: string; count: number }[];
  byClass: Record<StatClass, number>;
  byResponsibility: Record<string, number>;
  compliance: Record<string, { on_time: number; late: number; open: number; overdue: number }>;
  escalations: { id: string; reasons: string[] }[];
  openCases: { id: string; ageMinutes: number; owner: string; handler: string | null; overdue: boolean }[];
  lateTransfers: string[];
  hotCategories: { category: string; count: number }[];
  hotUnits: { unit: string; count: number }[];
  focusGroups: { cash: number; card: number; personal: number };
  text: string;
}

const KINDS: DeadlineKind[] = ['onsite', 'reply', 'report', 'start', 'transfer'];
/** §六.7 focus groups: cash customers, card holders, personal business. */
const FOCUS = {
  cash: ['urgent_cash', 'atm', 'transaction'],
  card: ['loss_report', 'atm', 'customer_info'],
  personal: ['general', 'cutover', 'loss_report', 'urgent_cash', 'atm', 'customer_info', 'transaction', 'waiting'],
};

/**
 * §8: the day's summary for a unit's subtree: cases received that (local) day, their classes, compliance,
 * escalations, open and overdue cases. State is taken as of `now` or the end of that day, whichever is earlier.
 */
export async function buildDailySummary(ctx: DeskContext, q: { unitCode: string; date: string; now: Date }): Promise<DailySummary> {
  const { tz } = ctx.r;
  const { from, to } = dayBounds(q.date, tz);
  const asOf = q.now < to ? q.now : to;
  const unitCodes = ctx.roster.subtree(q.unitCode).map((u) => u.code);
  const rows = await ctx.deps.store.summaryRows({ unitCodes, from, to, asOf });
  const dlByCase = new Map<number, typeof rows.deadlines>();
  for (const d of rows.deadlines) {
    const list = dlByCase.get(d.caseId) ?? [];
    list.push(d);
    dlByCase.set(d.caseId, list);
  }
  const stats: SummaryStats = { received: 0, open: 0, resolved: 0, not_counted: 0, consultation: 0, complaint: 0, overdue: 0, escalated: 0 };
  const byUC = new Map<string, number>();
  const byClass = Object.fromEntries(STAT_CLASSES.map((c) => [c, 0])) as Record<StatClass, number>;
  const byResp: Record<string, number> = {};
  const comp: DailySummary['compliance'] = Object.fromEntries(KINDS.map((k) => [k, { on_time: 0, late: 0, open: 0, overdue: 0 }]));
  const escalations: DailySummary['escalations'] = [];
  const openCases: DailySummary['openCases'] = [];
  const lateTransfers: string[] = [];
  const hotCat = new Map<string, number>();
  const hotUnit = new Map<string, number>();
  const focus = { cash: 0, card: 0, personal: 0 };
  for (const c of rows.cases) {
    const ds = (dlByCase.get(c.id) ?? []).map((d) => ({ ...d, breachedAt: d.completedAt && d.completedAt > d.dueAt ? d.dueAt : null }));
    stats.received++;
    const resolved = !!c.resolvedAt && c.resolvedAt <= asOf;
    if (resolved) stats.resolved++;
    else stats.open++;
    const cls = statClass(c, ds, asOf);
    stats[cls]++;
    byClass[cls]++;
    const breached = c.lateTransfer || ds.some((d) => isBreached(d, asOf));
    if (breached) stats.overdue++;
    const escalated = c.escalated && (!c.escalatedAt || c.escalatedAt <= asOf);
    if (escalated) {
      stats.escalated++;
      escalations.push({ id: caseLabel(c.id), reasons: (c.escalationNote ?? '').split('|').filter(Boolean) });
    }
    if (resolved && c.responsibility) byResp[c.responsibility] = (byResp[c.responsibility] ?? 0) + 1;
    byUC.set(`${c.unitCode}\u0000${c.category}`, (byUC.get(`${c.unitCode}\u0000${c.category}`) ?? 0) + 1);
    hotCat.set(c.category, (hotCat.get(c.category) ?? 0) + 1);
    hotUnit.set(c.unitCode, (hotUnit.get(c.unitCode) ?? 0) + 1);
    for (const [k, cats] of Object.entries(FOCUS)) if (cats.includes(c.category)) focus[k as keyof typeof focus]++;
    for (const d of ds) {
      if (!comp[d.kind]) continue;
      const v = compliance(d, asOf);
      if (v === 'void') continue;
      if (d.kind === 'transfer' && v !== 'on_time' && v !== 'late') continue;
      comp[d.kind][v]++;
    }
    if (c.lateTransfer) lateTransfers.push(caseLabel(c.id));
    if (!resolved) {
      const overdueNow = ds.some((d) => d.kind !== 'transfer' && d.kind !== 'oral_loss_report' && compliance(d, asOf) === 'overdue');
      openCases.push({
        id: caseLabel(c.id),
        ageMinutes: Math.round((asOf.getTime() - c.receivedAt.getTime()) / 60_000),
        owner: c.ownerHandle,
        handler: c.handlerHandle,
        overdue: overdueNow,
      });
    }
  }
  const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
  const s: DailySummary = {
    unit: ctx.roster.unit(q.unitCode)!.code,
    date: q.date,
    stats,
    byUnitCategory: [...byUC.entries()].map(([k, count]) => {
      const [unit, category] = k.split('\u0000');
      return { unit, category, count };
    }),
    byClass,
    byResponsibility: byResp,
    compliance: comp,
    escalations,
    openCases,
    lateTransfers,
    hotCategories: top(hotCat).map(([category, count]) => ({ category, count })),
    hotUnits: top(hotUnit).map(([unit, count]) => ({ unit, count })),
    focusGroups: focus,
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
        (s.openCases.length > 20 ? ` …(+${s.openCases.length - 20})` : ''),
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
  return lines.join('\n');
}
