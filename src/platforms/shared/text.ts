/**
 * Text helpers every chat front end needs: cutting text to a platform's field limit, and reading a case id the
 * way cards and pickers show it ("C12", "c12", or the bare number where the field is a case).
 */

/** Cuts text to a field's limit, counted in UTF-16 units (what Slack and Discord count), ending with "…". */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The number of a case label ("C12" or "c12"), or null when it is not one. */
export function caseNumber(label: string): number | null {
  const m = /^[cC](\d{1,9})$/.exec(label.trim());
  return m ? Number(m[1]) : null;
}

/**
 * What a case picker's typed text asks for: the digits of a case id being typed ("C1", "1", "c" or nothing), or
 * null when the text is words (to be matched against the matter instead).
 */
export function caseIdPrefix(typed: string): string | null {
  return /^[cC]?(\d*)$/.exec(typed.trim())?.[1] ?? null;
}

/** Where a line too long for one part may be cut, best first: after a clause or list separator, else at a space. */
const CUT_AFTER = /[，；。、,;]\s*|\s+/g;

/**
 * Splits text into parts of at most `max` characters (UTF-16 units) without losing a character: at line ends,
 * and a line longer than `max` after its last separator that fits (a hard cut only when there is none). Every
 * front end that must send a long answer in several messages or embeds cuts it here.
 */
export function splitText(s: string, max: number): string[] {
  if (max < 1) throw new RangeError('splitText: max must be positive');
  const pieces: string[] = [];
  for (let line of s.split('\n')) {
    while (line.length > max) {
      let cut = 0;
      for (const m of line.slice(0, max + 1).matchAll(CUT_AFTER))
        if (m.index + m[0].length <= max && m.index > 0) cut = m.index + m[0].length;
      if (cut === 0) cut = max;
      pieces.push(line.slice(0, cut).trimEnd());
      line = line.slice(cut);
    }
    pieces.push(line);
  }
  const parts: string[] = [];
  let part: string | null = null;
  for (const p of pieces) {
    if (part === null) part = p;
    else if (part.length + 1 + p.length <= max) part = `${part}\n${p}`;
    else {
      parts.push(part);
      part = p;
    }
  }
  if (part !== null && (part !== '' || !parts.length)) parts.push(part);
  return parts;
}

/**
 * At most `count` parts of a long answer: the first ones and the last (which says how to see the rest: "N more:
 * page=2"), with the parts in between dropped and a "…" line where they were (when the last part has room for
 * it). Used only past what a platform lets one answer hold; the core sizes its replies to fit (`replyChars`).
 */
export function keepEnds(parts: string[], count: number, max: number): string[] {
  if (parts.length <= count) return parts;
  const last = parts[parts.length - 1];
  return [...parts.slice(0, Math.max(0, count - 1)), last.length + 2 <= max ? `…\n${last}` : last];
}
