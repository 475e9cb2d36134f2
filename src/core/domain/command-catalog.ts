import type { Localized, MessageRef } from '../i18n/messages.ts';

/** What help needs to know of a command (the grammar in commands/ supplies it; the core never imports it). */
interface CommandInfo {
  readonly name: string;
  readonly summary: Localized;
  readonly usage: string;
  readonly example: string | Localized;
  readonly options: readonly {
    readonly name: string;
    readonly type: string;
    readonly positional?: boolean;
    readonly required?: boolean;
    readonly description: Localized;
  }[];
  readonly text: { readonly mode: 'required' | 'optional' | 'none'; readonly name: string; readonly description: Localized };
}

/** The command catalog, handed to the desk by whoever composes it. */
export interface CommandCatalog {
  commands: readonly CommandInfo[];
  /** what each option type accepts, in the reader's words */
  expected: Readonly<Record<string, MessageRef>>;
}
