import { UserError } from '../domain/errors.ts';
import { localHm, localMinute } from '../domain/time.ts';
import { nextShift, onDutyAt, takenShiftEnd } from '../rules/duty.ts';
import { unitLabel } from '../i18n/render.ts';
import { shiftsAround } from './duty-shifts.ts';
import { ok, type UseCase, type UseCaseCtx } from './use-case.ts';
import type { DutyWrites } from '../ports/store.ts';

interface DutyInput {
  take?: boolean;
  unit?: string;
  until?: string;
}

const DAY = 86_400_000;

/**
 * §12 `/complaint duty [unit=CODE]`: who is on duty in the unit now (default: the actor's), until when, and who comes
 * next. `/complaint duty take [unit=CODE] [until=HH:MM]`: the actor goes on duty from now (a member of that unit, or
 * a leader above it), to `until`, else to the end of the shift running, else for 8 hours. The handover of the
 * taken shift is posted by the scheduler's next pass, like every other shift start (claimed once).
 */
export const dutyUseCase: UseCase<DutyInput> = {
  run: async ({ tx, desk, actor, usage }: UseCaseCtx<DutyWrites>, v) => {
    const unit = v.unit ? desk.roster.unit(v.unit) : desk.roster.unit(actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    if (v.until && !v.take) throw new UserError('err_until_without_take', {}, usage);
    const now = desk.now();
    const tz = desk.r.tz;
    const name = unitLabel(desk.r, unit.code);
    const shifts = await shiftsAround(desk, tx, new Date(now.getTime() - DAY), new Date(now.getTime() + 2 * DAY));
    const on = onDutyAt(shifts, unit.code, now);
    const when = (d: Date) =>
      localMinute(d, tz).slice(0, 10) === localMinute(now, tz).slice(0, 10) ? localHm(d, tz) : localMinute(d, tz).slice(5);
    if (!v.take) {
      const lines = [
        on.length
          ? desk.t('duty_now', {
              unit: name,
              who: on.map((x) => desk.t('duty_until', { who: `@${x.handle}`, until: when(x.until) })).join(desk.t('fmt_enum_sep')),
            })
          : desk.t('duty_nobody', { unit: name }),
      ];
      const next = nextShift(shifts, unit.code, now);
      lines.push(
        next ? desk.t('duty_next', { who: next.handles.map((h) => `@${h}`).join(' '), at: when(next.start) }) : desk.t('duty_no_next'),
      );
      return ok(lines.join('\n'));
    }
    // §12: a member of the unit, or a leader (组长/副组长) of a group above it
    const allowed = actor.unit === unit.code || desk.roster.leadersAbove(unit.code).some((m) => m.handle === actor.handle);
    if (!allowed) throw new UserError('err_duty_forbidden', { unit: name }, usage);
    const mine = on.find((x) => x.handle === actor.handle);
    const others = on.filter((x) => x.handle !== actor.handle);
    const currentEnd = others.length ? new Date(Math.max(...others.map((x) => x.until.getTime()))) : null;
    const end = takenShiftEnd({ now, until: v.until, currentEnd, tz });
    if (mine && mine.until >= end) throw new UserError('err_already_on_duty', { unit: name, until: when(mine.until) }, usage);
    await tx.insertTakenShift({ unitCode: unit.code, handle: actor.handle, startAt: now, endAt: end, takenBy: actor.handle });
    return ok(desk.t('ack_duty_take', { unit: name, until: when(end) }));
  },
};
