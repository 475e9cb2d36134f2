import type { DutyReads, DutyWrites, TakenShiftRecord } from '../ports/duty.ts';
import { onDutyAt, shiftsBetween, type Shift } from '../rules/duty.ts';
import type { Roster } from '../domain/roster.ts';

/** What the shift lookups need of the desk (its clock, roster and time zone): the desk passes itself. */
interface ShiftContext {
  now(): Date;
  readonly roster: Pick<Roster, 'duty'>;
  readonly r: { readonly tz: string };
}

/** §12: the roster's shifts and the shifts people took, as one list of concrete shifts overlapping [from, to). */
export async function shiftsAround(
  ctx: ShiftContext,
  reads: Pick<DutyReads, 'takenShiftsBetween'>,
  from: Date,
  to: Date,
): Promise<Shift[]> {
  const taken = await reads.takenShiftsBetween(from, to);
  return mergeShifts(shiftsBetween(ctx.roster.duty, from, to, ctx.r.tz), taken);
}

function mergeShifts(roster: Shift[], taken: TakenShiftRecord[]): Shift[] {
  return [
    ...roster,
    ...taken.map((s): Shift => ({ unit: s.unitCode, handles: [s.handle], start: s.startAt, end: s.endAt, source: 'taken' })),
  ].sort((a, b) => a.start.getTime() - b.start.getTime() || a.unit.localeCompare(b.unit));
}

/**
 * Who is on duty, per unit, at this moment (§12 "who hears what"): read once per transaction, so every post written
 * in it names the same people, and members whose shift ended are not among them.
 */
export async function dutyNow(ctx: ShiftContext, tx: Pick<DutyWrites, 'takenShiftsBetween'>): Promise<(unitCode: string) => string[]> {
  const now = ctx.now();
  const after = new Date(now.getTime() + 1);
  const taken = await tx.takenShiftsBetween(now, after);
  if (!ctx.roster.duty.length && !taken.length) return () => [];
  const shifts = mergeShifts(shiftsBetween(ctx.roster.duty, now, after, ctx.r.tz), taken);
  return (unit) => onDutyAt(shifts, unit, now).map((x) => x.handle);
}
