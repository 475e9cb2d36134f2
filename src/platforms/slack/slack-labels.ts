import type { Locale } from '../../core/i18n/messages.ts';
import { slackWord, type SlackWord } from '../../core/i18n/chat-words.ts';

/**
 * Slack-only interface words (button captions, modal titles): they live in src/core/i18n/chat-words.ts with every
 * other word a person reads.
 */
export type { SlackWord };

export function w(locale: Locale, key: SlackWord, params: Record<string, string> = {}): string {
  return slackWord(locale, key, params);
}

/** Card buttons → the subcommand each one runs: defined once in the core. */
export { CARD_BUTTON_COMMAND as BUTTON_COMMAND } from '../../core/domain/case.ts';
