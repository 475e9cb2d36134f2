import type { Clock } from '../ports/clock.ts';
import { label, t, type Locale, type MessageKey, type MessageParams } from '../i18n/messages.ts';
import type { CaseRecord, EscalationReason, MessageKind, OutboxInput } from '../domain/case.ts';
import { caseLabel } from '../domain/case.ts';
import type { CaseReads, CaseTimeline, DutyWrites, Jobs, Observer, ReportQueries, UnitOfWork } from '../ports/store.ts';
import type { DutyReads } from '../ports/duty.ts';
import { dutyNow } from './duty-shifts.ts';
import type { TimelineData } from '../domain/case.ts';
import type { CommandCatalog } from '../domain/command-catalog.ts';
import type { Documents } from '../ports/documents.ts';
import type { BoardLinks } from '../ports/board-links.ts';
import { escalationPatch, oneLevelUp } from '../rules/escalation.ts';
import { levelRank, type Roster, type TUnit } from '../domain/roster.ts';
import { escalationLine, unitLabel, type RenderCtx } from '../i18n/render.ts';
import { maskFreeText } from '../rules/masking.ts';

export interface DeskDeps {
  /** transactions, the scheduler's reads and the summary's aggregates */
  store: UnitOfWork &
    CaseReads &
    Jobs &
    Pick<ReportQueries, 'summaryAggregates' | 'carriedOver' | 'casesReceived' | 'caseDetails'> &
    DutyReads;
  roster: Roster;
  clock: Clock;
  observer?: Observer;
  /** the commands, for help (supplied by whoever composes the desk: the core never imports the grammar) */
  catalog: CommandCatalog;
  /** §14 the paperwork (forms), rendered outside the core; without it `/complaint form` is refused */
  documents?: Documents;
  /** §13 signed links to the war-room board, made by the web front end; without it `/complaint board` says so */
  boardLinks?: BoardLinks;
}

/** Shared helpers for the use cases: rendering context and message building. */
export class DeskContext {
  readonly r: RenderCtx;
  constructor(readonly deps: DeskDeps) {
    this.r = { roster: deps.roster, locale: deps.roster.settings.locale, tz: deps.roster.settings.timezone };
  }
  get roster(): Roster {
    return this.deps.roster;
  }
  get catalog(): CommandCatalog {
    return this.deps.catalog;
  }
  get locale(): Locale {
    return this.r.locale;
  }
  now(): Date {
    return this.deps.clock.now();
  }
  t(key: MessageKey, params: MessageParams = {}): string {
    return t(this.locale, key, params);
  }
  label(group: string, v: string): string {
    return label(this.locale, group, v);
  }

  /** A post in a unit's group channel (the nearest ancestor with channels, §2). */
  toGroup(
    key: string,
    kind: MessageKind,
    c: CaseRecord | null,
    unitCode: string,
    text: string,
    mentions: string[],
    extra: Partial<OutboxInput['payload']> = {},
  ): OutboxInput {
    const group = this.roster.groupUnit(unitCode);
    return {
      key,
      at: this.now(),
      kind,
      caseId: c?.id ?? null,
      toUnit: group.code,
      toHandle: null,
      payload: { text: c ? withEscalation(this, c, text) : text, mentions: dedupe(mentions), ...extra },
    };
  }

  /** A direct message to a member (`@handle`). */
  toMember(
    key: string,
    kind: MessageKind,
    c: CaseRecord | null,
    handle: string,
    text: string,
    extra: Partial<OutboxInput['payload']> = {},
  ): OutboxInput {
    return {
      key,
      at: this.now(),
      kind,
      caseId: c?.id ?? null,
      toUnit: null,
      toHandle: handle,
      payload: { text: c ? withEscalation(this, c, text) : text, mentions: [handle], ...extra },
    };
  }

