/**
 * Delivers outbox messages to Discord: group posts to the unit group's `channels.discord`, direct messages to a
 * member's `discord` id, case cards as embeds with buttons that are edited in place on every update.
 *
 * Delivery is at-least-once (the outbox retries whatever throws), so every step is made repeatable:
 * a post carries an enforced nonce derived from the outbox id (Discord drops a second create with the same
 * nonce), a card edit is idempotent, and the card's message id is remembered in CardRef.
 */
import { DiscordAPIError, Routes, type APIEmbed, type APIMessage, type REST, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Locale } from '../../core/i18n/messages.ts';
import type { CaseCard, OutboxRecord } from '../../core/domain/case.ts';
import type { Notifier } from '../../core/ports/store.ts';
import type { CardRefs as CardRefsPort } from '../../core/ports/card-refs.ts';
import { channelOn } from '../shared/routing.ts';
import type { Roster } from '../../core/domain/roster.ts';
import { LIMITS, cardButtons, cardEmbed, clip, mentionIds, withDiscordMentions } from './render.ts';
import { handoverEmbed } from './handover-embed.ts';

const PLATFORM = 'discord';

/** Where a case's card was posted, per channel. */
interface CardRefs {
  get(caseId: number, channel: string): Promise<string | null>;
  set(caseId: number, channel: string, messageId: string): Promise<void>;
}

/** Card references kept in the store (its card-refs port). */
export function storeCardRefs(store: CardRefsPort): CardRefs {
  return {
    async get(caseId, channel) {
      return (await store.cardRefs(caseId, PLATFORM)).find((r) => r.channel === channel)?.messageId ?? null;
    },
    async set(caseId, channel, messageId) {
      await store.setCardRef({ caseId, platform: PLATFORM, channel, messageId });
    },
  };
}

/** pino-compatible. */
export interface DiscordLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const stderrLog: DiscordLog = {
  info: () => {},
  warn: (o, m) => process.stderr.write(`discord warn: ${m ?? ''} ${JSON.stringify(o, errReplacer)}\n`),
  error: (o, m) => process.stderr.write(`discord error: ${m ?? ''} ${JSON.stringify(o, errReplacer)}\n`),
};

function errReplacer(_k: string, v: unknown): unknown {
  return v instanceof Error ? { name: v.name, message: v.message } : v;
}

/**
 * A refusal by Discord that a retry cannot fix (missing access, unknown channel, a user who blocks DMs).
 * Retrying it would hold back every later message of the case, so it is logged and skipped instead.
 * 429s never get here: discord.js REST waits them out itself.
 */
const isPermanent = (e: unknown): e is DiscordAPIError =>
  e instanceof DiscordAPIError && e.status >= 400 && e.status < 500 && e.status !== 429 && e.status !== 408;

const UNKNOWN_MESSAGE = 10008;

export class DiscordNotifier implements Notifier {
  readonly platform = PLATFORM;

  constructor(
    private readonly o: {
      rest: REST;
      roster: Roster;
      locale: Locale;
      cards: CardRefs;
      log?: DiscordLog;
      /** the PNG that goes with a summary post */
      chart?: (msg: OutboxRecord) => Promise<{ png: Buffer; filename: string }>;
    },
  ) {}

  private get log(): DiscordLog {
    return this.o.log ?? stderrLog;
  }

  async send(msg: OutboxRecord): Promise<void> {
    // §14: a mail goes to a mailbox; only the mail notifier delivers it
    if (msg.kind === 'mail') return;
    try {
      if (msg.toHandle) return await this.direct(msg, msg.toHandle);
      if (msg.toUnit) return await this.group(msg, msg.toUnit);
    } catch (e) {
      if (!isPermanent(e)) throw e;
      this.log.error({ err: e, outbox: msg.id, key: msg.key, code: e.code }, 'Discord refused a message; it is skipped');
    }
  }

  /** The channel of a unit's group on Discord, or null when the group has none (nothing to post there). */
  channelOf(unitCode: string): string | null {
    if (!this.o.roster.unit(unitCode)) return null;
    return channelOn(this.o.roster, unitCode, 'discord');
  }

