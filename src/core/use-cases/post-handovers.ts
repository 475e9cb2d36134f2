import { caseLabel, type HandoverCard, type OutboxInput } from '../domain/case.ts';
import { localHm, localMinute } from '../domain/time.ts';
import { escalationLine, unitLabel } from '../i18n/render.ts';
import { handoverMoments, type HandoverMoment, type Shift } from '../rules/duty.ts';
import { maskFreeText } from '../rules/masking.ts';
import type { DeskContext } from './desk-context.ts';
import { dedupe } from './desk-context.ts';
import { shiftsAround } from './duty-shifts.ts';
import { lateAfterMs } from './fire-due-deadlines.ts';
import { epoch } from './post-daily-summaries.ts';

const HOUR = 3_600_000;
/** A handover missed for longer than this (the bot was down a day) is not posted any more. */
const LOOKBACK = 24 * HOUR;
/** How many items each list of a handover shows; the rest are counted ("and N more"). */
const HANDOVER_LIST = 10;

/** Handover keys this process has seen claimed (by anyone): a cache in front of the database claim. */
const seenKeys = new WeakMap<DeskContext, Set<string>>();

const handoverKey = (unit: string, at: Date): string => `handover:${unit}:${at.toISOString()}`;

/** The shifts a pass looks at: from two days before the look-back window to two days after now. */
async function passShifts(ctx: DeskContext, now: Date): Promise<Shift[]> {
  return shiftsAround(ctx, ctx.deps.store, new Date(now.getTime() - LOOKBACK - 48 * HOUR), new Date(now.getTime() + 48 * HOUR));
}

/**
 * §12: at every shift start (scheduled or taken), and when a gap with nobody on duty begins, the unit's group
 * channel gets a handover, exactly once per (unit, moment): `handover:<unit>:<ISO>` is claimed in the same
 * transaction as the post and its work-log line. One missed while the bot was down goes out late, and says so.
 * Returns how many were posted.
 */
export async function postDueHandovers(ctx: DeskContext): Promise<number> {
  const now = ctx.now();
  const start = await epoch(ctx);
  const from = new Date(Math.max(start.getTime() - 1, now.getTime() - LOOKBACK));
  const shifts = await passShifts(ctx, now);
  if (!shifts.length) return 0;
  const seen = seenKeys.get(ctx) ?? new Set<string>();
  seenKeys.set(ctx, seen);
  let count = 0;
  for (const unit of [...new Set(shifts.map((s) => s.unit))].sort()) {
    // the moments due, and the one before each ("since the last handover")
    const moments = handoverMoments(shifts, unit, new Date(from.getTime() - 48 * HOUR), now);
    for (const [i, m] of moments.entries()) {
      if (m.at <= from) continue;
      const key = handoverKey(unit, m.at);
      if (seen.has(key)) continue;
      if (await ctx.deps.store.getJob(key)) {
        seen.add(key);
        continue;
      }
      const late = now.getTime() - m.at.getTime() > lateAfterMs(ctx);
      const since = moments[i - 1]?.at ?? new Date(m.at.getTime() - LOOKBACK);
      const post = await buildHandover(ctx, m, { since, late, key });
      const done = await ctx.deps.store.tx(async (tx) => {
        if (!(await tx.claimJob(key, now, late))) return false;
        await tx.enqueue([post]);
        await tx.appendWorkLog([
          {
            at: m.at,
            unitCode: unit,
            actor: 'bot',
            kind: 'handover',
            text: post.payload.text.split('\n').slice(0, 2).join(' '),
            data: { incoming: m.incoming, outgoing: m.outgoing, gap: m.gap, late },
          },
        ]);
        return true;
      });
      seen.add(key);
      if (done) count++;
    }
  }
  if (seen.size > 10_000) seen.clear();
  return count;
}

/** The next moment a handover falls due after now (for the scheduler's wake-up and the drill's clock), if any. */
export async function nextHandoverAt(ctx: DeskContext): Promise<Date | null> {
  const now = ctx.now();
  const shifts = await passShifts(ctx, now);
  let next: Date | null = null;
  for (const unit of new Set(shifts.map((s) => s.unit))) {
    const m = handoverMoments(shifts, unit, now, new Date(now.getTime() + 48 * HOUR))[0];
    if (m && (!next || m.at < next)) next = m.at;
  }
  return next;
}

/**
 * §12 what a handover says: who comes and goes (a gap: nobody, and the unit's leaders must hear it), the open cases
 * of the unit's subtree with their next deadline, the deadlines falling due during the new shift, the escalations
 * and the work-log entries since the last handover. Long lists are cut ("and N more").
 */
