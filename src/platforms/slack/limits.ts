/**
 * Slack's published message limits, in one place (Block Kit reference; `@slack/types` type comments; chat.postMessage).
 * Every Slack payload the desk builds stays within them; test/integration/platform-limits.test.ts checks it.
 */
export const SLACK_LIMITS = {
  /** blocks in one message */
  blocks: 50,
  /** a section's text, a field's text, a context element */
  sectionText: 3000,
  /** one of a section's fields (at most `sectionFields` of them) */
  fieldText: 2000,
  sectionFields: 10,
  /** a header block's text */
  headerText: 150,
  /** Slack truncates `text` past 40,000 characters and asks for less than 4,000: every message's `text` stays under */
  text: 3900,
  /**
   * All block text of one message: chat.postMessage answers `msg_blocks_too_long` from about 13,200 characters of
   * block text (bolt-js #2509), well under the per-block sums; kept below with a margin.
   */
  blockText: 12_000,
  /** how many times a slash command's response_url may be used (30 minutes): the parts of one answer after the ack */
  responses: 5,
} as const;

/**
 * How many characters one answer to a command may hold on Slack (the core sizes `list` pages and the timeline of
 * `show` to it): a message's `text` guidance, less room for `@handle` turning into `<@U…>` and `&` into `&amp;`.
 */
export const SLACK_REPLY_CHARS = SLACK_LIMITS.text - 500;
