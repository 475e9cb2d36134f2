import type { types } from '@slack/bolt';
import type { HandoverCard } from '../../core/domain/case.ts';
import type { Roster } from '../../core/domain/roster.ts';
import { clip, toSlackText } from './slack-text.ts';

type KnownBlock = types.KnownBlock;

/**
 * §12 a handover as a readable Block Kit card: a header, who comes and goes (real mentions), the gap warning, then one
 * section per list (open cases, deadlines this shift, escalations, log entries), each already cut to a few lines
 * with "and N more" by the core.
 */
export function handoverBlocks(roster: Roster, h: HandoverCard): KnownBlock[] {
  const md = (s: string) => clip(toSlackText(roster, s), 2900);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(h.title, 150), emoji: true } }];
  if (h.people.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: md(h.people.join('\n')) } });
  if (h.gap) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${md(h.gap)}` } });
  for (const s of h.sections) {
    if (!s.lines.length && s.more <= 0) continue;
    const body = [`*${md(s.title)}*`, ...s.lines.map((l) => `• ${md(l)}`)];
    if (s.more > 0) body.push(`_+${s.more}_`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(body.join('\n'), 2900) } });
  }
  if (h.late) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: md(h.late) }] });
  return blocks;
}
