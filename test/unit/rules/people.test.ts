import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../../src/core/domain/roster.ts';
import { CLOSED_LOOP_STEPS, closedLoop, contactOf, handsOff, levelsAbove, targetAbove } from '../../../src/core/rules/people.ts';
import { onDutyAt, shiftsBetween } from '../../../src/core/rules/duty.ts';
import { contactDeadline, snapshotPolicy, STEP_COMPLETES } from '../../../src/core/rules/sla.ts';
import { ZSettings } from '../../../src/core/domain/settings.ts';

const roster = parseRoster(`
settings: { timezone: Asia/Shanghai }
units:
  - { code: PROV, name: 省行, level: province, channels: { console: prov } }
  - { code: BR01, name: 一分行, level: branch, parent: PROV, channels: { console: br01 } }
  - { code: SB01, name: 城东支行, level: subbranch, parent: BR01 }
  - { code: OUT-12, name: 城东第十二网点, level: outlet, parent: SB01 }
  - { code: OUT-13, name: 城东第十三网点, level: outlet, parent: SB01 }
  - { code: OUT-14, name: 城东第十四网点, level: outlet, parent: BR01 }
members:
  - { handle: agent, name: 客服, unit: PROV, role: member }
  - { handle: chen, name: 陈, unit: PROV, role: leader }
  - { handle: liu, name: 刘, unit: BR01, role: leader }
  - { handle: li, name: 李, unit: SB01, role: leader }
  - { handle: zhang, name: 张, unit: OUT-12, role: liaison }
  - { handle: yang, name: 杨, unit: OUT-12, role: handler }
  - { handle: night, name: 夜班, unit: OUT-12, role: member }
  - { handle: wei, name: 魏, unit: OUT-13, role: leader }
  - { handle: plain, name: 普通, unit: OUT-14, role: member }
duty:
  - { unit: OUT-12, handles: [night], from: "20:00", to: "08:00" }
`);
const TZ = 'Asia/Shanghai';
/** who is on duty at `t`, from the roster's shifts (§12) */
const dutyAt = (t: Date) => {
  const shifts = shiftsBetween(roster.duty, t, new Date(t.getTime() + 1), TZ);
  return (unit: string) => onDutyAt(shifts, unit, t).map((x) => x.handle);
};
const contactAt = (unit: string, t: Date) => contactOf(roster.ancestors(unit), roster.members, dutyAt(t));
const DAY = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai: nobody on duty at OUT-12
const NIGHT = new Date('2026-12-01T14:30:00Z'); // 22:30 in Shanghai: @night on duty at OUT-12

describe('§15.1 hand-off: who is the unit contact', () => {
  it('the member on duty there now comes first', () => {
    expect(contactAt('OUT-12', NIGHT)).toEqual({ handle: 'night', unit: 'OUT-12', via: 'duty' });
  });
  it('nobody on duty: the liaison', () => {
    expect(contactAt('OUT-12', DAY)).toEqual({ handle: 'zhang', unit: 'OUT-12', via: 'liaison' });
  });
  it('no liaison: the leader', () => {
    expect(contactAt('OUT-13', DAY)).toEqual({ handle: 'wei', unit: 'OUT-13', via: 'leader' });
  });
  it('a unit with no contact at all hands to the nearest ancestor that has one (a member alone is no contact)', () => {
    expect(contactAt('OUT-14', DAY)).toEqual({ handle: 'liu', unit: 'BR01', via: 'leader' });
  });
  it('a unit under a subbranch without anyone climbs to the subbranch leader', () => {
    const r = contactOf([{ code: 'X' }, ...roster.ancestors('SB01')], roster.members, () => []);
    expect(r).toEqual({ handle: 'li', unit: 'SB01', via: 'leader' });
  });
  it('nobody anywhere: null', () => {
    expect(contactOf([{ code: 'X' }], [], () => [])).toBeNull();
  });
});

describe('§15.1 which cases are handed off', () => {
  it('a hotline case opened by someone outside the case unit', () => {
    expect(handsOff('hotline', { handle: 'agent', unit: 'PROV' }, 'OUT-12')).toBe(true);
  });
  it('the work-order API (no unit) hands off too', () => {
    expect(handsOff('hotline', { handle: 'api:ticket' }, 'OUT-12')).toBe(true);
  });
  it('not when the opener is a member of the case unit, nor for other channels', () => {
    expect(handsOff('hotline', { handle: 'zhang', unit: 'OUT-12' }, 'out-12')).toBe(false);
    expect(handsOff('phone', { handle: 'agent', unit: 'PROV' }, 'OUT-12')).toBe(false);
    expect(handsOff('walk_in', { handle: 'agent', unit: 'PROV' }, 'OUT-12')).toBe(false);
    // §17 a system without a unit never owns a case, whatever the channel
    expect(handsOff('phone', { handle: 'api:ticket' }, 'OUT-12')).toBe(true);
  });
});

