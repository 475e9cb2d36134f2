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
