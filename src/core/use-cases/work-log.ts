import type { TimelineRecord } from '../domain/case.ts';
import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { dayBounds, localDate, localHm } from '../domain/time.ts';
import { actionText, unitLabel } from '../i18n/render.ts';
import type { WorkLogRecord } from '../ports/duty.ts';
import { maskFreeText } from '../rules/masking.ts';
import type { DeskContext } from './desk-context.ts';
import { ok, type UseCase, type UseCaseCtx } from './use-case.ts';
import type { DutyWrites } from '../ports/store.ts';

/** §12: the bot's own events that go into the work log (cases opened, transferred, escalated, resolved; breaches). */
export const LOGGED_ACTIONS = ['opened', 'transferred', 'escalated', 'resolved', 'breached'] as const;

interface LogInput {
  text: string;
}

/** §12 `/complaint log TEXT`: an entry in the actor's unit's work log (工作日志); the echo is masked like every post. */
export const addLogEntry: UseCase<LogInput> = {
  run: async ({ tx, desk, actor }: UseCaseCtx<Pick<DutyWrites, 'appendWorkLog'>>, v) => {
    await tx.appendWorkLog([{ at: desk.now(), unitCode: actor.unit, actor: actor.handle, kind: 'entry', text: v.text, data: null }]);
    return ok(desk.t('ack_log', { unit: unitLabel(desk.r, actor.unit), text: maskFreeText(v.text) }));
  },
};

interface WorkLogInput {
  date?: string;
  unit?: string;
}

/** One line of a day's work log: a person's entry, a handover, or one of the bot's case events. */
interface WorkLogLine {
  at: Date;
  kind: 'entry' | 'handover' | 'event';
  unit: string;
  actor: string;
  caseId: number | null;
  /** as people read it (masked) */
  text: string;
  /** as written (for the archive export) */
  raw: string;
}

/**
 * A day's work log of a unit's subtree: the entries plus the bot's own events, in time order (at most `limit` of
 * each, with how many there are in all).
 */
async function workLogLines(
  ctx: DeskContext,
  q: { unitCode: string; from: Date; to: Date; limit: number },
): Promise<{ lines: WorkLogLine[]; total: number }> {
  const unitCodes = ctx.roster.subtree(q.unitCode).map((u) => u.code);
  const [log, events] = await Promise.all([
    ctx.deps.store.workLog({ unitCodes, from: q.from, to: q.to, limit: q.limit }),
    ctx.deps.store.caseEvents({ unitCodes, from: q.from, to: q.to, actions: [...LOGGED_ACTIONS], limit: q.limit }),
  ]);
  const lines = [...log.entries.map((e) => entryLine(ctx, e)), ...events.events.map((e) => eventLine(ctx, e))].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  return { lines, total: log.total + events.total };
}

function entryLine(ctx: DeskContext, e: WorkLogRecord): WorkLogLine {
  const what = ctx.t(e.kind === 'handover' ? 'worklog_handover' : 'worklog_entry');
  // a handover is the bot's own words (no customer data; its dates would read as a masked number)
  const text = e.kind === 'handover' ? e.text : maskFreeText(e.text);
  return {
    at: e.at,
    kind: e.kind,
    unit: e.unitCode,
    actor: e.actor,
    caseId: null,
    text: ctx.t('ho_section', { title: what, items: text }),
    raw: e.text,
  };
}

function eventLine(ctx: DeskContext, e: TimelineRecord): WorkLogLine {
  const what = actionText(ctx.r, e.action, e.data, e.text);
  return {
    at: e.at,
    kind: 'event',
    unit: '',
    actor: e.actor,
    caseId: e.caseId,
    text: `${caseLabel(e.caseId)} ${what}`,
    raw: `${caseLabel(e.caseId)} ${what}`,
  };
}

const SHOWN = 100;

/** §12 `/complaint worklog [YYYY-MM-DD] [unit=CODE]`: a day's log of a unit subtree (default: today, the actor's unit). */
export const showWorkLog: UseCase<WorkLogInput> = {
  run: async ({ desk, actor, usage }, v) => {
    const unit = v.unit ? desk.roster.unit(v.unit) : desk.roster.unit(actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const date = v.date ?? localDate(desk.now(), desk.r.tz);
    const { from, to } = dayBounds(date, desk.r.tz);
    const { lines, total } = await workLogLines(desk, { unitCode: unit.code, from, to, limit: SHOWN });
    const name = unitLabel(desk.r, unit.code);
    if (!total) return ok(desk.t('worklog_empty', { unit: name, date }));
    const shown = lines.slice(0, SHOWN);
    const out = [desk.t('worklog_header', { unit: name, date, count: total })];
    for (const l of shown) out.push(`  ${localHm(l.at, desk.r.tz)} @${l.actor} ${l.text.split('\n')[0]}`);
    if (total > shown.length) out.push(desk.t('ho_more', { n: total - shown.length }));
    return ok(out.join('\n'));
  },
};
