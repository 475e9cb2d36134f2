/**
 * §13 over HTTP: a link that is missing, altered (signature, scope, handle, expiry), expired, or whose member left
 * the roster gets 401/403 and no case data; the page's headers (CSP without inline script, no cookie); nothing
 * in the logs but the handle; a board that reconnects with Last-Event-ID misses nothing and gets nothing twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { sse, startBoardRig, type BoardRig } from '../helpers/board.ts';

const rosterText = readFileSync(join(PROJECT_ROOT, 'examples', 'demo-roster.yml'), 'utf8');
const roster = parseRoster(rosterText);

describe('the board over HTTP (§13)', () => {
  let rig: BoardRig;
  const clock = new ManualClock('2026-12-01T01:00:00Z');
  const logs: string[] = [];
  const run = async (who: string, line: string) => {
    const r = await rig.core.desk.handleText(who, line);
    expect(r.ok, r.text).toBe(true);
    rig.board.server.poke();
    return r;
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    rig = await startBoardRig({ roster, clock, log: createLogger('debug', sink), tuning: { hub: { pollMs: 50 } } });
    await run('zhang', '/complaint new unit=OUT-12 channel=phone customer=王小明 phone=13812345678 取款机吞卡');
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  const altered = (link: string, key: string, value: (v: string) => string) => {
    const u = new URL(link);
    u.searchParams.set(key, value(u.searchParams.get(key)!));
    return u.toString();
  };

  it('/complaint board answers the actor with a link that opens the page', async () => {
    const r = await run('liu', '/complaint board');
    const url = /https?:\/\/\S+/.exec(r.text)?.[0];
    expect(url).toMatch(/\/board\?h=liu&s=BR01&e=\d+&sig=/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('data-id="C1"');
    expect(html).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))/); // no inline script
    expect(html).not.toContain('13812345678');
    expect(html).not.toContain('王小明');
    expect(html).toContain('138****5678');
  });

  it('refuses forged, expired and orphaned links with 401/403 and no case data, on every path', async () => {
    const good = rig.linkFor('zhang');
    const sibling = rig.linkFor('feng'); // BR02's liaison
    const wider = new URL(good);
    wider.searchParams.set('s', 'PROV');
    const bad: [string, string, number][] = [
      ['no link', `${rig.url}/board`, 401],
      ['altered signature', altered(good, 'sig', (v) => (v[0] === 'A' ? 'B' : 'A') + v.slice(1)), 401],
      ['altered scope', wider.toString(), 401],
      ['altered handle', altered(good, 'h', () => 'chen'), 401],
      ['altered expiry', altered(good, 'e', (v) => String(Number(v) + 86_400)), 401],
      ['another secret', altered(good, 'sig', () => altered(sibling, 'h', () => 'zhang').split('sig=')[1]), 401],
    ];
    const expiredLink = rig.linkFor('zhang', -1);
    bad.push(['expired', expiredLink, 401]);
    const gone = await startBoardRig({
      roster: parseRoster(rosterText.replace(/^.*handle: zhang\b.*$/m, '')),
      clock,
      core: rig.core,
      secret: rig.board.secret,
    });
    try {
      bad.push(['member removed from the roster', good.replace(rig.url, gone.url), 403]);
      for (const [what, url, status] of bad) {
        for (const path of ['/board', '/board/rows', '/board/case', '/board/events', '/board/chart.png']) {
          const u = new URL(url);
          const res = await fetch(`${u.origin}${path}${u.search}${path === '/board/case' ? '&id=C1' : ''}`);
          const body = await res.text();
          expect(res.status, `${what} ${path}`).toBe(status);
          expect(body, `${what} ${path}`).not.toMatch(/\bC\d+\b/);
          expect(body).not.toContain('138****5678');
        }
      }
    } finally {
      await gone.close();
    }
    // a case outside the scope is not shown either
    const other = await fetch(`${sibling.replace('/board?', '/board/case?')}&id=C1`);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('取款机');
  });

  it('logs the handle, never the link or customer data', async () => {
    await fetch(rig.linkFor('zhang'));
    await fetch(altered(rig.linkFor('zhang'), 'sig', (v) => 'x' + v));
    const text = logs.join('');
    expect(text).toContain('"handle":"zhang"');
    expect(text).not.toMatch(/sig=|[?&]e=\d/);
    expect(text).not.toContain(rig.board.secret);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('王小明');
  });

  it('a board that reconnects with Last-Event-ID gets exactly what it missed', async () => {
    const link = new URL(rig.linkFor('liu'));
    const events = `${rig.url}/board/events${link.search}`;
    const a = sse(`${events}&after=0`);
    await a.until((e) => e.event === 'now');
    await run('zhang', '/complaint new unit=OUT-12 channel=phone 第一件');
    const seen = await a.until((e) => e.event === 'change' && e.data.includes('"id":"C2"'));
    a.close();
    // while the board is away: three changes, one of them on a sibling branch
    await run('zhang', '/complaint new unit=OUT-12 channel=phone 第二件');
    await run('feng', '/complaint new unit=BR02 channel=phone 兄弟分行');
    await run('zhang', '/complaint note C2 客户又来电');
    const b = sse(events, { 'last-event-id': seen.id! });
    await b.until((e) => e.event === 'change' && e.data.includes('"id":"C3"') && e.data.includes('"id":"C2"'));
    const changes = b.events.filter((e) => e.event === 'change');
    expect(changes.length).toBe(1); // one catch-up event, up to the newest change
    const body = JSON.parse(changes[0].data) as { rows: { id: string }[] };
    expect(body.rows.map((r) => r.id).sort()).toEqual(['C2', 'C3']); // not C4 (BR02), and C1 did not change
    expect(Number(changes[0].id)).toBeGreaterThan(Number(seen.id));
    // live again: the next change arrives once, after the catch-up
    await run('zhang', '/complaint note C3 已联系客户');
    await b.until((e) => e.event === 'change' && e.id !== changes[0].id);
    const ids = b.events.filter((e) => e.event === 'change').map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    b.close();
  });
});
