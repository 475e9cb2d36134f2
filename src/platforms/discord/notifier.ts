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
import { PermanentDeliveryError, type Notifier } from '../../core/ports/store.ts';
import { CHAT_KINDS } from '../../core/ports/outbox.ts';
import type { CardRefs as CardRefsPort } from '../../core/ports/card-refs.ts';
import { channelOn } from '../shared/routing.ts';
import type { CardOf } from '../shared/cards.ts';
import type { Roster } from '../../core/domain/roster.ts';
import { LIMITS, cardButtons, cardEmbed, clip, embedsChars, mentionIds, textBodies, withDiscordMentions } from './render.ts';
import { handoverEmbed } from './handover-embed.ts';

/** One message's text part: content or embeds, whom it pings, and its nonce. */
type Body = Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'embeds' | 'allowed_mentions' | 'nonce' | 'enforce_nonce'>;

export const PLATFORM = 'discord';

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
 * Retrying it would hold back every later message of the case: it is logged once with what to do and thrown as
 * PermanentDeliveryError, so the outbox gives the message up (`dead`, `/healthz` degraded), as for every notifier.
 * 429s never get here: discord.js REST waits them out itself.
 */
export const isPermanentDiscordError = (e: unknown): e is DiscordAPIError =>
  e instanceof DiscordAPIError && e.status >= 400 && e.status < 500 && e.status !== 429 && e.status !== 408;

/** What to do about a permanent refusal, by Discord's JSON error code (the HTTP status when it has none). */
const DISCORD_ADVICE: Record<number, string> = {
  10003: "check the roster's channels.discord id for this unit",
  10013: "check the member's discord id in the roster",
  50001: 'give the bot access to the channel (View Channel, Send Messages)',
  50007: 'the member does not accept direct messages from the bot (privacy settings) or shares no server with it',
  50013: 'give the bot the permissions it needs in the channel (Send Messages, Embed Links, Attach Files)',
  40001: 'DISCORD_TOKEN is not valid: set the bot token of the application',
};
function discordAdvice(e: DiscordAPIError): string {
  return (
    DISCORD_ADVICE[Number(e.code)] ??
    (e.status === 401 ? DISCORD_ADVICE[40001] : "Discord refused the message for good: check the roster and the bot's permissions")
  );
}

const UNKNOWN_MESSAGE = 10008;

export class DiscordNotifier implements Notifier {
  readonly platform = PLATFORM;
  readonly kinds = CHAT_KINDS;

  constructor(
    private readonly o: {
      rest: REST;
      roster: Roster;
      locale: Locale;
      cards: CardRefs;
      log?: DiscordLog;
      /** the PNG that goes with a summary post */
      chart?: (msg: OutboxRecord) => Promise<{ png: Buffer; filename: string }>;
      /** the card as the case is now (src/platforms/shared/cards.ts); without it, the card the message carries */
      cardOf?: CardOf;
    },
  ) {}

  /** A message that carries a card shows it as the case is when the message goes out (the contract of every chat notifier). */
  private async card(msg: OutboxRecord): Promise<CaseCard | null> {
    if (!msg.payload.card) return null;
    return (await this.o.cardOf?.(msg)) ?? msg.payload.card;
  }

  private get log(): DiscordLog {
    return this.o.log ?? stderrLog;
  }

  async send(msg: OutboxRecord): Promise<void> {
    try {
      if (msg.toHandle) return await this.direct(msg, msg.toHandle);
      if (msg.toUnit) return await this.group(msg, msg.toUnit);
    } catch (e) {
      if (!isPermanentDiscordError(e)) throw e;
      const advice = discordAdvice(e);
      this.log.error(
        { err: e, outbox: msg.id, key: msg.key, kind: msg.kind, caseId: msg.caseId, code: e.code, status: e.status },
        `discord: message given up (${e.code}): ${advice}`,
      );
      throw new PermanentDeliveryError(PLATFORM, String(e.code), advice);
    }
  }

  /** The channel of a unit's group on Discord, or null when the group has none (nothing to post there). */
  channelOf(unitCode: string): string | null {
    if (!this.o.roster.unit(unitCode)) return null;
    return channelOn(this.o.roster, unitCode, 'discord');
  }

