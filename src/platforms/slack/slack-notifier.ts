import type { webApi } from '@slack/bolt';
import type { Clock } from '../../core/ports/clock.ts';
import type { CaseCard, OutboxRecord } from '../../core/domain/case.ts';
import { PermanentDeliveryError, type Notifier } from '../../core/ports/store.ts';
import { CHAT_KINDS } from '../../core/ports/outbox.ts';
import type { DailySummary } from '../../core/domain/daily-summary.ts';
import type { CardRefs } from '../../core/ports/card-refs.ts';
import type { CaseRepository } from '../../core/ports/cases.ts';
import type { SummaryChart } from '../shared/deps.ts';
import type { FrontDesk } from '../shared/front-desk.ts';
import { channelOn } from '../shared/routing.ts';
import { currentCard, type CardOf } from '../shared/cards.ts';
import { cardBlocks, type SlackRenderCtx } from './blocks.ts';
import { handoverBlocks } from './handover-blocks.ts';
import { clip, toSlackText } from './slack-text.ts';
import { fallbackText, textMessages } from './replies.ts';
import { SLACK_LIMITS } from './limits.ts';

type WebClient = webApi.WebClient;

interface SlackLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const PLATFORM = 'slack';

/** Platform errors that say the message itself is unacceptable: send it again as plain text. */
const PAYLOAD_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'too_many_attachments', 'invalid_attachments']);
/** chat.update errors that mean the card is gone or frozen: nothing to refresh, not worth a retry. */
const CARD_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed', 'channel_not_found', 'is_archived']);
/**
 * Slack errors no retry can fix until someone changes the app, the channel or the token, with what to do: the
 * message is given up (PermanentDeliveryError) and logged once. Any other error (429, 5xx, network, Slack's own
 * internal_error) is retried by the outbox with backoff.
 */
const PERMANENT: Record<string, string> = {
  missing_scope: 'add the scope to the app (regenerate manifest.yml and update the app at api.slack.com/apps), then reinstall it',
  not_allowed_token_type: 'SLACK_BOT_TOKEN must be the bot token (xoxb-…)',
  no_permission: "the workspace's settings forbid this to the app: ask a Slack admin",
  restricted_action: "the workspace's settings forbid this to the app: ask a Slack admin",
  ekm_access_denied: 'the workspace administrator has suspended access (Enterprise Key Management)',
  team_access_not_granted: 'the token has no access to this workspace: install the app there',
  not_in_channel: 'invite the bot to the channel (/invite @complaint-desk)',
  channel_not_found: "check the roster's channels.slack id for this unit and invite the bot to that channel",
  is_archived: "the channel is archived: unarchive it or change the roster's channels.slack id",
  cannot_dm_bot: "the roster's slack id of this member is a bot",
  user_not_found: "check the member's slack id (U…) in the roster",
  user_disabled: "the member's Slack account is deactivated: update the roster",
  invalid_auth: 'SLACK_BOT_TOKEN is not valid: reinstall the app and set the new bot token',
  not_authed: 'SLACK_BOT_TOKEN is missing: set the bot token',
  account_inactive: 'the token belongs to a deleted user or app: reinstall the app and set the new bot token',
  token_revoked: 'the app was uninstalled or its token revoked: reinstall the app and set the new bot token',
  token_expired: 'the token expired (token rotation is on): turn rotation off or refresh the token',
  org_login_required: 'the workspace is migrating to Enterprise Grid: try again after the migration, then requeue',
};
/** Slack's own passing troubles: retried without a word (a long outage shows in the backlog and the metrics). */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);
/** Kinds that must be seen in the channel even when they belong in a card's thread. */
const BROADCAST = new Set(['escalation', 'breach', 'expiry']);

const platformError = (e: unknown): string | null => {
  const err = e as { code?: string; data?: { error?: string } };
  return err?.code === 'slack_webapi_platform_error' ? (err.data?.error ?? 'unknown') : null;
};

/** Slack's error codes that say the request can never succeed as it is: the outbox gives such a message up. */
export const PERMANENT_SLACK_ERRORS: readonly string[] = Object.keys(PERMANENT);

/**
 * Delivers outbox messages to Slack. A group message goes to the nearest group channel with a Slack id; a
 * message to a member goes to their DM. A case's first card is remembered (CardRef), its later messages go
 * into the card's thread, and the card is edited to show the case as it is now. (A breach's direct
 * message to the handler is its own outbox message, decided by the core.) `send` throws on anything worth retrying (429, 5xx, network); the outbox retries with backoff, and
 * the steps already done for a message are remembered so a retry never posts twice. A Slack error no retry can fix
 * (PERMANENT: a missing scope, a channel the bot is not in, a revoked token) is logged once with what to do and
 * thrown as PermanentDeliveryError, so the outbox gives the message up instead of retrying it forever.
 */