describe('§15.1 the contact deadline', () => {
  const at = new Date('2026-12-01T14:30:00Z');
  it('defaults to 30 minutes, reminder at 80 %', () => {
    const d = contactDeadline(1, 0, at, snapshotPolicy(ZSettings.parse({})));
    expect(d.kind).toBe('contact');
    expect(d.dueAt.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(d.nextStage).toBe('reminder');
    expect(d.nextFireAt?.toISOString()).toBe('2026-12-01T14:54:00.000Z');
  });
  it('follows sla.contact', () => {
    const d = contactDeadline(1, 0, at, snapshotPolicy(ZSettings.parse({ sla: { contact: 10 } })));
    expect(d.dueAt.toISOString()).toBe('2026-12-01T14:40:00.000Z');
  });
  it('a policy frozen before the window existed reads 30 minutes', () => {
    const p = snapshotPolicy(ZSettings.parse({}));
    delete p.windows.contact;
    expect(contactDeadline(1, 0, at, p).dueAt.toISOString()).toBe('2026-12-01T15:00:00.000Z');
  });
  it('contacted and every later step (on site, reply, report) complete it; start does not', () => {
    for (const s of ['contacted', 'arrive', 'reply', 'report'] as const) expect(STEP_COMPLETES[s]).toContain('contact');
    expect(STEP_COMPLETES.start).not.toContain('contact');
  });
});

describe('§15.2 closed loop', () => {
  const isMember = (h: string) => !h.startsWith('api:');
  it.each(CLOSED_LOOP_STEPS.filter((s) => s !== 'resolve'))('%s by someone else: owner mentioned and told', (step) => {
    expect(closedLoop({ step, actor: 'he', owner: 'zhang', opener: 'zhang', isMember })).toEqual({
      mentionOwner: true,
      notices: [{ handle: 'zhang', archive: false }],
    });
  });
  it('the steps are the twelve of SPEC §15.2', () => {
    expect([...CLOSED_LOOP_STEPS].sort()).toEqual(
      ['arrive', 'contacted', 'reply', 'report', 'transfer', 'start', 'resolve', 'reopen', 'pay', 'promise', 'formal', 'callback'].sort(),
    );
  });
  it('resolve asks the owner to archive the form, and the opener of a handed-off case hears too', () => {
    expect(closedLoop({ step: 'resolve', actor: 'yang', owner: 'zhang', opener: 'agent', isMember }).notices).toEqual([
      { handle: 'zhang', archive: true },
      { handle: 'agent', archive: false },
    ]);
  });
  it('the owner acting: nobody is told, but the hand-off opener still hears of the resolve', () => {
    expect(closedLoop({ step: 'reply', actor: 'zhang', owner: 'zhang', opener: 'agent', isMember })).toEqual({
      mentionOwner: false,
      notices: [],
    });
    expect(closedLoop({ step: 'resolve', actor: 'zhang', owner: 'zhang', opener: 'agent', isMember }).notices).toEqual([
      { handle: 'agent', archive: false },
    ]);
  });
  it('a system opener (work-order API) gets no direct message; the opener resolving is not told', () => {
    expect(closedLoop({ step: 'resolve', actor: 'zhang', owner: 'zhang', opener: 'api:ticket', isMember }).notices).toEqual([]);
    expect(closedLoop({ step: 'resolve', actor: 'agent', owner: 'zhang', opener: 'agent', isMember }).notices).toEqual([
      { handle: 'zhang', archive: true },
    ]);
  });
  it('other commands (note, assign, escalate) are not loop steps', () => {
    for (const step of ['note', 'assign', 'escalate', 'show'])
      expect(closedLoop({ step, actor: 'he', owner: 'zhang', opener: 'zhang', isMember })).toEqual({ mentionOwner: false, notices: [] });
  });
});

describe('§15.3 straight up: the levels', () => {
  const up = roster.ancestors('OUT-12');
  it('default: the nearest level above', () => {
    expect(targetAbove(up, 'outlet', undefined)).toMatchObject({ ok: true, unit: { code: 'SB01' } });
    expect(targetAbove(up, 'subbranch', undefined)).toMatchObject({ ok: true, unit: { code: 'BR01' } });
  });
  it('to=branch and to=province skip the levels between', () => {
    expect(targetAbove(up, 'outlet', 'branch')).toMatchObject({ ok: true, unit: { code: 'BR01' } });
    expect(targetAbove(up, 'outlet', 'province')).toMatchObject({ ok: true, unit: { code: 'PROV' } });
  });
  it('a level at or below the case own is refused, naming the possible ones', () => {
    expect(targetAbove(up, 'subbranch', 'subbranch')).toEqual({ ok: false, possible: ['branch', 'province'] });
    expect(targetAbove(up, 'branch', 'subbranch')).toEqual({ ok: false, possible: ['province'] });
    expect(targetAbove(up, 'province', undefined)).toEqual({ ok: false, possible: [] });
  });
  it('a level the organisation skips above this unit is not possible', () => {
    const skip = roster.ancestors('OUT-14');
    expect(levelsAbove(skip, 'outlet')).toEqual(['branch', 'province']);
    expect(targetAbove(skip, 'outlet', 'subbranch')).toEqual({ ok: false, possible: ['branch', 'province'] });
    expect(targetAbove(skip, 'outlet', undefined)).toMatchObject({ ok: true, unit: { code: 'BR01' } });
  });
});