  /**
   * §6: escalate to the province group at once, mentioning its leaders, and post in every group channel on the
   * way up ("level by level"); §12: each post also mentions the members on duty in that channel's unit now.
   * Returns the case patch and the posts; the caller writes both in its transaction.
   */
  async autoEscalation(
    tx: Pick<DutyWrites, 'takenShiftsBetween'>,
    c: CaseRecord,
    reason: EscalationReason,
    line: string,
    keySuffix: string,
    onDuty?: (unitCode: string) => string[],
  ): Promise<{ patch: Partial<CaseRecord>; posts: OutboxInput[] }> {
    const patch = escalationPatch(c, reason, 'province', this.now());
    const next = { ...c, ...patch };
    const leaders = this.roster.leadersOf(this.roster.province.code).map((m) => m.handle);
    const duty = onDuty ?? (await dutyNow(this, tx));
    const posts = this.roster.groupChain(c.unitCode).map((g) => {
      const who = dedupe([...leaders, ...duty(g.code)]);
      return this.toGroup(
        `esc:${c.id}:${reason}:${keySuffix}:${g.code}`,
        'escalation',
        next,
        g.code,
        this.escalationText(next, reason, line, who, this.roster.province.code),
        who,
        { reason },
      );
    });
    return { patch, posts };
  }

  /**
   * One level up (manual, or after nags went unanswered): post to that level's group, mentioning its leaders and
   * (§12) the members on duty in that group's unit now.
   */
  async escalateOneLevel(
    tx: Pick<DutyWrites, 'takenShiftsBetween'>,
    c: CaseRecord,
    reason: EscalationReason,
    makeLine: (levelLabel: string) => string,
    keySuffix: string,
    onDuty?: (unitCode: string) => string[],
  ): Promise<{ patch: Partial<CaseRecord>; posts: OutboxInput[]; target: string } | null> {
    const target = oneLevelUp(this.roster.ancestors(c.unitCode), c.level);
    if (!target) return null;
    return this.escalateUpTo(tx, c, reason, target, makeLine, keySuffix, onDuty);
  }

  /**
   * §15.3 straight up: to `target` (an ancestor above the case's level) at once, posting in every group channel on
   * the way from the case's level up to the target's group ("level by level", like §6), each post mentioning that
   * group's leaders and (§12) the members on duty in its unit now. One level up is the same with one group.
   */
  async escalateUpTo(
    tx: Pick<DutyWrites, 'takenShiftsBetween'>,
    c: CaseRecord,
    reason: EscalationReason,
    target: TUnit,
    makeLine: (levelLabel: string) => string,
    keySuffix: string,
    onDuty?: (unitCode: string) => string[],
  ): Promise<{ patch: Partial<CaseRecord>; posts: OutboxInput[]; target: string }> {
    const patch = escalationPatch(c, reason, target.level, this.now());
    const next = { ...c, ...patch };
    const top = this.roster.groupUnit(target.code);
    const groups = this.roster
      .groupChain(c.unitCode)
      .filter((g) => levelRank(g.level) >= levelRank(target.level) && levelRank(g.level) < levelRank(c.level));
    if (!groups.some((g) => g.code === top.code)) groups.push(top);
    const duty = onDuty ?? (await dutyNow(this, tx));
    const line = makeLine(this.label('level', target.level));
    return {
      patch,
      target: target.code,
      posts: groups.map((group) => {
        const leaders = dedupe([...this.roster.leadersOf(group.code).map((m) => m.handle), ...duty(group.code)]);
        return this.toGroup(
          `esc:${c.id}:${reason}:${keySuffix}:${group.code}`,
          'escalation',
          next,
          group.code,
          this.escalationText(next, reason, line, leaders, group.code),
          leaders,
          { reason },
        );
      }),
    };
  }

  private escalationText(c: CaseRecord, reason: EscalationReason, line: string, leaders: string[], group: string): string {
    return this.t('post_escalation', {
      id: caseLabel(c.id),
      reason: this.label('reason', reason),
      line,
      // a group without leaders on the roster is still named, so the post says who must look
      who: leaders.length ? leaders.map((h) => `@${h}`).join(' ') : (this.roster.unit(group)?.name ?? group),
      unit: unitLabel(this.r, c.unitCode),
      category: this.label('category', c.category),
      matter: maskFreeText(c.matter, c.customerName).slice(0, 120),
    });
  }

  async audit(
    tx: Pick<CaseTimeline, 'appendTimeline'>,
    c: CaseRecord,
    actor: string,
    action: string,
    text?: string | null,
    data?: TimelineData,
  ): Promise<void> {
    await tx.appendTimeline([{ caseId: c.id, at: this.now(), actor, action, text: text ?? null, data: data ?? null }]);
  }
}

function withEscalation(ctx: DeskContext, c: CaseRecord, text: string): string {
  const line = escalationLine(ctx.r, c);
  return line && !text.includes(line) ? `${text}\n${line}` : text;
}

export const dedupe = (xs: (string | null | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];
