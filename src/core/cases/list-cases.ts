import { UserError } from '../errors.ts';
import { caseLabel } from '../model.ts';
import { maskFreeText } from '../masking.ts';
import type { TMember } from '../roster.ts';
import { formatDuration, localMinute } from '../time.ts';
import type { DeskContext } from './desk-context.ts';

/** `/complaint list [open|mine|overdue] [unit=CODE]`: a unit's subtree (default: the actor's branch). */
export async function caseListText(ctx: DeskContext, actor: TMember, filter: string | undefined, unitCode: string | undefined, usage: string): Promise<string> {
  const now = ctx.now();
  const unit = unitCode ? ctx.roster.unit(unitCode) : undefined;
  if (unitCode && !unit) throw new UserError('err_unknown_unit', { code: unitCode }, usage);
  const scope = unit ?? (filter === 'mine' ? ctx.roster.province : ctx.roster.branchOf(actor.unit));
  const unitCodes = ctx.roster.subtree(scope.code).map((u) => u.code);
  const f = filter ?? 'open';
  const cases = await ctx.deps.store.listCases({
    unitCodes,
    status: 'open',
    involving: f === 'mine' ? actor.handle : undefined,
    overdueAt: f === 'overdue' ? now : undefined,
    limit: 50,
  });
  if (!cases.length) return ctx.t('list_empty');
  const ds = await ctx.deps.store.deadlinesOf(cases.map((c) => c.id));
  const lines = [ctx.t('list_header', { filter: `${f} · ${scope.code}`, count: cases.length })];
  for (const c of cases) {
    const overdue = ds.filter((d) => d.caseId === c.id && d.state === 'pending' && d.kind !== 'transfer' && d.kind !== 'oral_loss_report' && d.dueAt < now);
    const age = formatDuration(now.getTime() - c.receivedAt.getTime(), ctx.locale);
    const od = overdue.length ? ` ⏰${overdue.map((d) => ctx.label('deadline', d.kind)).join('/')}` : '';
    lines.push(
      `  ${caseLabel(c.id)} ${ctx.label('status', c.status)} · ${c.unitCode} · ${ctx.label('category', c.category)} · @${c.ownerHandle}` +
        `${c.handlerHandle && c.handlerHandle !== c.ownerHandle ? `/@${c.handlerHandle}` : ''} · ${localMinute(c.receivedAt, ctx.r.tz)} (${age})${od}${c.escalated ? ' ⚠' : ''} — ${maskFreeText(c.matter, c.customerName).slice(0, 40)}`,
    );
  }
  return lines.join('\n');
}
