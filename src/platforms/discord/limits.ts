/**
 * Discord's published limits, in one place (developer docs: message resource, embed limits, application commands).
 * Every Discord payload the desk builds stays within them; test/integration/platform-limits.test.ts checks it.
 */

/** A message and its embeds. */
export const LIMITS = {
  /** a message's content */
  content: 2000,
  /** embeds in one message */
  embeds: 10,
  embedTitle: 256,
  /** one embed's description */
  embedDescription: 4096,
  /** fields in an embed, and a field's name and value */
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  /** title, description, field names and values and footer of all the embeds of one message together */
  embedTotal: 6000,
} as const;

/** Discord's limits for application commands (developer docs, "Application Commands"). */
export const DISCORD_LIMITS = {
  name: /^[-_\p{L}\p{N}]{1,32}$/u,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  subcommands: 25,
  stringMaxLength: 6000,
  /** name + description + choice names/values of the whole command, per locale */
  totalChars: 8000,
} as const;

/**
 * How many characters one answer to a command may hold on Discord (the core sizes `list` pages and the timeline of
 * `show` to it): one embed's description, with room to spare.
 */
export const DISCORD_REPLY_CHARS = 4000;

/** Follow-up messages one answer may add after the first (a long summary comes in parts). */
export const DISCORD_FOLLOW_UPS = 5;
