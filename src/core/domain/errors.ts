import type { MessageKey, MessageParams } from '../i18n/messages.ts';

/** What a refusal carries, wherever it was raised (a use case, or the grammar's parser): rendered late, in the reader's locale. */
export interface Refusal {
  readonly code: MessageKey;
  readonly params: MessageParams;
  /** the usage line of the command concerned, shown as "expected form" */
  readonly usage?: string;
}

/**
 * A refusal the user should read: a stable code, rendered by every front end the same way.
 * Bugs are plain Errors and are logged, never shown as a UserError.
 */
export class UserError extends Error implements Refusal {
  constructor(
    readonly code: MessageKey,
    readonly params: MessageParams = {},
    /** the usage line of the command concerned, shown as "expected form" */
    readonly usage?: string,
  ) {
    super(code);
    this.name = 'UserError';
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;

/**
 * A write lost a race: the case changed since it was read (another command, another replica). The unit of work
 * retries the whole transaction on it, the same way on every store; it is never shown to a person.
 */
export class ConcurrencyError extends Error {
  constructor(readonly what: string) {
    super(`${what} changed concurrently`);
    this.name = 'ConcurrencyError';
  }
}