export class SlackNotifier implements Notifier {
  readonly platform = PLATFORM;
  readonly kinds = CHAT_KINDS;
  private dmChannels = new Map<string, string>();
  /** Steps done for messages whose delivery failed half-way (outbox id → step → result). */
  private progress = new Map<number, Map<string, string>>();
  /** the card as the case is now (the contract every chat notifier follows) */
  private readonly cardOf: CardOf;

  constructor(
    private deps: {
      client: WebClient;
      desk: FrontDesk;
      cards: CardRefs;
      cases: Pick<CaseRepository, 'getCase' | 'deadlines'>;
      chart: SummaryChart;
      clock: Clock;
      log: SlackLog;
    },
  ) {
    this.cardOf = currentCard(deps);
  }

  private get roster() {
    return this.deps.desk.roster;
  }

  private get r(): SlackRenderCtx {
    return { roster: this.roster, locale: this.deps.desk.ctx.locale };
  }

  /** §2: a unit without a Slack channel posts to its nearest ancestor's group channel. */
  channelOfUnit(code: string): string | null {
    return channelOn(this.roster, code, 'slack');
  }

  async send(m: OutboxRecord): Promise<void> {
    const at = { step: 'post', channel: null as string | null };
    try {
      await this.deliver(m, at);
    } catch (e) {
      const code = platformError(e);
      const fix = code ? PERMANENT[code] : undefined;
      if (code && fix === undefined && !TRANSIENT.has(code))
        this.deps.log.warn(
          { outboxId: m.id, key: m.key, step: at.step, channel: at.channel, error: code, attempts: m.attempts },
          `slack: unexpected error ${code}; retried with backoff`,
        );
      if (!code || fix === undefined) throw e;
      // Slack names the scope it wanted (and the ones the token has) on missing_scope
      const data = (e as { data?: { needed?: string; provided?: string } }).data ?? {};
      this.deps.log.error(
        {
          outboxId: m.id,
          key: m.key,
          kind: m.kind,
          caseId: m.caseId,
          step: at.step,
          channel: at.channel,
          error: code,
          needed: data.needed,
          provided: data.provided,
        },
        `slack: message given up (${code}${data.needed ? `, needs ${data.needed}` : ''}): ${fix}`,
      );
      throw new PermanentDeliveryError(
        PLATFORM,
        code,
        [at.step !== 'post' ? `at ${at.step}` : '', data.needed ? `needed ${data.needed}` : ''].filter(Boolean).join(', '),
      );
    }
  }

  private async deliver(m: OutboxRecord, at: { step: string; channel: string | null }): Promise<void> {
    const done = this.progress.get(m.id) ?? new Map<string, string>();
    if (this.progress.size > 10_000) this.progress.clear(); // only half-delivered messages live here
    this.progress.set(m.id, done);
    const step = async (name: string, fn: () => Promise<string>): Promise<string> => {
      const prior = done.get(name);
      if (prior !== undefined) return prior;
      at.step = name;
      const res = await fn();
      done.set(name, res);
      return res;
    };
    // Every post carries its outbox key as message metadata. A message taken over from a sender that crashed
    // may already be in Slack: look for it before posting again, so nothing is posted twice.
    const tag = (name: string) => ({ event_type: 'complaint_desk_message', event_payload: { key: `${m.key}#${name}` } });
    const postOnce = (
      name: string,
      args: { channel: string; text: string; blocks?: unknown[]; thread_ts?: string; reply_broadcast?: boolean },
    ) =>
      step(name, async () => {
        at.channel = args.channel;
        if (m.resumed) {
          const found = await this.findPosted(args.channel, args.thread_ts, `${m.key}#${name}`, m.at);
          if (found) return found;
        }
        return this.post({ ...args, metadata: tag(name) });
      });

    at.step = m.toHandle ? 'open-dm' : 'post';
    const target = m.toHandle ? await this.dmOf(m.toHandle) : m.toUnit ? this.channelOfUnit(m.toUnit) : null;
    at.channel = target;
    if (!target) {
      // nobody on Slack to tell (a member without a Slack id, a roster without Slack channels)
      this.progress.delete(m.id);
      return;
    }
    const full = toSlackText(this.roster, m.payload.text, m.payload.mentions);
    // within Slack's limits: a card's or a handover's text is the fallback of its blocks; a long text (a province's
    // summary) is posted in parts
    const text = fallbackText(full);

    if (m.kind === 'case' && m.caseId != null && !m.toHandle) {
      const card = await this.cardOf(m);
      const ts = await postOnce('post', { channel: target, text, blocks: card ? cardBlocks(this.r, card, { buttons: true }) : undefined });
      await step('cardref', async () => {
        await this.deps.cards.setCardRef({ caseId: m.caseId!, platform: PLATFORM, channel: target, messageId: ts });
        return 'ok';
      });
      await this.refreshCards(m.caseId, card ?? null, target, step);
    } else {
      const thread =
        m.caseId != null && !m.toHandle
          ? ((await this.deps.cards.cardRefs(m.caseId, PLATFORM)).find((r) => r.channel === target) ?? null)
          : null;
      const where = {
        channel: target,
        ...(thread ? { thread_ts: thread.messageId, ...(BROADCAST.has(m.kind) ? { reply_broadcast: true } : {}) } : {}),
      };
      if (m.kind === 'handover' && m.payload.handover) {
        // §12: a handover is a card, not a wall of text
        await postOnce('post', { ...where, text, blocks: handoverBlocks(this.roster, m.payload.handover) });
      } else {
        const parts = textMessages(full);
        for (const [i, part] of parts.entries()) await postOnce(i === 0 ? 'post' : `post${i + 1}`, { ...where, text: part });
      }
      // §8: a summary goes with its chart, uploaded into the same channel
      if (m.kind === 'summary' && m.payload.summary) {
        await step('chart', async () => {
          const { png, filename } = await this.deps.chart(m.payload.summary as DailySummary, m.at);
          await this.deps.client.filesUploadV2({ channel_id: target, file: png, filename, title: filename.replace(/\.png$/, '') });
          return 'ok';
        });
      }
      if (m.caseId != null) await this.refreshCards(m.caseId, await this.cardOf(m), null, step);
    }
    this.progress.delete(m.id);
  }

