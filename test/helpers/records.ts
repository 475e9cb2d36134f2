/** Store records for tests: every field filled, instants with milliseconds. */
import type { CaseRecord, PolicySnapshot } from '../../src/core/domain/case.ts';

/** 2026-12-01 08:30:00.123 Asia/Shanghai: every instant below carries milliseconds. */
export const T0 = new Date('2026-12-01T00:30:00.123Z');
/** T0 plus minutes (and milliseconds). */
export const at = (min: number, ms = 0): Date => new Date(T0.getTime() + min * 60_000 + ms);
export const POLICY: PolicySnapshot = {
  windows: { onsite: 60, reply: 240, report: 1440, transfer: 120, start: 30 },
  oralLossReportDays: 5,
  oralLossReportRemindDays: 4,
  reminderFraction: 0.8,
  repeatEveryMinutes: 30,
  repeatMax: 4,
};

/** A case with every field filled (the nullable ones null), received `id` minutes after T0. */
export function makeCase(id: number, o: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id,
    receivedAt: at(id),
    intake: 'walk_in',
    customerName: '张三',
    customerPhone: '13800138000',
    customerKey: 'cust-13800138000',
    vip: false,
    unitCode: 'OUT-11',
    branchCode: 'BR01',
    category: 'atm',
    matter: 'ATM 吞卡',
    request: null,
    cutover: false,
    openerHandle: 'zhang',
    ownerHandle: 'zhang',
    handlerHandle: null,
    status: 'open',
    level: 'outlet',
    levelUnitCode: 'OUT-11',
    levelSince: at(id),
    mediaThreat: false,
    repeat: false,
    skipLevel: false,
    cluster: false,
    crossProvince: false,
    claim: false,
    aggressive: false,
    transferred: false,
    lateTransfer: false,
    escalated: false,
    escalatedAt: null,
    escalationReasons: [],
    breached: false,
    responsibility: null,
    validity: null,
    statClass: null,
    resolvedAt: null,
    policy: POLICY,
    version: 0,
    updatedAt: at(id),
    ...o,
  };
}
