/**
 * Bolt listeners: `/complaint …`, the card buttons and the modal submissions, each answered within Slack's 3 s
 * (platforms/shared/answer-or-defer.ts). A use case runs once per Slack request: the request key makes a retry of
 * the same request get the stored reply.
 */
import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import { findCommand, validate, type CommandDef, type ParsedCommand } from '../../../commands/index.ts';
import { cardButtonValues } from '../../core/domain/case.ts';
import type { TMember } from '../../core/domain/roster.ts';
import type { CaseRepository } from '../../core/ports/cases.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { ProcessedRequests, RequestJournal } from '../../core/ports/requests.ts';
import { answerOrDefer, DEFER_AFTER_MS, inTime } from '../shared/answer-or-defer.ts';
import { isRefusal, type FrontDesk, type Reply } from '../shared/front-desk.ts';
import { internalError, mayActOn, notInRoster as notInRosterText } from '../shared/refusals.ts';
import { clip } from '../shared/text.ts';
import {
  BUTTON_COMMAND,
  CARD_ACTION,
  NEW_CASE_CALLBACK,
  RESOLVE_CALLBACK,
  doneView,
  newCaseModal,
  readViewValues,
  resolveModal,
  validateModal,
  type SlackRenderCtx,
} from './blocks.ts';
import { ephemeralAnswers, type Ephemeral } from './replies.ts';
import { SLACK_REPLY_CHARS } from './limits.ts';
import { w } from './slack-labels.ts';
import { fromSlackText, toSlackText } from './slack-text.ts';

const READ_ONLY = new Set(['show', 'list', 'summary', 'help']);

interface ListenerDeps {
  desk: FrontDesk;
  clock: Clock;
  journal: RequestJournal & ProcessedRequests;
  cases: Pick<CaseRepository, 'getCase'>;
  log: PinoLogger;
  poke: () => void;
  /** read on every request (tests change it): ack "in hand" after this long; 0 always answers late */
  deferAfterMs: () => number | undefined;
  /** §14 a reply's document (the handling form) goes into the case's thread; `channel` is where the command came from */
  attachFile?: (reply: Reply, channel: string | null) => Promise<void>;
}

