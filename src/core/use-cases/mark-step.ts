import { STEP_COMPLETES } from '../rules/sla.ts';
import { caseUseCase, doneAck, type UseCase } from './use-case.ts';

interface StepInput {
  case: number;
  text?: string;
}

/**
 * §3/§五: on site, replied, reported. Taking a step completes its deadline and any earlier one (steps may be
 * skipped forward, never taken back).
 */
function markStep(command: 'arrive' | 'reply' | 'report', action: 'on_site' | 'replied' | 'reported'): UseCase<StepInput> {
  return caseUseCase<StepInput>(command, async ({ desk }, c, v) => ({
    timeline: { action, text: v.text ?? null },
    ack: doneAck(desk, c, action),
    completes: STEP_COMPLETES[command],
  }));
}

/** §15.1: the contact of a handed-off case called the customer: completes the `contact` deadline. */
export const markContacted = caseUseCase<StepInput>('contacted', async ({ desk }, c, v) => ({
  timeline: { action: 'contacted', text: v.text ?? null },
  ack: doneAck(desk, c, 'contacted'),
  completes: STEP_COMPLETES.contacted,
}));

export const arriveOnSite = markStep('arrive', 'on_site');
export const replyToCustomer = markStep('reply', 'replied');
export const reportResult = markStep('report', 'reported');