  /**
   * The post's text as Discord messages within Discord's limits (content when it fits, else embeds, a long text in
   * several messages); the first also pings the people the core meant to reach.
   */
  private bodies(msg: OutboxRecord, part: string): Body[] {
    const { roster } = this.o;
    const ids = mentionIds(msg.payload.mentions, roster);
    let text = withDiscordMentions(msg.payload.text, roster);
    const missing = ids.filter((id) => !text.includes(`<@${id}>`));
    if (missing.length) text = `${text}\n${missing.map((id) => `<@${id}>`).join(' ')}`;
    const pings = ids.map((id) => `<@${id}>`).join(' ') || undefined;
    return textBodies(text).map((b, i) => ({
      ...(b.embeds ? { content: i === 0 ? pings : undefined, embeds: b.embeds } : { content: b.content }),
      // Only the people the core meant to reach are pinged; other "<@id>" in the text just render as names.
      allowed_mentions: { parse: [], users: i === 0 ? ids.slice(0, 100) : [] },
      // ≤ 25 characters; the same outbox message and part always get the same nonce.
      nonce: `cd${msg.id}${part}${i ? i + 1 : ''}`.slice(0, 25),
      enforce_nonce: true,
    }));
  }

  private body(msg: OutboxRecord, part: string): Body {
    return this.bodies(msg, part)[0];
  }

  /** The text's messages, the last with `extra` embeds (the card) when they fit in it, else one more message for them. */
  private withEmbeds(bodies: Body[], extra: APIEmbed[], part: string, msg: OutboxRecord): Body[] {
    const last = bodies[bodies.length - 1];
    const embeds = [...(last.embeds ?? []), ...extra];
    if (embeds.length <= LIMITS.embeds && embedsChars(embeds) <= LIMITS.embedTotal) return [...bodies.slice(0, -1), { ...last, embeds }];
    return [...bodies, { embeds: extra, allowed_mentions: { parse: [] }, nonce: `cd${msg.id}${part}e`.slice(0, 25), enforce_nonce: true }];
  }

  private async post(channel: string, body: RESTPostAPIChannelMessageJSONBody): Promise<APIMessage> {
    return (await this.o.rest.post(Routes.channelMessages(channel), { body })) as APIMessage;
  }

  private async direct(msg: OutboxRecord, handle: string): Promise<void> {
    const member = this.o.roster.member(handle);
    if (!member?.discord) return;
    const dm = (await this.o.rest.post(Routes.userChannels(), { body: { recipient_id: member.discord } })) as { id: string };
    const card = await this.card(msg);
    const bodies = this.bodies(msg, 'd');
    for (const body of card ? this.withEmbeds(bodies, [cardEmbed(card, this.o.locale, this.o.roster)], 'd', msg) : bodies)
      await this.post(dm.id, body);
  }

  private async group(msg: OutboxRecord, unitCode: string): Promise<void> {
    const channel = this.channelOf(unitCode);
    if (!channel) return;
    const card = await this.card(msg);
    if (msg.kind === 'summary' && msg.payload.summary && this.o.chart) {
      const { png, filename } = await this.o.chart(msg);
      // §8 a province's summary may take several messages: the chart goes with the first
      const [body, ...more] = this.bodies(msg, 's');
      await this.o.rest.post(Routes.channelMessages(channel), {
        body: { ...body, embeds: [...(body.embeds ?? []), { image: { url: `attachment://${filename}` } }].slice(0, LIMITS.embeds) },
        files: [{ name: filename, data: png, contentType: 'image/png' }],
      });
      for (const b of more) await this.post(channel, b);
      return;
    }
    if (msg.kind === 'handover' && msg.payload.handover) {
      // §12: a handover is a card (embed), not a wall of text; the content only pings the people it names
      const ids = mentionIds(msg.payload.mentions, this.o.roster);
      const body = this.body(msg, 'h');
      await this.post(channel, {
        ...body,
        content: ids.map((id) => `<@${id}>`).join(' ') || undefined,
        embeds: [handoverEmbed(this.o.roster, msg.payload.handover)],
      });
      return;
    }
    if (!card || msg.caseId == null) {
      for (const body of this.bodies(msg, 'p')) await this.post(channel, body);
      return;
    }
    const caseId = msg.caseId;
    const cardMessage = await this.o.cards.get(caseId, channel);
    if (msg.kind !== 'case' && cardMessage && (await this.editCard(channel, cardMessage, card, caseId))) {
      // The card there is current; the change itself is announced as a reply to it.
      for (const body of this.bodies(msg, 'u'))
        await this.post(channel, { ...body, message_reference: { message_id: cardMessage, fail_if_not_exists: false } });
      return;
    }
    // A new card (a new case, or the first post about this case in this channel).
    // a new case's card says it all (its text is one headline); another post's text goes first, the card with its end
    const embed = cardEmbed(card, this.o.locale, this.o.roster);
    const bodies =
      msg.kind === 'case'
        ? [{ ...this.body(msg, 'c'), content: this.newCardContent(msg, card), embeds: [embed] }]
        : this.withEmbeds(this.bodies(msg, 'c'), [embed], 'c', msg);
    for (const body of bodies.slice(0, -1)) await this.post(channel, body);
    const posted = await this.post(channel, { ...bodies[bodies.length - 1], components: cardButtons(card, caseId, this.o.locale) });
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
