import type { CaseStatus } from '../domain/case.ts';

/**
 * §3 lifecycle: open → on_site → replied → reported → resolved (→ reopened). Steps may be skipped forward,
 * never taken backwards; resolve is accepted from any unresolved state; reopen only from resolved.
 * Commands not listed here (assign, note, transfer, …) need an unresolved case.
 */
const ORDER: Record<CaseStatus, number> = { open: 0, reopened: 0, on_site: 1, replied: 2, reported: 3, resolved: 4 };

export type Flow = { to?: CaseStatus; from: 'unresolved' | 'resolved' | 'any' };

/** The commands that act on one existing case. */
export type FlowCommand =
  | 'arrive'
  | 'reply'
  | 'report'
  | 'resolve'
  | 'reopen'
  | 'assign'
  | 'transfer'
  | 'start'
  | 'note'
  | 'escalate'
  | 'pay'
  | 'promise'
  | 'formal'
  | 'callback'
  | 'line'
  | 'contacted';

export const CASE_FLOW: Record<FlowCommand, Flow> = {
  arrive: { to: 'on_site', from: 'unresolved' },
  reply: { to: 'replied', from: 'unresolved' },
  report: { to: 'reported', from: 'unresolved' },
  resolve: { to: 'resolved', from: 'unresolved' },
  reopen: { to: 'reopened', from: 'resolved' },
  assign: { from: 'unresolved' },
  transfer: { from: 'unresolved' },
  start: { from: 'unresolved' },
  note: { from: 'unresolved' },
  escalate: { from: 'unresolved' },
  pay: { from: 'unresolved' },
  promise: { from: 'unresolved' },
  // §16.2: the formal loss report is recorded whatever happened to the case; §16.5: a callback follows the reply
  formal: { from: 'any' },
  callback: { from: 'any' },
  line: { from: 'unresolved' },
  // §15.1: the contact called the customer (no state of its own: it completes the `contact` deadline)
  contacted: { from: 'unresolved' },
};

/**
 * `already`: the case is in that state now; `past`: it has gone beyond it (the step was skipped forward).
 * Neither is a move backwards, and the refusal says what is true.
 */
export function canTransition(status: CaseStatus, flow: Flow): 'ok' | 'resolved' | 'not_resolved' | 'already' | 'past' {
  if (flow.from === 'any') return 'ok';
  if (flow.from === 'resolved') return status === 'resolved' ? 'ok' : 'not_resolved';
  if (status === 'resolved') return 'resolved';
  if (flow.to && flow.to !== 'resolved') {
    if (ORDER[flow.to] === ORDER[status] && flow.to === status) return 'already';
    if (ORDER[flow.to] <= ORDER[status]) return 'past';
  }
  return 'ok';
}

/** §5: after a transfer the steps (on site, reply, report) restart at the new level: the status goes back to its start. */
export const restartedStatus = (status: CaseStatus): CaseStatus => (status === 'resolved' || status === 'reopened' ? status : 'open');
