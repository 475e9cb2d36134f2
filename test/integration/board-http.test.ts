/**
 * §13 over HTTP: a link that is missing, altered (signature, scope, handle, expiry), expired, or whose member left
 * the roster gets 401/403 and no case data; the page's headers (CSP without inline script, no cookie); nothing
 * in the logs but the handle; a board that reconnects with Last-Event-ID misses nothing and gets nothing twice.
 */
import { readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { sse, startBoardRig, type BoardRig } from '../helpers/board.ts';
import { until } from '../helpers/until.ts';
import { AMBER_FRACTION } from '../../src/core/rules/board-urgency.ts';

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

/** A GET as a browser sends it, the body kept as it came (compressed or not). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; raw: Buffer; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const plain = enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: plain.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the board compressed, without JavaScript, and its stream caps (§13, issue 21 items 10 and 11)', () => {
  let rig: BoardRig;
  const clock = new ManualClock('2026-12-01T02:00:00Z');
  // a small replica: 3 open streams at most, 2 per link
  const small = parseRoster(rosterText.replace(/^settings:\n/m, 'settings:\n  board_streams_max: 3\n  board_streams_per_link: 2\n'));
  const run = async (who: string, line: string) => {
    const r = await rig.core.desk.handleText(who, line);
    expect(r.ok, r.text).toBe(true);
    rig.board.server.poke();
  };
  beforeAll(async () => {
    expect(small.settings.board_streams_max).toBe(3);
    rig = await startBoardRig({ roster: small, clock, tuning: { hub: { pollMs: 50 } } });
    for (let i = 0; i < 12; i++)
      await run(
        'zhang',
        `/complaint new unit=OUT-12 channel=phone customer=客户${i} phone=1381234${String(i).padStart(4, '0')} 第${i}件 柜面系统切换后无法办理转账业务`,
      );
    await run('zhang', '/complaint escalate C1 客户要求见行长');
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('compresses the page, its script and style, and JSON as Accept-Encoding asks (brotli first, then gzip)', async () => {
    const link = rig.linkFor('liu');
    const plain = await get(link);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(link, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const gz = await get(link, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(await get(link, { 'accept-encoding': 'br;q=0, gzip;q=0.5' }).then((r) => r.headers['content-encoding'])).toBe('gzip');
    expect(await get(link, { 'accept-encoding': 'identity' }).then((r) => r.headers['content-encoding'])).toBeUndefined();
    // the same page, a fraction of the bytes
    for (const r of [br, gz]) {
      expect(r.text.replace(/&amp;at=\d+/, '')).toBe(plain.text.replace(/&amp;at=\d+/, ''));
      expect(r.raw.length).toBeLessThan(plain.raw.length / 3);
    }
    for (const a of ['board.js', 'board.css']) {
      const raw = await get(`${rig.url}/board/assets/${a}`);
      const c = await get(`${rig.url}/board/assets/${a}`, { 'accept-encoding': 'br' });
      expect(c.headers['content-encoding'], a).toBe('br');
      expect(c.text).toBe(raw.text);
      expect(c.raw.length).toBeLessThan(raw.raw.length);
    }
    const q = new URL(link).search;
    const rows = await get(`${rig.url}/board/rows${q}&offset=0&limit=50`, { 'accept-encoding': 'gzip' });
    expect(rows.headers['content-encoding']).toBe('gzip');
    expect((JSON.parse(rows.text) as { rows: string[] }).rows.length).toBe(12);
  });

  it('compresses the event stream, the first burst included, and every event still arrives at once', async () => {
    const q = new URL(rig.linkFor('liu')).search;
    const s = sse(`${rig.url}/board/events${q}`, { 'accept-encoding': 'gzip, br' });
    await s.until((e) => e.event === 'summary');
    expect(s.encoding).toBe('br');
    await run('zhang', '/complaint note C2 已联系客户');
    await s.until((e) => e.event === 'change' && e.data.includes('"id":"C2"'));
    s.close();
    const g = sse(`${rig.url}/board/events${q}`, { 'accept-encoding': 'gzip' });
    await g.until((e) => e.event === 'summary');
    expect(g.encoding).toBe('gzip');
    g.close();
  });

  it('renders what the server knows into the page: tiles, statistics, the chart, the feed and the cases, with a <noscript> note', async () => {
    const html = (await get(rig.linkFor('liu'))).text;
    const tiles = /<div id="tiles" class="tiles">(.*?)<\/div><\/section>/s.exec(html)?.[1] ?? '';
    expect(tiles).toContain('data-unit="BR01"');
    expect(tiles).toMatch(/data-k="received">12</);
    expect(html).toMatch(/<div id="stats"><ul class="classes">/);
    expect(html).toMatch(/<img id="chart"[^>]* src="\/board\/chart\.png\?[^"]*sig=/);
    expect(html).toMatch(/<ol id="feed" class="feed"><li data-case="C1">/);
    expect(html).toContain('data-id="C12"');
    expect(html).toMatch(/<noscript><p class="noscript">[^<]*JavaScript[^<]*<\/p><\/noscript>/);
    // the "reconnecting" badge only shows once the script runs
    expect(html).toMatch(/<span id="live" class="live off" hidden>/);
    // the amber threshold comes with the page, from its one home
    expect(JSON.parse(/<script type="application\/json" id="boot">(.*?)<\/script>/.exec(html)![1]).amber).toBe(AMBER_FRACTION);
  });

  it('caps open event streams per link and per replica: 503 with Retry-After beyond, and room again once one closes', async () => {
    const events = (who: string) => `${rig.url}/board/events${new URL(rig.linkFor(who)).search}`;
    const open = async (who: string) => {
      const s = sse(events(who));
      await until(() => s.status !== 0, `an answer for ${who}`);
      return s;
    };
    const a1 = await open('liu');
    const a2 = await open('liu');
    expect([a1.status, a2.status]).toEqual([200, 200]);
    const a3 = await open('liu');
    expect(a3.status).toBe(503);
    expect(Number(a3.retryAfter)).toBeGreaterThan(0);
    const b1 = await open('zhang'); // another link: 3 of 3
    expect(b1.status).toBe(200);
    const c1 = await open('feng');
    expect(c1.status).toBe(503);
    a1.close();
    await until(() => rig.board.server.streams.size === 2, 'the closed stream to be let go');
    const c2 = await open('feng');
    expect(c2.status).toBe(200);
    for (const s of [a2, a3, b1, c1, c2]) s.close();
  });
});
