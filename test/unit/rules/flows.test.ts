import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../../src/core/domain/case.ts';
import { CASE_FLOW, canTransition, type FlowCommand } from '../../../src/core/rules/flows.ts';

const STATUSES: CaseStatus[] = ['open', 'on_site', 'replied', 'reported', 'resolved', 'reopened'];
type Verdict = ReturnType<typeof canTransition>;

/**
 * §3 lifecycle, written out by hand: open → on_site → replied → reported → resolved (→ reopened). Steps may be
 * skipped forward, never taken backwards; resolve from any unresolved state; reopen only from resolved; every
 * other command needs an unresolved case.
 */
const TABLE: Record<FlowCommand, Record<CaseStatus, Verdict>> = {
  arrive: { open: 'ok', on_site: 'already', replied: 'past', reported: 'past', resolved: 'resolved', reopened: 'ok' },
  reply: { open: 'ok', on_site: 'ok', replied: 'already', reported: 'past', resolved: 'resolved', reopened: 'ok' },
  report: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'already', resolved: 'resolved', reopened: 'ok' },
  resolve: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  reopen: {
    open: 'not_resolved',
    on_site: 'not_resolved',
    replied: 'not_resolved',
    reported: 'not_resolved',
    resolved: 'ok',
    reopened: 'not_resolved',
  },
  assign: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  transfer: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  start: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  note: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  escalate: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  pay: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  promise: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  // §16.2 formal and §16.5 callback act on a resolved case too (callback checks the status itself)
  formal: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'ok', reopened: 'ok' },
  callback: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'ok', reopened: 'ok' },
  line: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
  contacted: { open: 'ok', on_site: 'ok', replied: 'ok', reported: 'ok', resolved: 'resolved', reopened: 'ok' },
};

const CASES = (Object.keys(TABLE) as FlowCommand[]).flatMap((cmd) => STATUSES.map((st) => [cmd, st, TABLE[cmd][st]] as const));

describe('CASE_FLOW (§3 lifecycle)', () => {
  it('§3/§9: every command that acts on one case has a flow, and only those', () => {
    expect(Object.keys(CASE_FLOW).sort()).toEqual(Object.keys(TABLE).sort());
  });

  it('§3: the step commands move the case to their state', () => {
    expect(CASE_FLOW.arrive.to).toBe('on_site');
    expect(CASE_FLOW.reply.to).toBe('replied');
    expect(CASE_FLOW.report.to).toBe('reported');
    expect(CASE_FLOW.resolve.to).toBe('resolved');
    expect(CASE_FLOW.reopen.to).toBe('reopened');
  });

  it('§3: commands that change no status leave it alone', () => {
    for (const cmd of ['assign', 'transfer', 'start', 'note', 'escalate', 'pay'] as const) expect(CASE_FLOW[cmd].to).toBeUndefined();
  });

  it('§3: only reopen acts on a resolved case', () => {
    const fromResolved = (Object.keys(CASE_FLOW) as FlowCommand[]).filter((c) => CASE_FLOW[c].from === 'resolved');
    expect(fromResolved).toEqual(['reopen']);
  });
});

describe('canTransition (§3: only legal transitions are accepted)', () => {
  it.each(CASES)('§3: %s on a case that is %s → %s', (cmd, status, want) => {
    expect(canTransition(status, CASE_FLOW[cmd])).toBe(want);
  });

  it('§3: a walk-in solved at the counter can be resolved straight from open', () => {
    expect(canTransition('open', CASE_FLOW.resolve)).toBe('ok');
  });

  it('§3: steps may be skipped forward (open → reported)', () => {
    expect(canTransition('open', CASE_FLOW.report)).toBe('ok');
  });

  it('§3: never backwards (reported → on site is past)', () => {
    expect(canTransition('reported', CASE_FLOW.arrive)).toBe('past');
  });

  it('§3: a reopened case runs the steps again from the start', () => {
    for (const cmd of ['arrive', 'reply', 'report', 'resolve'] as const) expect(canTransition('reopened', CASE_FLOW[cmd])).toBe('ok');
  });

  it('§3: reopening twice is refused (a reopened case is not resolved)', () => {
    expect(canTransition('reopened', CASE_FLOW.reopen)).toBe('not_resolved');
  });
});
