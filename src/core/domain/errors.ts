import type { MessageKey, MessageParams } from '../i18n/messages.ts';

/**
 * A refusal the user should read: a stable code, rendered by every front end the same way.
 * Bugs are plain Errors and are logged, never shown as a UserError.
 */
export class UserError extends Error {
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
