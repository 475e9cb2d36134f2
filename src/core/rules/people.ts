import type { Level, Role } from '../domain/roster.ts';
import { LEVELS, levelRank } from '../domain/roster.ts';
import type { IntakeChannel } from '../domain/categories.ts';

/**
 * §15 the plan's people: who a 95566 case is handed to (15.1), who hears of a step another person recorded
 * (15.2), and which levels a case may be sent straight up to (15.3). Pure functions over plain data.
 */

/** Who opens a case: a roster member, or a system without a unit (the work-order API's `api:NAME`, §17). */
export interface OpenerIdentity {
  handle: string;
  /** the opener's unit; none for the work-order API */
  unit?: string;
}

/**
 * §15.1 (§四(一)2 不落地): a case opened through the provincial `hotline` by someone who is not a member of the
 * case's unit is handed straight to that unit's contact; so is every case a system files (§17).
 */
export const handsOff = (intake: IntakeChannel, opener: OpenerIdentity, caseUnit: string): boolean =>
  // §17: a system without a unit (the work-order API's `api:NAME`) never owns a case: its cases are always handed off
  !opener.unit || (intake === 'hotline' && opener.unit.toUpperCase() !== caseUnit.toUpperCase());

export interface ContactChoice {
  handle: string;
  /** the unit whose contact it is (the case's unit, or the nearest ancestor that has one) */
  unit: string;
  via: 'duty' | 'liaison' | 'leader';
}

/**
 * §15.1 a unit's contact: the member on duty there now (§12), else its `liaison`, else its `leader`; a unit with
 * none of them hands to its nearest ancestor's contact. `units` is the unit itself then its ancestors, nearest
 * first; `onDuty` says who is on duty in a unit at the moment of the hand-off (sorted; the first is taken).
 */
export function contactOf(
  units: readonly { code: string }[],
  members: readonly { handle: string; unit: string; role: Role }[],
  onDuty: (unitCode: string) => readonly string[],
): ContactChoice | null {
  for (const u of units) {
    const here = members.filter((m) => m.unit === u.code);
    const duty = onDuty(u.code)[0];
    if (duty) return { handle: duty, unit: u.code, via: 'duty' };
    for (const role of ['liaison', 'leader'] as const) {
      const m = here.find((x) => x.role === role);
      if (m) return { handle: m.handle, unit: u.code, via: role };
    }
  }
  return null;
}

/**
 * §15.2 (§三.1 "承办人处理终结后，须及时向首问责任人回复"): the steps whose recording by someone other than the
 * first-responsible owner is told to the owner. A use case opts in by its command's name being here.
 */
export const CLOSED_LOOP_STEPS = [
  'arrive',
  'contacted',
  'reply',
  'report',
  'transfer',
  'start',
  'resolve',
  'reopen',
  'pay',
  'promise',
  'formal',
  'callback',
] as const;

export interface LoopNotice {
  handle: string;
  /** after `resolve`, the owner is asked to archive the handling form (§14, §三.1) */
  archive: boolean;
}

/**
 * §15.2: who gets a direct message when `actor` records `step` on a case: the owner, when the actor is someone
 * else; after `resolve`, also the opener of a handed-off case (not when the opener acted, nor a system opener).
 * `isMember` says whether a handle can receive a direct message (a roster member).
 */
export function closedLoop(args: { step: string; actor: string; owner: string; opener: string; isMember: (handle: string) => boolean }): {
  mentionOwner: boolean;
  notices: LoopNotice[];
} {
  if (!(CLOSED_LOOP_STEPS as readonly string[]).includes(args.step)) return { mentionOwner: false, notices: [] };
  const resolve = args.step === 'resolve';
  const notices: LoopNotice[] = [];
  const mentionOwner = args.actor !== args.owner;
  if (mentionOwner && args.isMember(args.owner)) notices.push({ handle: args.owner, archive: resolve });
  if (resolve && args.opener !== args.owner && args.opener !== args.actor && args.isMember(args.opener))
    notices.push({ handle: args.opener, archive: false });
  return { mentionOwner, notices };
}

/** The levels a case may go straight up to (§15.3): those of the ancestors above its current level, nearest first. */
export function levelsAbove(ancestors: readonly { level: Level }[], current: Level): Level[] {
  return LEVELS.filter((l) => levelRank(l) < levelRank(current) && ancestors.some((u) => u.level === l)).reverse();
}

/**
 * §15.3 (§四(一)2 "营业网点自己无法解决……应立即上报分行"; "较为重大的……要随时上报省行"): the ancestor a case goes
 * to: at the level asked for, else the nearest one above `current`. `refused` names the levels that are possible
 * when the level asked for is at or below the case's own (or the organisation has no unit at that level above it).
 */
export function targetAbove<U extends { level: Level }>(
  ancestors: readonly U[],
  current: Level,
  wanted: Level | undefined,
): { ok: true; unit: U } | { ok: false; possible: Level[] } {
  const possible = levelsAbove(ancestors, current);
  const unit = wanted
    ? possible.includes(wanted) && ancestors.find((u) => u.level === wanted)
    : ancestors.find((u) => levelRank(u.level) < levelRank(current));
  return unit ? { ok: true, unit } : { ok: false, possible };
}
