/** A case with a full history for the paperwork tests (form and mail): transferred, escalated, resolved. */
import type { CaseFormData } from '../../src/reports/case-form.ts';
import type { DeadlineRecord, TimelineRecord } from '../../src/core/domain/case.ts';
import { makeCase, at } from './records.ts';

export const FULL_PHONE = '13912345678';
export const MASKED_PHONE = '139****5678';

const dl = (
  id: number,
  kind: DeadlineRecord['kind'],
  generation: number,
  start: number,
  due: number,
  o: Partial<DeadlineRecord> = {},
): DeadlineRecord => ({
  id,
  caseId: 12,
  kind,
  generation,
  startAt: at(start),
  dueAt: at(due),
  state: 'done',
  completedAt: null,
  breachedAt: null,
  nextStage: null,
  nextFireAt: null,
  repeatsSent: 0,
  ...o,
});

const tl = (
  min: number,
  actor: string,
  action: string,
  text: string | null = null,
  data: TimelineRecord['data'] = null,
): TimelineRecord => ({
  caseId: 12,
  at: at(min),
  actor,
  action,
  text,
  data,
});

export function formFixture(): CaseFormData {
  return {
    case: makeCase(12, {
      receivedAt: at(0),
      intake: 'phone',
      customerName: '李小红',
      customerPhone: FULL_PHONE,
      vip: true,
      unitCode: 'OUT-12',
      category: 'urgent_cash',
      matter: `系统切换期间取不出钱，客户称要找记者曝光，回拨电话 ${FULL_PHONE}`,
      request: '当天取到现金 2000 元',
      cutover: true,
      ownerHandle: 'zhang',
      handlerHandle: 'li',
      status: 'resolved',
      level: 'province',
      levelUnitCode: 'PROV',
      transferred: true,
      escalated: true,
      escalatedAt: at(40),
      escalationReasons: ['media'],
      mediaThreat: true,
      responsibility: 'not_at_fault',
      validity: 'valid',
      statClass: 'complaint',
      resolvedAt: at(300),
    }),
    deadlines: [
      dl(1, 'transfer', 0, 0, 60, { completedAt: at(30) }),
      dl(2, 'onsite', 0, 0, 60, { state: 'cancelled' }),
      dl(3, 'start', 1, 30, 150, { completedAt: at(45) }),
      dl(4, 'onsite', 1, 30, 90, { completedAt: at(100), breachedAt: at(90) }),
      dl(5, 'reply', 1, 30, 270, { completedAt: at(200) }),
      dl(6, 'report', 1, 30, 510, { completedAt: at(300) }),
    ],
    timeline: [
      tl(0, 'zhang', 'opened'),
      tl(30, 'zhang', 'transferred', '网点无法处理', { from: 'OUT-12', to: 'SB01' }),
      tl(40, 'zhang', 'noted', `客户说要找记者曝光，电话 ${FULL_PHONE}`),
      tl(40, 'bot', 'escalated', null, { reasons: ['media'] }),
      tl(45, 'li', 'started'),
      tl(90, 'bot', 'breached', null, { deadline: 'onsite', stage: 'breach' }),
      tl(100, 'li', 'on_site'),
      tl(200, 'li', 'replied', '已向客户解释切换原因'),
      tl(300, 'li', 'resolved', '已安排紧急取现 2000 元，客户满意', { fault: 'not_at_fault', valid: true }),
    ],
    paidFen: 200000,
  };
}
