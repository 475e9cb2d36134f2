/** The ephemeral answer to a member's command: text in sections, with the case card for a new case and `show`. */
import { cardText } from '../../core/i18n/render.ts';
import type { FrontDesk, Reply } from '../shared/front-desk.ts';
import { clip, keepEnds, splitText } from '../shared/text.ts';
import { cardBlocks, type SlackRenderCtx } from './blocks.ts';
import { SLACK_LIMITS } from './limits.ts';
import { toSlackText } from './slack-text.ts';

export type Ephemeral = { response_type: 'ephemeral'; text: string; blocks?: unknown[] };

/** Room left in a section for the last lines of a chunk (a line is never cut unless it alone is too long). */
const SECTION_CHARS = SLACK_LIMITS.sectionText - 100;

/** mrkdwn sections of at most 2900 characters each (Slack's limit is 3000), cut at line ends (none lost). */
export function textSections(s: string): unknown[] {
  return splitText(s, SECTION_CHARS).map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
}

/**
 * Text as Slack messages within Slack's limits: each message's `text` under SLACK_LIMITS.text, at most one ack
 * and SLACK_LIMITS.responses more (a long province summary comes in parts; nothing is cut silently: the last part,
 * which says how to see the rest, always goes out).
 */
export function textMessages(text: string): string[] {
  return keepEnds(splitText(text, SLACK_LIMITS.text), 1 + SLACK_LIMITS.responses, SLACK_LIMITS.text);
}

/**
 * `text` of a message whose blocks carry the content (the notification and accessibility fallback): under the
 * guidance, keeping its last line when it must be cut.
 */
export function fallbackText(text: string): string {
  if (text.length <= SLACK_LIMITS.text) return text;
  const nl = text.lastIndexOf('\n');
  const last = nl >= 0 ? text.slice(nl + 1) : '';
  if (!last || last.length > SLACK_LIMITS.text / 2) return clip(text, SLACK_LIMITS.text);
  return `${clip(text.slice(0, nl), SLACK_LIMITS.text - last.length - 1)}\n${last}`;
}

/**
 * A command's answer as Slack messages (the first is the ack, the rest go to the response_url); a new case and
 * `show` also carry the card (with its buttons) in the first.
 */
export function ephemeralAnswers(desk: FrontDesk, r: SlackRenderCtx, reply: Reply, sub: string): Ephemeral[] {
  const text = toSlackText(r.roster, reply.text);
  const plain = (parts: string[]): Ephemeral[] => parts.map((part) => ({ response_type: 'ephemeral' as const, text: part }));
  if (!reply.ok || !reply.card || (sub !== 'new' && sub !== 'show')) return plain(textMessages(text));
  const card = cardBlocks(r, reply.card, { buttons: true });
  if (sub === 'new') {
    const [first, ...more] = textMessages(text);
    return [{ response_type: 'ephemeral', text: first, blocks: [...textSections(first), ...card] }, ...plain(more)];
  }
  // `show`: the card, then the rest of the answer (flags, class, timeline) in sections; what one message cannot
  // hold follows in further messages
  const head = cardText(desk.ctx.r, reply.card);
  const rest = reply.text.startsWith(head) ? toSlackText(r.roster, reply.text.slice(head.length).trim()) : '';
  const [first, ...more] = rest ? textMessages(rest) : [];
  return [
    { response_type: 'ephemeral', text: fallbackText(text), blocks: [...card, ...(first ? textSections(first) : [])] },
    ...plain(more),
  ];
}

/** The characters of text in blocks (what Slack counts against a message's blocks). */
export function blockChars(blocks: unknown[]): number {
  let n = 0;
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'text') n += v.length;
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(blocks, '');
  return n;
}
