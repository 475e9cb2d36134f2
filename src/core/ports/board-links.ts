/**
 * §13: a personal link to the war-room board. The core decides who sees what (the scope) and for how long; the
 * web front end signs it (the secret and the public base URL are its business, not the core's).
 */
export interface BoardLinks {
  /** A signed URL for `handle` to view the subtree of unit `scope` until `expiresAt`. */
  linkFor(handle: string, scope: string, expiresAt: Date): string;
  /** set when the board could not be served (its port taken): `/complaint board` names the port instead of a link */
  unavailable?: { port: number; why: string };
}
