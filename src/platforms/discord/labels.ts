/**
 * Discord-only interface words: button captions, modal titles and field labels (Discord caps a modal title and a
 * field label at 45 characters, a button caption at 80). They live in src/core/i18n/chat-words.ts with every other
 * word a person reads.
 */
import { label, type Locale } from '../../core/i18n/messages.ts';
import { discordWord, type DiscordWord } from '../../core/i18n/chat-words.ts';
import type { CaseCard } from '../../core/domain/case.ts';

type ButtonAction = CaseCard['buttons'][number];

export type { DiscordWord };

export function w(locale: Locale, key: DiscordWord, params: Record<string, string> = {}): string {
  return discordWord(locale, key, params);
}

/** Button captions: one set of words for every front end (src/core/i18n/messages.ts). */
export const buttonLabel = (locale: Locale, action: ButtonAction): string => label(locale, 'button', action);
