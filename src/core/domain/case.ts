import type { CategorySlug, Fault, IntakeChannel, StatClass } from './categories.ts';
import type { Level } from './roster.ts';

/** §3 lifecycle states. */
export type CaseStatus = 'open' | 'on_site' | 'replied' | 'reported' | 'resolved' | 'reopened';

/** §5 deadline kinds (the drill contract's `deadline` values). */
/** Every kind of deadline (§五, §四(三)3). */
export const DEADLINE_KINDS = ['onsite', 'reply', 'report', 'transfer', 'start', 'oral_loss_report', 'contact', 'promise'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Stages of a deadline's nagging: reminder at 80 %, breach at the deadline, then repeats; expiry for loss reports. */
export type Stage = 'reminder' | 'breach' | `repeat${number}` | 'expiry';

type DeadlineState = 'pending' | 'done' | 'cancelled';

/** §6 escalation reasons (the drill contract's `reason` values). */
export type EscalationReason = 'media' | 'repeat' | 'skip_level' | 'cluster' | 'cross_province' | 'manual' | 'breach' | 'anger';

/** The drill contract's message kinds (§10). */
export type MessageKind =
  'ack' | 'error' | 'case' | 'update' | 'reminder' | 'breach' | 'escalation' | 'expiry' | 'summary' | 'mail' | 'handover';

/** Policy frozen onto a case when it opens (Grafana OnCall's habit): later setting edits don't change it. */
export interface PolicySnapshot {
  /** `contact` (§15.1) is absent from policies frozen before it existed: read it with `contactWindow` */
  windows: { onsite: number; reply: number; report: number; transfer: number; start: number; contact?: number };
  oralLossReportDays: number;
  oralLossReportRemindDays: number;
  reminderFraction: number;
  repeatEveryMinutes: number;
  repeatMax: number;
  /** §16.4: a `general` case gets one working day for its reply instead of §5's windows (absent on older cases: false) */
  generalOneWorkingDay?: boolean;
}

export interface CaseRecord {
  id: number;
  receivedAt: Date;
  intake: IntakeChannel;
  customerName: string | null;
  customerPhone: string | null;
  customerKey: string | null;
  vip: boolean;
  unitCode: string;
  branchCode: string;
  category: CategorySlug;
  matter: string;
  request: string | null;
  cutover: boolean;
  openerHandle: string;
  ownerHandle: string;
  handlerHandle: string | null;
  status: CaseStatus;
  level: Level;
  levelUnitCode: string;
  levelSince: Date;
  mediaThreat: boolean;
  repeat: boolean;
  skipLevel: boolean;
  cluster: boolean;
  crossProvince: boolean;
  claim: boolean;
  aggressive: boolean;
  transferred: boolean;
  lateTransfer: boolean;
  escalated: boolean;
  escalatedAt: Date | null;
  /** §6: why the case went up, in the order the reasons arose (every post shows them in one line). */
  escalationReasons: EscalationReason[];
  breached: boolean;
  responsibility: Fault | null;
  validity: 'valid' | 'special' | null;
  statClass: StatClass | null;
  resolvedAt: Date | null;
  /** The policy in force when the case opened, frozen onto it. */
  policy: PolicySnapshot;
  version: number;
  updatedAt: Date;
}

/** What a timeline entry records beyond its free text (who was assigned, where a case went, which deadline). */
export interface TimelineData {
  handle?: string;
  from?: string;
  to?: string;
  late?: boolean;
  level?: string;
  reason?: EscalationReason;
  reasons?: EscalationReason[];
  trigger?: string;
  amount?: string;
  amountFen?: number;
  fault?: string;
  valid?: boolean;
  /** §15.7 the business lines a case was reported to */
  lines?: string[];
  /** a deadline's own event (breach, escalation after unanswered nags) */
  deadline?: DeadlineKind;
  stage?: Stage;
  /** §16.3 the promised time, local "YYYY-MM-DD HH:MM" */
  by?: string;
  /** §16.5 a callback's result */
  result?: 'satisfied' | 'basically' | 'unsatisfied';
  /** §15.2 the step another person recorded, in the owner's direct message */
  step?: string;
}

export interface TimelineRecord {
  caseId: number;
  at: Date;
  actor: string;
  action: string;
  text: string | null;
  data: TimelineData | null;
}

export interface DeadlineRecord {
  id: number;
  caseId: number;
  kind: DeadlineKind;
  generation: number;
  startAt: Date;
  dueAt: Date;
  state: DeadlineState;
  completedAt: Date | null;
  breachedAt: Date | null;
  nextStage: Stage | null;
  nextFireAt: Date | null;
  repeatsSent: number;
}

export type NewDeadline = Omit<DeadlineRecord, 'id'>;

/** What a message says, independent of any platform. */
export interface MessagePayload {
  text: string;
  mentions: string[];
  deadline?: DeadlineKind;
  reason?: EscalationReason;
  unit?: string;
  stats?: SummaryStats;
  late?: boolean;
  /** structured data for rich renderers (Block Kit, embeds) */
  card?: CaseCard;
  summary?: unknown;
  /** §14 a `mail` message's recipient (the unit's `email`) and its day; the text is the subject */
  mailTo?: string;
  date?: string;
  /** §12 a handover, for rich renderers (Block Kit, embeds) */
  handover?: HandoverCard;
}

/** §12 a handover as a card shows it (already worded in the roster's locale, customer data masked). */
export interface HandoverCard {
  unit: string;
  title: string;
  /** "Incoming: @a", "Outgoing: @b", "This shift ends 20:00" */
  people: string[];
  /** the gap line, when nobody is on duty from now */
  gap: string | null;
  sections: { title: string; lines: string[]; more: number }[];
  late: string | null;
}

/** An outgoing message, written to the outbox in the same transaction as the change that caused it. */
export interface OutboxInput {
  key: string;
  at: Date;
  kind: MessageKind;
  caseId: number | null;
  toUnit: string | null;
  toHandle: string | null;
  payload: MessagePayload;
}

export interface OutboxRecord extends OutboxInput {
  id: number;
  attempts: number;
  delivered: string[];
  /**
   * true when an earlier sender claimed this message and never recorded the outcome (it crashed): the message
   * may already be out, so a notifier that can look it up first should
   */
  resumed?: boolean;
}

export interface SummaryStats {
  received: number;
  open: number;
  resolved: number;
  not_counted: number;
  consultation: number;
  complaint: number;
  overdue: number;
  escalated: number;
  /** §8: open cases of the subtree received before the window, and those of them overdue at the summary time */
  carried_over: number;
  carried_over_overdue: number;
  /** §16.5 callbacks recorded in the window (the latest per case), and the satisfaction rate (0–1, null without callbacks) */
  callbacks: number;
  satisfaction: number | null;
}

/** The case as a card shows it (customer already masked). */
export interface CaseCard {
  id: string;
  status: CaseStatus;
  statusLabel: string;
  title: string;
  fields: { label: string; value: string }[];
  guide: string;
  escalation: string | null;
  deadlines: { kind: DeadlineKind; label: string; dueAt: string; state: string }[];
  buttons: ('take' | 'on_site' | 'replied' | 'reported' | 'resolve' | 'escalate' | 'contacted')[];
}

export const caseLabel = (id: number): string => `C${id}`;

/**
 * §15.1: a case handed off (95566 不落地) has an opener who is not its first-responsible owner: nobody else ever
 * changes the owner, so this is how the hand-off is known without a flag of its own.
 */
export const isHandedOff = (c: Pick<CaseRecord, 'openerHandle' | 'ownerHandle'>): boolean => c.openerHandle !== c.ownerHandle;

export type CardButton = CaseCard['buttons'][number];

/** §9: each card button runs the same use case, with the same permissions, as its text command. */
export const CARD_BUTTON_COMMAND: Record<CardButton, string> = {
  take: 'assign',
  on_site: 'arrive',
  replied: 'reply',
  reported: 'report',
  resolve: 'resolve',
  escalate: 'escalate',
  contacted: 'contacted',
};

/** The command's raw values for a button press: "take" makes the person who pressed it the handler. */
export function cardButtonValues(button: CardButton, caseId: string, actorHandle: string): Record<string, string> {
  return button === 'take' ? { case: caseId, handle: actorHandle } : { case: caseId };
}

/** The case flags a post and the register name (§3), in the order they are shown. */
export const CASE_FLAG_KEYS = [
  'mediaThreat',
  'repeat',
  'skipLevel',
  'cluster',
  'crossProvince',
  'claim',
  'aggressive',
  'lateTransfer',
  'cutover',
] as const;
