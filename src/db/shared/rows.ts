/**
 * Rows as both stores read and write them ⇄ the domain's records. The column values are already JavaScript
 * values here (Dates, booleans: the SQLite store converts its text times and 0/1 first); what this maps is the
 * encodings of encodings.ts, and which columns belong to a record.
 */
import type { CaseRecord, DeadlineRecord, OutboxInput, OutboxRecord, TimelineRecord } from '../../core/domain/case.ts';
import type { PendingOutboxRecord } from '../../core/ports/outbox.ts';
import {
  decodeDelivered,
  decodePayload,
  decodePolicy,
  decodeReasons,
  decodeTimelineData,
  encodePayload,
  encodePolicy,
  encodeReasons,
  encodeTimelineData,
} from './encodings.ts';

/** A case as the `Case` table holds it. */
export type CaseRow = Omit<CaseRecord, 'escalationReasons' | 'policy'> & { escalationNote: string | null; policy: string };

/** The `Case` table's columns, in insert order. */
export const CASE_COLUMNS = [
  'id',
  'receivedAt',
  'intake',
  'customerName',
  'customerPhone',
  'customerKey',
  'vip',
  'unitCode',
  'branchCode',
  'category',
  'matter',
  'request',
  'cutover',
  'openerHandle',
  'ownerHandle',
  'handlerHandle',
  'status',
  'level',
  'levelUnitCode',
  'levelSince',
  'mediaThreat',
  'repeat',
  'skipLevel',
  'cluster',
  'crossProvince',
  'claim',
  'aggressive',
  'transferred',
  'lateTransfer',
  'escalated',
  'escalatedAt',
  'escalationNote',
  'breached',
  'responsibility',
  'validity',
  'statClass',
  'resolvedAt',
  'policy',
  'version',
  'updatedAt',
] as const satisfies readonly (keyof CaseRow)[];

export function caseToRow(c: CaseRecord): CaseRow {
  const { escalationReasons, policy, ...rest } = c;
  return { ...rest, escalationNote: encodeReasons(escalationReasons), policy: encodePolicy(policy) };
}

/**
 * A row of `Case` (every column; a store may read more, e.g. a sort key, and it is left out). Written field by
 * field: one object of one shape per case read (a rest/spread copy of forty columns cost four times as much).
 */
export function caseFromRow(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    intake: r.intake,
    customerName: r.customerName,
    customerPhone: r.customerPhone,
    customerKey: r.customerKey,
    vip: r.vip,
    unitCode: r.unitCode,
    branchCode: r.branchCode,
    category: r.category,
    matter: r.matter,
    request: r.request,
    cutover: r.cutover,
    openerHandle: r.openerHandle,
    ownerHandle: r.ownerHandle,
    handlerHandle: r.handlerHandle,
    status: r.status,
    level: r.level,
    levelUnitCode: r.levelUnitCode,
    levelSince: r.levelSince,
    mediaThreat: r.mediaThreat,
    repeat: r.repeat,
    skipLevel: r.skipLevel,
    cluster: r.cluster,
    crossProvince: r.crossProvince,
    claim: r.claim,
    aggressive: r.aggressive,
    transferred: r.transferred,
    lateTransfer: r.lateTransfer,
    escalated: r.escalated,
    escalatedAt: r.escalatedAt,
    escalationReasons: decodeReasons(r.escalationNote),
    breached: r.breached,
    responsibility: r.responsibility,
    validity: r.validity,
    statClass: r.statClass,
    resolvedAt: r.resolvedAt,
    policy: decodePolicy(r.policy),
    version: r.version,
    updatedAt: r.updatedAt,
  };
}

/** A patch of a case in columns: only the fields it names. */
export function casePatchToRow(patch: Partial<CaseRecord>): Partial<CaseRow> {
  const { escalationReasons, policy, ...rest } = patch;
  const row: Partial<CaseRow> = { ...rest };
  if (escalationReasons !== undefined) row.escalationNote = encodeReasons(escalationReasons);
  if (policy !== undefined) row.policy = encodePolicy(policy);
  return row;
}

/** A timeline entry as the `TimelineEntry` table holds it (its `id` is the insertion order). */
export type TimelineRow = Omit<TimelineRecord, 'data'> & { data: string | null };

export const timelineToRow = (e: TimelineRecord): TimelineRow => ({
  caseId: e.caseId,
  at: e.at,
  actor: e.actor,
  action: e.action,
  text: e.text ?? null,
  data: encodeTimelineData(e.data),
});

export const timelineFromRow = (r: TimelineRow): TimelineRecord => ({
  caseId: r.caseId,
  at: r.at,
  actor: r.actor,
  action: r.action,
  text: r.text,
  data: decodeTimelineData(r.data),
});

/** The port's fields of a `Deadline` row (the table also keeps the case's unit and receipt time, for §8 counts). */
export const deadlineFromRow = (r: DeadlineRecord): DeadlineRecord => ({
  id: r.id,
  caseId: r.caseId,
  kind: r.kind,
  generation: r.generation,
  startAt: r.startAt,
  dueAt: r.dueAt,
  state: r.state,
  completedAt: r.completedAt,
  breachedAt: r.breachedAt,
  nextStage: r.nextStage,
  nextFireAt: r.nextFireAt,
  repeatsSent: r.repeatsSent,
});

/** A new `OutboxMessage` row: due at once, its `late` flag copied out of the payload for the summary count. */
export const outboxToRow = (m: OutboxInput) => ({
  key: m.key,
  at: m.at,
  kind: m.kind,
  caseId: m.caseId,
  toUnit: m.toUnit,
  toHandle: m.toHandle,
  payload: encodePayload(m.payload),
  late: !!m.payload.late,
  nextAttemptAt: m.at,
});

/** The `OutboxMessage` columns a pending message is read with. */
export interface OutboxRow {
  id: number;
  key: string;
  at: Date;
  kind: string;
  caseId: number | null;
  toUnit: string | null;
  toHandle: string | null;
  payload: string;
  attempts: number;
  delivered: string | null;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  leaseOwner: string | null;
}

export const outboxFromRow = (r: OutboxRow): PendingOutboxRecord => ({
  id: r.id,
  key: r.key,
  at: r.at,
  kind: r.kind as OutboxRecord['kind'],
  caseId: r.caseId,
  toUnit: r.toUnit,
  toHandle: r.toHandle,
  payload: decodePayload(r.payload),
  attempts: r.attempts,
  delivered: decodeDelivered(r.delivered),
  nextAttemptAt: r.nextAttemptAt,
  leaseUntil: r.leaseUntil,
  leaseOwner: r.leaseOwner,
});