async function buildHandover(ctx: DeskContext, m: HandoverMoment, o: { since: Date; late: boolean; key: string }): Promise<OutboxInput> {
  const { roster } = ctx;
  const tz = ctx.r.tz;
  const store = ctx.deps.store;
  const unitCodes = roster.subtree(m.unit).map((u) => u.code);
  const until = m.until ?? new Date(m.at.getTime() + 24 * HOUR);
  const when = (d: Date) =>
    localMinute(d, tz).slice(0, 10) === localMinute(m.at, tz).slice(0, 10) ? localHm(d, tz) : localMinute(d, tz).slice(5);
  const dl = (k: string) => ctx.label('deadline', k);
  const [{ total: openTotal, cases: open }, due, escalations, log] = await Promise.all([
    store.openCasesByUrgency({ unitCodes, limit: HANDOVER_LIST }),
    store.deadlinesDueBetween({ unitCodes, from: m.at, to: until, limit: HANDOVER_LIST }),
    store.caseEvents({ unitCodes, from: o.since, to: m.at, actions: ['escalated'], limit: HANDOVER_LIST }),
    store.workLog({ unitCodes, from: o.since, to: m.at, kinds: ['entry'], limit: HANDOVER_LIST }),
  ]);
  const ds = await store.deadlinesOf(open.map((c) => c.id));
  const openLines = open.map((c) => {
    const next = ds
      .filter((d) => d.caseId === c.id && d.state === 'pending' && d.kind !== 'transfer')
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
    const dueText = next ? ` · ${dl(next.kind)} ${when(next.dueAt)}${next.dueAt <= m.at ? ` ${ctx.t('ho_overdue')}` : ''}` : '';
    return `${caseLabel(c.id)} ${ctx.label('category', c.category)} · ${c.unitCode}${dueText}${c.escalated ? ' ⚠' : ''}`;
  });
  const dueLines = due.deadlines.map((d) => `${caseLabel(d.caseId)} ${dl(d.kind)} ${when(d.dueAt)}`);
  const escLines = escalations.events.map((e) => {
    const reasons = e.data?.reasons ?? (e.data?.reason ? [e.data.reason] : []);
    const why = reasons.length
      ? escalationLine(ctx.r, { escalated: true, escalationReasons: reasons })
      : ctx.t('act_escalated_breach', { deadline: dl(e.data?.deadline ?? '') });
    return `${caseLabel(e.caseId)} ${when(e.at)} ${why.replace(/^⚠ /, '')}`;
  });
  const logLines = log.entries.map((e) => `${when(e.at)} @${e.actor} ${maskFreeText(e.text).slice(0, 80)}`);

  const leaders = m.gap ? gapLeaders(ctx, m.unit) : [];
  const title = ctx.t('ho_title', { unit: unitLabel(ctx.r, m.unit), at: localMinute(m.at, tz) });
  const head = ctx.t('fmt_title', { x: title });
  const sections: HandoverCard['sections'] = [
    { title: ctx.t('ho_open', { n: openTotal }), lines: openLines, more: openTotal - openLines.length },
    { title: ctx.t('ho_due', { n: due.total }), lines: dueLines, more: due.total - dueLines.length },
    { title: ctx.t('ho_escalations', { n: escalations.total }), lines: escLines, more: escalations.total - escLines.length },
    { title: ctx.t('ho_log', { n: log.total }), lines: logLines, more: log.total - logLines.length },
  ];
  const people: string[] = [];
  if (m.incoming.length) people.push(ctx.t('ho_incoming', { who: m.incoming.map((h) => `@${h}`).join(' ') }));
  if (m.outgoing.length) people.push(ctx.t('ho_outgoing', { who: m.outgoing.map((h) => `@${h}`).join(' ') }));
  if (!m.gap && m.until) people.push(ctx.t('ho_until', { until: when(m.until) }));
  const gapLine = m.gap
    ? ctx.t('ho_gap', {
        next: m.until ? ctx.t('ho_gap_next', { at: when(m.until) }) : '',
        who: leaders.length ? leaders.map((h) => `@${h}`).join(' ') : unitLabel(ctx.r, roster.groupUnit(m.unit).code),
      })
    : null;
  const sep = ctx.t('fmt_list_sep');
  const lines = [head + people.join(sep)];
  if (gapLine) lines.push(gapLine);
  for (const s of sections) {
    if (!s.lines.length && s.more <= 0) continue;
    const items = s.lines.join(sep) + (s.more > 0 ? ctx.t('ho_more', { n: s.more }) : '');
    lines.push(items ? ctx.t('ho_section', { title: s.title, items }) : s.title);
  }
  if (o.late) lines.push(ctx.t('post_late'));
  const card: HandoverCard = {
    unit: m.unit,
    title,
    people,
    gap: gapLine,
    sections,
    late: o.late ? ctx.t('post_late') : null,
  };
  const post = ctx.toGroup(o.key, 'handover', null, m.unit, lines.join('\n'), dedupe([...m.incoming, ...m.outgoing, ...leaders]), {
    unit: m.unit,
    late: o.late,
    handover: card,
  });
  return { ...post, at: ctx.now() };
}

/** §12: a gap is announced to the unit's leaders (组长/副组长), else to the leaders of its group. */
function gapLeaders(ctx: DeskContext, unit: string): string[] {
  const own = ctx.roster.leadersOf(unit);
  return (own.length ? own : ctx.roster.leadersOf(ctx.roster.groupUnit(unit).code)).map((m) => m.handle);
}
