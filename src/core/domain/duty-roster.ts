import { z } from 'zod';
import type { ShiftDef } from '../rules/duty.ts';
import { atLocal } from './time.ts';

/**
 * §12 the roster's `duty:` list (§六.5 值守): `{ unit, handles, from, to }`, daily (`HH:MM`, past midnight when `to`
 * is not after `from`) or one dated shift (`YYYY-MM-DD HH:MM`, in the roster's time zone).
 */
const DAILY = /^([01]?\d|2[0-3]):[0-5]\d$/;
const DATED = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]?\d|2[0-3]):([0-5]\d)$/;

const idString = z
  .union([z.string(), z.number(), z.bigint()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1));

const time = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine(
    (s) => DAILY.test(s) || (DATED.test(s) && realDate(s)),
    'expected a time of day as "HH:MM" or a dated time as "YYYY-MM-DD HH:MM"',
  );

const ZDuty = z.object({
  unit: idString,
  handles: z.union([idString.transform((h) => [h]), z.array(idString).min(1, 'expected at least one handle')]),
  from: time,
  to: time,
});

function realDate(s: string): boolean {
  const m = DATED.exec(s)!;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const pad = (hm: string) => hm.padStart(5, '0');

interface DutyCheck {
  /** reports a problem at a path under `duty` */
  add(path: (string | number)[], message: string): void;
  /** the roster's unit code as written there, or undefined when unknown */
  unit(code: string): string | undefined;
  /** the member's handle as written there, or undefined when unknown */
  handle(h: string): string | undefined;
  /** null when the settings are bad (dated shifts cannot be placed in time then) */
  tz: string | null;
}

/** Validates every entry of `duty:` on its own, reporting each problem; returns the valid shifts. */
export function parseDuty(raw: unknown, check: DutyCheck): ShiftDef[] {
  if (raw == null) return [];
  if (!Array.isArray(raw)) {
    check.add(['duty'], 'expected a list of shifts, e.g. - { unit: BR01, handles: [lin], from: "08:00", to: "20:00" }');
    return [];
  }
  const out: ShiftDef[] = [];
  raw.forEach((entry, i) => {
    const r = ZDuty.safeParse(entry);
    if (!r.success) {
      for (const issue of r.error.issues) check.add(['duty', i, ...(issue.path as (string | number)[])], issue.message);
      // the fields that are valid by themselves are still cross-checked below
    }
    const e = (typeof entry === 'object' && entry ? entry : {}) as Record<string, unknown>;
    let ok = r.success;
    const unit = ZDuty.shape.unit.safeParse(e.unit);
    let unitCode: string | undefined;
    if (unit.success) {
      unitCode = check.unit(unit.data);
      if (!unitCode) {
        check.add(['duty', i, 'unit'], `unknown unit "${unit.data}" (expected one of the unit codes)`);
        ok = false;
      }
    }
    const handles = ZDuty.shape.handles.safeParse(e.handles);
    const known: string[] = [];
    if (handles.success) {
      handles.data.forEach((h, j) => {
        const m = check.handle(h.replace(/^@/, ''));
        if (!m) {
          check.add(['duty', i, 'handles', ...(Array.isArray(e.handles) ? [j] : [])], `unknown handle "${h}" (expected a member's handle)`);
          ok = false;
        } else known.push(m);
      });
    }
    const from = ZDuty.shape.from.safeParse(e.from);
    const to = ZDuty.shape.to.safeParse(e.to);
    if (from.success && to.success) {
      const kindFrom = DAILY.test(from.data) ? 'daily' : 'dated';
      const kindTo = DAILY.test(to.data) ? 'daily' : 'dated';
      if (kindFrom !== kindTo) {
        check.add(['duty', i, 'to'], `"from" and "to" must both be times of day ("HH:MM") or both dated ("YYYY-MM-DD HH:MM")`);
        ok = false;
      } else if (kindFrom === 'dated' && check.tz) {
        const place = (s: string) => {
          const m = DATED.exec(s)!;
          return atLocal(`${m[1]}-${m[2]}-${m[3]}`, pad(`${m[4]}:${m[5]}`), check.tz!);
        };
        const a = place(from.data);
        const b = place(to.data);
        if (b <= a) {
          check.add(['duty', i, 'to'], `the shift ends (${to.data}) before it starts (${from.data})`);
          ok = false;
        } else if (ok && unitCode) out.push({ unit: unitCode, handles: known, kind: 'dated', from: a, to: b });
        return;
      } else if (ok && unitCode && kindFrom === 'daily') {
        out.push({ unit: unitCode, handles: known, kind: 'daily', from: pad(from.data), to: pad(to.data) });
        return;
      }
    }
  });
  return out;
}
