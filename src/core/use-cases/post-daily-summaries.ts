import type { DeskContext } from './desk-context.ts';
import { addLocalDays, atLocal, localDate } from '../domain/time.ts';
import { lateAfterMs } from './fire-due-deadlines.ts';
import { buildDailySummary } from './build-daily-summary.ts';

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
    if (!units.length || moment < (await epoch(ctx))) continue;
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