type ViewAck = { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: unknown };

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { desk, log, poke, journal, clock } = deps;
  const deferAfter = () => deps.deferAfterMs() ?? DEFER_AFTER_MS;
  const roster = desk.roster;
  const r: SlackRenderCtx = { roster, locale: desk.ctx.locale };
  const L = r.locale;

  const notInRoster = (userId: string): string => toSlackText(roster, notInRosterText(desk, '\u0000')).replace('\u0000', `<@${userId}>`);

  /** Runs a use case once per Slack request: a retry of the same request gets the stored reply. */
  const once = async (key: string | undefined, fn: () => Promise<Reply>): Promise<Reply> => {
    try {
      // (no pacing here: the store's connection orders and batches writers, issue 23)
      return await fn();
    } catch (e) {
      // A retry racing the original can lose the unique key; the original's reply is then stored.
      if (key) {
        const seen = await journal.processedRequest(key).catch(() => null);
        if (seen) return JSON.parse(seen) as Reply;
      }
      throw e;
    }
  };
  const answer = (reply: Reply, sub: string): Ephemeral[] => ephemeralAnswers(desk, r, reply, sub);
  // §14: the form's upload never fails the command (its path is in the answer); a refusal is logged
  const attach = (reply: Reply, channel: string | null) =>
    (deps.attachFile?.(reply, channel) ?? Promise.resolve()).catch((e: unknown) =>
      log.warn({ err: e, caseId: reply.caseId }, 'slack: the form could not be uploaded'),
    );

  // ---------------------------------------------------------------- /complaint …
  app.command(/^\/.+/, async ({ command, ack, client, respond }) => {
    let acked = false;
    let deferred = false;
    const reply = async (m: Ephemeral | undefined) => {
      acked = true;
      await ack(m);
    };
    try {
      const member = roster.memberBySlack(command.user_id);
      if (!member) return await reply({ response_type: 'ephemeral', text: notInRoster(command.user_id) });
      const text = fromSlackText(roster, command.text ?? '').trim();
      const sub = (/^\S+/.exec(text)?.[0] ?? '').toLowerCase();
      if (sub === 'new' && text.length === 3) {
        // §9: `/complaint new` without text opens the modal (a trigger_id lives 3 s: ack, then open at once).
        await reply(undefined);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: newCaseModal(r, findCommand('new')!, member, { channel: command.channel_id ?? null }),
        });
        return;
      }
      const requestKey = `slack:cmd:${command.trigger_id || hashOf(command)}`;
      const key = READ_ONLY.has(sub) ? undefined : requestKey;
      const line = `/complaint ${text}`;
      const work = once(key, () => desk.handleText(member.handle, line, { requestKey: key, replyChars: SLACK_REPLY_CHARS }));
      // Slack gives up after 3 s: say it is in hand, and send the answer to the response_url when it is done.
      await answerOrDefer(work, {
        deferAfterMs: deferAfter(),
        answer: async (res) => {
          // a long answer comes in parts: the ack carries the first, the response_url the rest
          const [first, ...more] = answer(res, sub);
          await reply(first);
          for (const m of more) await respond({ ...m, replace_original: false });
          if (res.ok) poke();
          if (res.file) await attach(res, command.channel_id ?? null);
        },
        defer: async () => {
          await reply({ response_type: 'ephemeral', text: w(L, 'processing') });
          deferred = true;
        },
        late: async (res) => {
          if (res.ok) poke();
          for (const m of answer(res, sub)) await respond({ ...m, replace_original: false });
          if (res.file) await attach(res, command.channel_id ?? null);
        },
        journal: {
          to: journal,
          clock,
          entry: { key: requestKey, platform: 'slack', actor: member.handle, command: { line }, replyTo: command.response_url ?? null },
        },
      });
    } catch (e) {
      log.error({ err: e, text: command.text }, 'slack: slash command failed');
      if (!acked) await reply({ response_type: 'ephemeral', text: internalError(L) });
      else if (deferred) await respond({ response_type: 'ephemeral', replace_original: false, text: internalError(L) }).catch(() => {});
    }
  });

  // ---------------------------------------------------------------- card buttons
  app.action(CARD_ACTION, async ({ ack, body, action, respond, client }) => {
    let acked = false;
    const done = async () => {
      if (!acked) {
        acked = true;
        await ack();
      }
    };
    const b = body as {
      user: { id: string };
      trigger_id?: string;
      response_url?: string;
      channel?: { id?: string };
      container?: { channel_id?: string };
    };
    const a = action as { action_id: string; value?: string; action_ts?: string };
    const channel = b.channel?.id ?? b.container?.channel_id ?? null;
    const tell = async (text: string) => {
      const msg = { response_type: 'ephemeral' as const, replace_original: false, text };
      if (b.response_url) await respond(msg);
      else if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text });
    };
    try {
      const member = roster.memberBySlack(b.user.id);
      if (!member) {
        await done();
        return await tell(notInRoster(b.user.id));
      }
      const button = a.action_id.slice('case_'.length) as keyof typeof BUTTON_COMMAND;
      const caseId = String(a.value ?? '');
      if (button === 'resolve') {
        await done();
        const refusal = await mayActOn(desk, deps.cases, member, caseId);
        if (refusal) return await tell(toSlackText(roster, refusal));
        await client.views.open({
          trigger_id: b.trigger_id!,
          view: resolveModal(r, findCommand('resolve')!, caseId.toUpperCase(), { channel }),
        });
        return;
      }
      const def = findCommand(BUTTON_COMMAND[button])!;
      const raw = cardButtonValues(button, caseId, member.handle);
      const key = `slack:btn:${b.user.id}:${a.action_ts ?? ''}:${a.action_id}:${caseId}`;
      const work = run(def, raw, member, key);
      // a button's ack carries nothing: it waits for the work only as long as the ack budget allows
      await inTime(work, deferAfter());
      await done();
      const res = await work;
      if (res.ok) poke();
      await tell(toSlackText(roster, res.text));
    } catch (e) {
      log.error({ err: e, action: a.action_id }, 'slack: button failed');
      await done().catch(() => {});
      await tell(internalError(L)).catch(() => {});
    }
  });

  const run = async (def: CommandDef, raw: Record<string, string>, member: TMember, key: string): Promise<Reply> => {
    let parsed: ParsedCommand;
    try {
      parsed = validate(def, raw);
    } catch (e) {
      if (isRefusal(e)) return desk.refuse(e);
      throw e;
    }
    return once(key, () => desk.handle(member, parsed, { requestKey: key, replyChars: SLACK_REPLY_CHARS }));
  };

  // ---------------------------------------------------------------- modal submissions
  const submission = (callbackId: string, defName: string) =>
    app.view(callbackId, async ({ ack, body, view, client }) => {
      const def = findCommand(defName)!;
      let acked = false;
      const answerView = async (m: ViewAck) => {
        acked = true;
        await ack(m as never);
      };
      try {
        const member = roster.memberBySlack(body.user.id);
        if (!member) return await answerView({ response_action: 'errors', errors: { opt_text: notInRoster(body.user.id) } });
        const meta = safeJson(view.private_metadata);
        const provided: Record<string, string> = defName === 'resolve' ? { case: String(meta.case ?? '') } : {};
        const raw = readViewValues(def, view.state.values);
        const checked = validateModal(def, raw, L, provided);
        if (!checked.ok) return await answerView({ response_action: 'errors', errors: checked.errors });
        const key = `slack:view:${view.id}`;
        const work = once(key, () => desk.handle(member, checked.parsed, { requestKey: key, replyChars: SLACK_REPLY_CHARS }));
        // Too slow for the 3 s ack: show "in hand", then the outcome (a refusal too) in the same modal.
        await answerOrDefer(work, {
          deferAfterMs: deferAfter(),
          answer: async (res) => {
            if (!res.ok) return await answerView({ response_action: 'errors', errors: { [blockOfReply(res)]: clip(res.text, 2000) } });
            await answerView({ response_action: 'update', view: doneView(r, res.text, res.card) });
            poke();
          },
          defer: () => answerView({ response_action: 'update', view: doneView(r, w(L, 'processing')) }),
          late: async (res) => {
            if (res.ok) poke();
            await client.views.update({ view_id: view.id, view: doneView(r, res.text, res.ok ? res.card : undefined) });
          },
        });
      } catch (e) {
        log.error({ err: e, callbackId }, 'slack: modal submission failed');
        if (!acked) await answerView({ response_action: 'errors', errors: { opt_text: internalError(L) } });
      }
    });
  submission(NEW_CASE_CALLBACK, 'new');
  submission(RESOLVE_CALLBACK, 'resolve');
}

/** Which modal field a refusal from the desk belongs under (the free-text field unless it names the unit). */
function blockOfReply(reply: Reply): string {
  return reply.code === 'err_unknown_unit' ? 'opt_unit' : 'opt_text';
}

function safeJson(s: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s ?? '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function hashOf(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32);
}
