import type { APIEmbed } from 'discord.js';
import type { HandoverCard } from '../../core/domain/case.ts';
import type { Roster } from '../../core/domain/roster.ts';
import { LIMITS, clip, withDiscordMentions } from './render.ts';

/**
 * §12 a handover as a readable embed: the title, who comes and goes (real mentions) and the gap warning in the
 * description, one field per list (open cases, deadlines this shift, escalations, log entries), each already cut to a
 * few lines with "and N more" by the core.
 */
export function handoverEmbed(roster: Roster, h: HandoverCard): APIEmbed {
  const desc = [...h.people, ...(h.gap ? [`⚠ ${h.gap}`] : []), ...(h.late ? [h.late] : [])]
    .map((l) => withDiscordMentions(l, roster))
    .join('\n');
  const fields = h.sections
    .filter((s) => s.lines.length || s.more > 0)
    .map((s) => ({
      name: clip(s.title, LIMITS.fieldName),
      value: clip([...s.lines.map((l) => `• ${l}`), ...(s.more > 0 ? [`+${s.more}`] : [])].join('\n') || '-', LIMITS.fieldValue),
    }));
  return {
    title: clip(h.title, LIMITS.embedTitle),
    description: clip(desc, LIMITS.embedDescription) || undefined,
    fields,
    color: h.gap ? 0xe67e22 : 0x3498db,
  };
}
