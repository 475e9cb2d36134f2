import type { DeskContext } from './desk-context.ts';
import { addLocalDays, atLocal, localDate } from '../domain/time.ts';
import { lateAfterMs } from './fire-due-deadlines.ts';
import { buildDailySummary } from './build-daily-summary.ts';
import { mailWord } from '../i18n/paperwork.ts';

const epochs = new WeakMap<DeskContext, Date>();
/** Summary keys this process has seen posted (by anyone): a cache in front of the database claim. */
const posted = new WeakMap<DeskContext, Set<string>>();

/** The first moment the desk ran on this database: summaries are never posted for days before it. */
export async function epoch(ctx: DeskContext): Promise<Date> {
  const cached = epochs.get(ctx);
  if (cached) return cached;
  await ctx.deps.store.claimJob('epoch', ctx.now(), false);
  const at = (await ctx.deps.store.getJob('epoch'))!.at;
  epochs.set(ctx, at);
  return at;
}

/** Units that get a summary: every branch group, plus the province roll-up (§8). */
export function summaryUnits(ctx: DeskContext): string[] {
  return [...ctx.roster.units.filter((u) => u.level === 'branch').map((u) => u.code), ctx.roster.province.code];
}

/**
 * §8: at the summary time each branch group gets the day's summary and the province group a roll-up, exactly
 * once per (unit, day) (`summary:<unit>:<date>` is claimed in the same transaction as the post). A summary
 * missed while the bot was down goes out late, and says so. Returns how many were posted.
 */
export async function postDueSummaries(ctx: DeskContext): Promise<number> {
  const now = ctx.now();
  const tz = ctx.r.tz;
  const today = localDate(now, tz);
  const seen = posted.get(ctx) ?? new Set<string>();
  posted.set(ctx, seen);
  let count = 0;
  for (const date of [addLocalDays(today, -1, tz), today]) {
    const moment = atLocal(date, ctx.roster.settings.summary_time, tz);
    if (moment > now) continue;
    const units = summaryUnits(ctx).filter((u) => !seen.has(`summary:${u}:${date}`));
    const mailsDue = mailUnits(ctx).some((u) => !seen.has(`mail:${u.code}:${date}`));
    if ((!units.length && !mailsDue) || moment < (await epoch(ctx))) continue;
    const late = now.getTime() - moment.getTime() > lateAfterMs(ctx);
    for (const unit of units) {
      const key = `summary:${unit}:${date}`;
      if (await ctx.deps.store.getJob(key)) {
        seen.add(key);
        continue;
      }
      const s = await buildDailySummary(ctx, { unitCode: unit, date, now: moment });
      const done = await ctx.deps.store.tx(async (tx) => {
        if (!(await tx.claimJob(key, now, late))) return false;
        await tx.enqueue([
          {
            ...ctx.toGroup(key, 'summary', null, unit, late ? `${s.text}\n${ctx.t('post_late')}` : s.text, [], {
              unit,
              stats: s.stats,
              summary: s,
              late,
            }),
          },
        ]);
        return true;
      });
      seen.add(key);
      if (done) count++;
    }
    count += await enqueueDueMails(ctx, date, moment, late, seen);
  }
  return count;
}

/** Units that get the daily report by mail (§14): every unit with an `email` in the roster. */
export const mailUnits = (ctx: DeskContext) => ctx.roster.units.filter((u) => !!u.email);

/**
 * §14, §六.7: at the summary time every unit with an `email` gets the day's report by mail, exactly once per (unit,
 * day): `mail:<unit>:<date>` is claimed in the same transaction that puts the mail in the outbox, as the summary's
 * key is. The message is addressed to the mailbox, not to a chat channel: only the mail notifier delivers it, and
 * composes it (tables, chart, register) when it sends.
 */
async function enqueueDueMails(ctx: DeskContext, date: string, moment: Date, late: boolean, seen: Set<string>): Promise<number> {
  let count = 0;
  for (const u of mailUnits(ctx)) {
    const key = `mail:${u.code}:${date}`;
    if (seen.has(key)) continue;
    if (await ctx.deps.store.getJob(key)) {
      seen.add(key);
      continue;
    }
    const s = await buildDailySummary(ctx, { unitCode: u.code, date, now: moment });
    const subject = mailWord(ctx.locale, 'subject', { unit: `${u.name} ${u.code}`, date });
    const now = ctx.now();
    const done = await ctx.deps.store.tx(async (tx) => {
      if (!(await tx.claimJob(key, now, late))) return false;
      await tx.enqueue([
        {
          key,
          at: now,
          kind: 'mail',
          caseId: null,
          toUnit: null,
          toHandle: null,
          payload: { text: subject, mentions: [], unit: u.code, mailTo: u.email, date, summary: s, late },
        },
      ]);
      return true;
    });
    seen.add(key);
    if (done) count++;
  }
  return count;
}

/** The next moment a summary falls due (for the scheduler's wake-up). */
export function nextSummaryAt(ctx: DeskContext): Date {
  const now = ctx.now();
  const tz = ctx.r.tz;
  const today = localDate(now, tz);
  const m = atLocal(today, ctx.roster.settings.summary_time, tz);
  return m > now ? m : atLocal(addLocalDays(today, 1, tz), ctx.roster.settings.summary_time, tz);
}
