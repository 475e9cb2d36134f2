/** The ephemeral answer to a member's command: text in sections, with the case card for a new case and `show`. */
import { cardText } from '../../core/i18n/render.ts';
import type { FrontDesk, Reply } from '../shared/front-desk.ts';
import { clip } from '../shared/text.ts';
import { cardBlocks, type SlackRenderCtx } from './blocks.ts';
import { toSlackText } from './slack-text.ts';

export type Ephemeral = { response_type: 'ephemeral'; text: string; blocks?: unknown[] };

/** mrkdwn sections of at most 2900 characters each (Slack's limit is 3000), at most 45 of them. */
function textSections(s: string): unknown[] {
  const out: unknown[] = [];
  let chunk = '';
  for (const line of s.split('\n')) {
    if (chunk && chunk.length + line.length + 1 > 2900) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${clip(line, 2900)}` : clip(line, 2900);
  }
  if (chunk) out.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return out.slice(0, 45);
}

/** An ephemeral answer; a new case and `show` also carry the card (with its buttons). */
export function ephemeralAnswer(desk: FrontDesk, r: SlackRenderCtx, reply: Reply, sub: string): Ephemeral {
  const text = clip(toSlackText(r.roster, reply.text), 39_000);
  if (!reply.ok || !reply.card || (sub !== 'new' && sub !== 'show')) return { response_type: 'ephemeral', text };
  const card = cardBlocks(r, reply.card, { buttons: true });
  if (sub === 'new') return { response_type: 'ephemeral', text, blocks: [...textSections(text), ...card] };
  const head = cardText(desk.ctx.r, reply.card);
  const rest = reply.text.startsWith(head) ? reply.text.slice(head.length).trim() : '';
  return { response_type: 'ephemeral', text, blocks: [...card, ...(rest ? textSections(toSlackText(r.roster, rest)) : [])].slice(0, 50) };
}
