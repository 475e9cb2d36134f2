import type { Roster } from '../../core/domain/roster.ts';

/** Slack's three control characters in message text (mrkdwn): & < > must be escaped. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeMrkdwn(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Text the desk wrote (with `@handle` for roster members) → Slack mrkdwn: escaped, and every `@handle` of a
 * member with a Slack id turned into a real mention `<@U…>`. Members listed in `mentions` but not named in
 * the text are appended, so nobody the desk meant to notify is missed.
 */
export function toSlackText(roster: Roster, text: string, mentions: string[] = []): string {
  const named = new Set<string>();
  let out = escapeMrkdwn(text).replace(/(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]+)/g, (m, pre: string, raw: string) => {
    // a handle followed by sentence punctuation ("@li.") — try without the trailing dots/dashes
    let handle = raw;
    let rest = '';
    let member = roster.member(handle);
    while (!member && /[._-]$/.test(handle)) {
      rest = handle.slice(-1) + rest;
      handle = handle.slice(0, -1);
      member = roster.member(handle);
    }
    if (!member?.slack) return m;
    named.add(member.handle);
    return `${pre}<@${member.slack}>${rest}`;
  });
  const extra = mentions
    .map((h) => roster.member(h))
    .filter((m) => m?.slack && !named.has(m.handle))
    .map((m) => `<@${m!.slack}>`);
  if (extra.length) out += `\n${[...new Set(extra)].join(' ')}`;
  return out;
}

/**
 * Slash-command text as Slack sends it (the manifest sets `should_escape`) → the desk's grammar:
 * `<@U0LI|li>` becomes `@handle` of the roster member with that Slack id, links and channel references
 * become their visible text, and HTML entities are decoded.
 */
export function fromSlackText(roster: Roster, text: string): string {
  const replaced = text.replace(/<([@#!]?)([^>|]*)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, labelText?: string) => {
    if (sigil === '@') {
      const member = roster.memberBySlack(id);
      return member ? `@${member.handle}` : `@${labelText || id}`;
    }
    if (sigil === '#') return `#${labelText || id}`;
    if (sigil === '!') return `@${labelText || id.replace(/^subteam\^/, '')}`;
    const url = id.replace(/^mailto:/, '');
    return labelText || url;
  });
  return unescapeMrkdwn(replaced);
}

/** Cuts text to Slack's limits for a field (one definition for every front end). */
export { clip } from '../shared/text.ts';
