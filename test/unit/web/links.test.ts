/** §13: board links are signed (HMAC over handle, scope and expiry), checked in constant time, and expire. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../../src/core/domain/roster.ts';
import { boardScope } from '../../../src/core/rules/board-scope.ts';
import { boardLinks, checkBoardLink } from '../../../src/platforms/web/links.ts';
import { PROJECT_ROOT } from '../../../src/cli/config.ts';

const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'examples', 'demo-roster.yml'), 'utf8'));
const secret = 'test-secret';
const now = new Date('2026-12-01T01:00:00Z');
const until = new Date('2026-12-01T13:00:00Z');
const links = boardLinks({ secret, baseUrl: 'http://board.example:3000/' });
const paramsOf = (url: string) => new URL(url).searchParams;

describe('board links (§13)', () => {
  const leader = roster.members.find((m) => m.role === 'leader')!;
  const staff = roster.members.find((m) => m.role === 'liaison')!;

  it('leaders see their group unit subtree, everyone else their own unit', () => {
    expect(boardScope(roster, leader)).toBe(roster.groupUnit(leader.unit).code);
    expect(boardScope(roster, staff)).toBe(staff.unit);
  });

  it('a link made for a member checks out until it expires', () => {
    const url = links.linkFor(staff.handle, boardScope(roster, staff), until);
    expect(url.startsWith('http://board.example:3000/board?')).toBe(true);
    const r = checkBoardLink(secret, paramsOf(url), roster, now);
    expect(r.ok && r.member.handle).toBe(staff.handle);
    expect(checkBoardLink(secret, paramsOf(url), roster, until)).toMatchObject({ ok: false, status: 401, reason: 'expired' });
  });

  it('refuses a missing link, an altered signature, scope, handle or expiry, and another secret', () => {
    const url = links.linkFor(staff.handle, boardScope(roster, staff), until);
    const p = paramsOf(url);
    expect(checkBoardLink(secret, new URLSearchParams(), roster, now)).toMatchObject({ status: 401, reason: 'missing' });
    const alter = (k: string, v: string) => {
      const q = new URLSearchParams(p);
      q.set(k, v);
      return checkBoardLink(secret, q, roster, now);
    };
    const sig = p.get('sig')!;
    expect(alter('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(alter('sig', sig.slice(0, 10))).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(alter('s', roster.province.code)).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(alter('h', leader.handle)).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(alter('e', String(Number(p.get('e')) + 3600))).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(checkBoardLink('other-secret', p, roster, now)).toMatchObject({ status: 401, reason: 'bad_signature' });
  });

  it('a member no longer on the roster (or moved to another scope) gets 403', () => {
    const url = links.linkFor(staff.handle, boardScope(roster, staff), until);
    const without = parseRoster(
      readFileSync(join(PROJECT_ROOT, 'examples', 'demo-roster.yml'), 'utf8').replace(
        new RegExp(`^.*handle: ${staff.handle}\\b.*$`, 'm'),
        '',
      ),
    );
    expect(without.member(staff.handle)).toBeUndefined();
    expect(checkBoardLink(secret, paramsOf(url), without, now)).toMatchObject({ ok: false, status: 403, reason: 'not_member' });
    const wider = links.linkFor(staff.handle, roster.province.code, until);
    expect(checkBoardLink(secret, paramsOf(wider), roster, now)).toMatchObject({ ok: false, status: 403 });
  });
});