  private async refreshCards(
    caseId: number,
    card: CaseCard | null,
    except: string | null,
    step: (name: string, fn: () => Promise<string>) => Promise<string>,
  ): Promise<void> {
    if (!card) return;
    const refs = await this.deps.cards.cardRefs(caseId, PLATFORM);
    for (const ref of refs) {
      if (ref.channel === except) continue;
      await step(`update:${ref.channel}`, async () => {
        try {
          await this.deps.client.chat.update({
            channel: ref.channel,
            ts: ref.messageId,
            text: clip(toSlackText(this.roster, card.title), SLACK_LIMITS.text),
            blocks: cardBlocks(this.r, card, { buttons: true }),
          });
        } catch (e) {
          const code = platformError(e);
          if (!code || !CARD_GONE.has(code)) throw e;
          this.deps.log.warn({ caseId, channel: ref.channel, error: code }, 'slack: case card can no longer be edited');
        }
        return 'ok';
      });
    }
  }

  /** The ts of a message this bot already posted for `key` (by metadata), or null. */
  private async findPosted(channel: string, thread: string | undefined, key: string, since: Date): Promise<string | null> {
    const oldest = String(Math.floor(since.getTime() / 1000) - 300);
    const res = thread
      ? await this.deps.client.conversations.replies({ channel, ts: thread, include_all_metadata: true, limit: 200 })
      : await this.deps.client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200 });
    const hit = (res.messages ?? []).find(
      (x) => (x as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key === key,
    );
    return hit?.ts ? String(hit.ts) : null;
  }

  private async post(args: {
    channel: string;
    text: string;
    blocks?: unknown[];
    thread_ts?: string;
    reply_broadcast?: boolean;
    metadata?: { event_type: string; event_payload: Record<string, string> };
  }): Promise<string> {
    try {
      const res = await this.deps.client.chat.postMessage({ ...args, unfurl_links: false, unfurl_media: false } as Parameters<
        WebClient['chat']['postMessage']
      >[0]);
      return String(res.ts ?? '');
    } catch (e) {
      const code = platformError(e);
      if (code && PAYLOAD_ERRORS.has(code) && args.blocks) {
        this.deps.log.warn({ channel: args.channel, error: code }, 'slack: blocks refused, sending plain text');
        const { blocks: _b, ...rest } = args;
        return this.post({ ...rest, text: clip(rest.text, SLACK_LIMITS.text) });
      }
      throw e;
    }
  }

  /** The DM channel with a member (`conversations.open`), or null when they have no Slack id. */
  private async dmOf(handle: string): Promise<string | null> {
    const member = this.roster.member(handle);
    if (!member?.slack) return null;
    const cached = this.dmChannels.get(member.slack);
    if (cached) return cached;
    const res = await this.deps.client.conversations.open({ users: member.slack });
    const id = res.channel?.id;
    if (!id) throw new Error(`slack: conversations.open gave no channel for ${member.slack}`);
    this.dmChannels.set(member.slack, id);
    return id;
  }
}
