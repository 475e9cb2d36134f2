/**
 * The drill runner (§10): a plan's lines played in virtual time. Each moment the clock moves to is the next of: a
 * script line, a deadline stage, a summary, a handover; lines at that moment run first (a step done exactly at its
 * deadline is on time), then one scheduler pass (runPass, as `serve` runs it, with a drill's batch sizes) fires what
 * is due and delivers it. Messages keep their own time, so the output does not depend on how they are batched.
 */
import { caseLabel } from '../../core/domain/case.ts';
import { isoLocal } from '../../core/domain/time.ts';
import type { ManualClock } from '../../core/ports/clock.ts';
import type { Notifier } from '../../core/ports/outbox.ts';
import { epoch, nextSummaryAt } from '../../core/use-cases/post-daily-summaries.ts';
import { nextHandoverAt } from '../../core/use-cases/post-handovers.ts';
import { deliverOutbox } from '../../scheduler/deliver-outbox.ts';
import { runPass, type PassOptions, type PassStore } from '../../scheduler/run-pass.ts';
import type { FrontDesk } from '../shared/front-desk.ts';
import type { DrillMessage } from './console-notifier.ts';
import type { DrillPlan } from './drill-script.ts';

export { DrillScriptError, parseDrillScript, type DrillScript, type DrillStep } from './drill-script.ts';

/**
 * A drill's pass: a busy virtual minute claims many deadlines at once, and delivers everything it caused. The
 * drill's database is its own (created for it, removed after), so its deliveries lease nothing.
 */
const DRILL_PASS: PassOptions = { owner: 'drill', batch: { limit: 5000, chunk: 200 }, deliverLimit: 100_000, solo: true };

interface DrillDeps {
  desk: FrontDesk;
  /** what a scheduler pass reads and writes */
  passes: PassStore;
  clock: ManualClock;
  /** the console's notifier (every message as a drill line) and any other local one (mail files) */
  notifiers: Notifier[];
  /** each reply to a script line, as it is given */
  emit: (m: DrillMessage) => void;
}

/** Plays the plan from its start to its end. */
export async function playDrill(d: DrillDeps, plan: DrillPlan): Promise<void> {
  const { desk, passes, clock } = d;
  const ctx = desk.ctx;
  const tz = desk.roster.settings.timezone;
  const { timed, end } = plan;
  const deliver = () =>
    deliverOutbox(passes, d.notifiers, clock, DRILL_PASS.owner, { limit: DRILL_PASS.deliverLimit, solo: DRILL_PASS.solo });
  clock.set(plan.start);
  await epoch(ctx);
  let i = 0;
  let lastT = -1;
  let stuck = 0;
  for (;;) {
    const nextLine = i < timed.length ? timed[i].at : null;
    const candidates = [nextLine, await passes.nextFireAt(), nextSummaryAt(ctx), await nextHandoverAt(ctx)]
      .filter((x): x is Date => !!x)
      .map((x) => x.getTime());
    const t = Math.max(clock.now().getTime(), Math.min(...candidates));
    if (t > end.getTime()) break;
    stuck = t === lastT ? stuck + 1 : 0;
    if (stuck > 10) throw new Error(`drill made no progress at ${isoLocal(new Date(t), tz)}`);
    lastT = t;
    clock.set(t);
    let first = true;
    while (i < timed.length && timed[i].at.getTime() === t) {
      const step = timed[i++];
      // the actor's reply comes after everything the bot said before it
      if (!first) await deliver();
      first = false;
      const reply = await desk.handleText(step.actor, step.text);
      // §10 the actor as the roster spells the handle (a script's `ZHANG:` is @zhang), or as written when unknown
      const actor = desk.roster.member(step.actor)?.handle ?? step.actor;
      d.emit({
        at: isoLocal(clock.now(), tz),
        to: `@${actor}`,
        kind: reply.kind,
        case: reply.caseId != null ? caseLabel(reply.caseId) : null,
        mentions: [],
        text: reply.text,
      });
    }
    // §12: a shift starting (scheduled, or taken by a line just run) hands over at its minute, in this pass
    await runPass(ctx, passes, d.notifiers, clock, DRILL_PASS);
  }
  await deliver();
}
