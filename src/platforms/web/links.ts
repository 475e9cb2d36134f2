/**
 * §13: signed board links. A link names a handle, a scope (a unit code: the root of the subtree it shows) and an
 * expiry; an HMAC-SHA256 over the three with BOARD_SECRET makes it unforgeable, and it is compared in constant
 * time. No account, no cookie: the link is the credential, so it is never logged (only the handle is).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BoardLinks } from '../../core/ports/board-links.ts';
import type { Roster, TMember } from '../../core/domain/roster.ts';
import { boardScope } from '../../core/rules/board-scope.ts';

const BOARD_PATH = '/board';

/** The link's query parameters: `h` handle, `s` scope, `e` expiry (Unix seconds), `sig` the signature. */
interface BoardToken {
  handle: string;
  scope: string;
  expiresAt: Date;
}

const b64url = (b: Buffer) => b.toString('base64url');

function sign(secret: Buffer, handle: string, scope: string, expSeconds: number): Buffer {
  // a version prefix and separators that neither a handle nor a unit code may contain
  return createHmac('sha256', secret).update(`board-v1\n${handle}\n${scope}\n${expSeconds}`).digest();
}

/** A fresh random secret (when BOARD_SECRET is unset the composition keeps one in the database). */
export const newBoardSecret = (): string => b64url(randomBytes(32));

function boardQuery(secret: string, t: BoardToken): string {
  const e = Math.floor(t.expiresAt.getTime() / 1000);
  const sig = b64url(sign(Buffer.from(secret, 'utf8'), t.handle, t.scope, e));
  return new URLSearchParams({ h: t.handle, s: t.scope, e: String(e), sig }).toString();
}

/** The core's BoardLinks port: `PUBLIC_URL/board?h=…&s=…&e=…&sig=…`. */
export function boardLinks(opts: { secret: string; baseUrl: string }): BoardLinks {
  const base = opts.baseUrl.replace(/\/+$/, '');
  return { linkFor: (handle, scope, expiresAt) => `${base}${BOARD_PATH}?${boardQuery(opts.secret, { handle, scope, expiresAt })}` };
}

export type LinkCheck =
  | { ok: true; token: BoardToken; member: TMember; query: string }
  | { ok: false; status: 401 | 403; reason: 'missing' | 'bad_signature' | 'expired' | 'not_member' };

/**
 * Checks a request's link: 401 when missing, altered or expired; 403 when the signature holds but the handle is no
 * longer on the roster, or the roster now gives that member another scope.
 */
export function checkBoardLink(secret: string, params: URLSearchParams, roster: Roster, now: Date): LinkCheck {
  const h = params.get('h');
  const s = params.get('s');
  const e = params.get('e');
  const sig = params.get('sig');
  if (!h || !s || !e || !sig || !/^\d{1,12}$/.test(e)) return { ok: false, status: 401, reason: 'missing' };
  const expected = sign(Buffer.from(secret, 'utf8'), h, s, Number(e));
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401, reason: 'bad_signature' };
  const expiresAt = new Date(Number(e) * 1000);
  if (expiresAt <= now) return { ok: false, status: 401, reason: 'expired' };
  const member = roster.member(h);
  if (!member || boardScope(roster, member) !== roster.unit(s)?.code) return { ok: false, status: 403, reason: 'not_member' };
  return {
    ok: true,
    token: { handle: member.handle, scope: roster.unit(s)!.code, expiresAt },
    member,
    query: new URLSearchParams({ h, s, e, sig }).toString(),
  };
}