  private body(msg: OutboxRecord, part: string): Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'embeds' | 'allowed_mentions' | 'nonce' | 'enforce_nonce'> {
    const { roster } = this.o;
    const ids = mentionIds(msg.payload.mentions, roster);
    let text = withDiscordMentions(msg.payload.text, roster);
    const missing = ids.filter((id) => !text.includes(`<@${id}>`));
    if (missing.length) text = `${text}\n${missing.map((id) => `<@${id}>`).join(' ')}`;
    const long = text.length > LIMITS.content;
    return {
      ...(long
        ? { content: ids.map((id) => `<@${id}>`).join(' ') || undefined, embeds: [{ description: clip(text, LIMITS.embedDescription) }] }
        : { content: text }),
      // Only the people the core meant to reach are pinged; other "<@id>" in the text just render as names.
      allowed_mentions: { parse: [], users: ids.slice(0, 100) },
      // ≤ 25 characters; the same outbox message and part always get the same nonce.
      nonce: `cd${msg.id}${part}`.slice(0, 25),
      enforce_nonce: true,
    };
  }

  private async post(channel: string, body: RESTPostAPIChannelMessageJSONBody): Promise<APIMessage> {
    return (await this.o.rest.post(Routes.channelMessages(channel), { body })) as APIMessage;
  }

  private async direct(msg: OutboxRecord, handle: string): Promise<void> {
    const member = this.o.roster.member(handle);
    if (!member?.discord) return;
    const dm = (await this.o.rest.post(Routes.userChannels(), { body: { recipient_id: member.discord } })) as { id: string };
    const body = this.body(msg, 'd');
    const card = msg.payload.card;
    const embeds: APIEmbed[] = [...(body.embeds ?? []), ...(card ? [cardEmbed(card, this.o.locale, this.o.roster)] : [])];
    await this.post(dm.id, { ...body, embeds: embeds.slice(0, 10) });
  }

  private async group(msg: OutboxRecord, unitCode: string): Promise<void> {
    const channel = this.channelOf(unitCode);
    if (!channel) return;
    const card = msg.payload.card;
    if (msg.kind === 'summary' && msg.payload.summary && this.o.chart) {
      const { png, filename } = await this.o.chart(msg);
      const body = this.body(msg, 's');
      await this.o.rest.post(Routes.channelMessages(channel), {
        body: { ...body, embeds: [...(body.embeds ?? []), { image: { url: `attachment://${filename}` } }].slice(0, 10) },
        files: [{ name: filename, data: png, contentType: 'image/png' }],
      });
      return;
    }
    if (msg.kind === 'handover' && msg.payload.handover) {
      // §12: a handover is a card (embed), not a wall of text; the content only pings the people it names
      const ids = mentionIds(msg.payload.mentions, this.o.roster);
      const body = this.body(msg, 'h');
      await this.post(channel, { ...body, content: ids.map((id) => `<@${id}>`).join(' ') || undefined, embeds: [handoverEmbed(this.o.roster, msg.payload.handover)] });
      return;
    }
    if (!card || msg.caseId == null) {
      await this.post(channel, this.body(msg, 'p'));
      return;
    }
    const caseId = msg.caseId;
    const cardMessage = await this.o.cards.get(caseId, channel);
    if (msg.kind !== 'case' && cardMessage && (await this.editCard(channel, cardMessage, card, caseId))) {
      // The card there is current; the change itself is announced as a reply to it.
      const body = this.body(msg, 'u');
      await this.post(channel, {
        ...body,
        message_reference: { message_id: cardMessage, fail_if_not_exists: false },
      });
      return;
    }
    // A new card (a new case, or the first post about this case in this channel).
    const body = this.body(msg, 'c');
    const content = msg.kind === 'case' ? this.newCardContent(msg, card) : body.content;
    const posted = await this.post(channel, {
      ...body,
      content,
      embeds: [...(body.embeds ?? []), cardEmbed(card, this.o.locale, this.o.roster)].slice(0, 10),
      components: cardButtons(card, caseId, this.o.locale),
    });
    await this.o.cards.set(caseId, channel, posted.id);
  }

  /** A new case's post: the card says it all, so the text is one headline plus the people to ping. */
  private newCardContent(msg: OutboxRecord, card: CaseCard): string {
    const ids = mentionIds(msg.payload.mentions, this.o.roster);
    const head = withDiscordMentions(msg.payload.text.split('\n')[0] || card.title, this.o.roster);
    return clip([head, ids.map((id) => `<@${id}>`).join(' ')].filter(Boolean).join('\n'), LIMITS.content);
  }

  /** false when the card message is gone (deleted by someone): the caller posts a fresh one. */
  private async editCard(channel: string, messageId: string, card: CaseCard, caseId: number): Promise<boolean> {
    try {
      await this.o.rest.patch(Routes.channelMessage(channel, messageId), {
        body: { embeds: [cardEmbed(card, this.o.locale, this.o.roster)], components: cardButtons(card, caseId, this.o.locale) },
      });
      return true;
    } catch (e) {
      if (e instanceof DiscordAPIError && (e.code === UNKNOWN_MESSAGE || e.status === 404)) return false;
      throw e;
    }
  }
}
