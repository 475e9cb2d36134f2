import { UserError } from '../domain/errors.ts';
import { caseLabel } from '../domain/case.ts';
import { maskFreeText } from '../rules/masking.ts';
import type { CaseQuery } from '../ports/store.ts';
import type { TMember } from '../domain/roster.ts';
import { formatDuration, localMinute } from '../domain/time.ts';
import type { DeskContext } from './desk-context.ts';
import { isOverdue } from '../rules/sla.ts';
import { ok, type UseCase } from './use-case.ts';

/**
 * `/complaint list [open|mine|overdue] [unit=CODE] [page=N]`: a unit's subtree (default: the actor's branch),
 * the most urgent first (the earliest pending deadline), a page at a time; the header says how many there are
 * and the footer how to see the rest.
 */
interface ListCasesInput {
  filter?: 'open' | 'mine' | 'overdue';
  unit?: string;
  page?: number;
}

export const listCases: UseCase<ListCasesInput> = {
  run: async ({ desk, actor, usage, replyChars }, v) => ok(await caseListText(desk, actor, v, usage, replyChars)),
};

/** A list line's most characters when the front end bounds its answers (the line is cut at the end: the matter). */
export const LIST_LINE_MAX = 140;
/** Room kept for the header, the page line and the "N more: … page=N" line. */
const LIST_FRAME = 400;

/**
 * Cases per page: the roster's `list_page_size`, fewer when the front end's answer holds fewer characters
 * (Slack, Discord), so a whole page and its "N more" line always fit one answer (issue 21 items 7, 8).
 */
export function listPageSize(setting: number, replyChars?: number): number {
  if (!replyChars) return setting;
  return Math.max(1, Math.min(setting, Math.floor((replyChars - LIST_FRAME) / (LIST_LINE_MAX + 1))));
}

const cut = (s: string, max: number | undefined): string => (max && s.length > max ? `${s.slice(0, max - 1)}…` : s);

async function caseListText(ctx: DeskContext, actor: TMember, args: ListCasesInput, usage: string, replyChars?: number): Promise<string> {
  const now = ctx.now();
  const unit = args.unit ? ctx.roster.unit(args.unit) : undefined;
  if (args.unit && !unit) throw new UserError('err_unknown_unit', { code: args.unit }, usage);
  const f = args.filter ?? 'open';
  const scope = unit ?? (f === 'mine' ? ctx.roster.province : ctx.roster.branchOf(actor.unit));
  const query: CaseQuery = {
    unitCodes: ctx.roster.subtree(scope.code).map((u) => u.code),
    status: 'open',
    involving: f === 'mine' ? actor.handle : undefined,
    overdueAt: f === 'overdue' ? now : undefined,
  };
  const size = listPageSize(ctx.roster.settings.list_page_size, replyChars);
  const total = await ctx.deps.store.countCases(query);
  if (!total) return ctx.t('list_empty');
  const pages = Math.ceil(total / size);
  const page = args.page ?? 1;
  const command = (p: number) => `/complaint list ${f}${args.unit ? ` unit=${scope.code}` : ''} page=${p}`;
  if (page > pages) throw new UserError('err_page_past_end', { page, count: total, pages, command: command(pages) }, usage);
  const cases = await ctx.deps.store.listCases({ ...query, order: 'urgency', offset: (page - 1) * size, limit: size });
  const ds = await ctx.deps.store.deadlinesOf(cases.map((c) => c.id));
  const from = (page - 1) * size + 1;
  const header = ctx.t('list_header', { filter: `${f} · ${scope.code}`, count: total });
  const lines = [pages > 1 ? `${header} ${ctx.t('list_page', { page, pages, from, to: from + cases.length - 1 })}` : header];
  for (const c of cases) {
    const overdue = ds.filter((d) => d.caseId === c.id && isOverdue(d, now));
    const age = formatDuration(now.getTime() - c.receivedAt.getTime(), ctx.locale);
    const od = overdue.length ? ` ⏰${overdue.map((d) => ctx.label('deadline', d.kind)).join('/')}` : '';
    lines.push(
      cut(
        `  ${caseLabel(c.id)} ${ctx.label('status', c.status)} · ${c.unitCode} · ${ctx.label('category', c.category)} · @${c.ownerHandle}` +
          `${c.handlerHandle && c.handlerHandle !== c.ownerHandle ? `/@${c.handlerHandle}` : ''} · ${localMinute(c.receivedAt, ctx.r.tz)} (${age})${od}${c.escalated ? ' ⚠' : ''} — ${maskFreeText(c.matter, c.customerName).slice(0, 40)}`,
        replyChars ? LIST_LINE_MAX : undefined,
      ),
    );
  }
  const rest = total - (from - 1) - cases.length;
  if (rest > 0) lines.push(ctx.t('list_more', { n: rest, command: command(page + 1) }));
  return lines.join('\n');
}
