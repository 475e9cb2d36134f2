/**
 * §13: the war-room board over HTTP, for the serve module's router and the console's small server:
 * `GET /board` (the page), `/board/rows` (the next page of cases), `/board/case` (a case's card and timeline),
 * `/board/chart.png`, `/board/events` (Server-Sent Events) and `/board/assets/*` (the page's own script and style:
 * nothing from outside, it works in an air-gapped network).
 *
 * Every data request carries the signed link's query (no cookie). Without a valid link the answer is 401/403 and
 * a sentence, never case data. Logs name the handle only (the link is a credential; it is never logged).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Roster } from '../../core/domain/roster.ts';
import { boardWord, type BoardWord } from '../../core/i18n/board-words.ts';
import { BoardScope, renderCtx, type BoardDataDeps } from './board-data.ts';
import { BoardStreams } from './board-stream.ts';
import { ChangeHub, type ChangeHubOptions } from './change-hub.ts';
import { checkBoardLink, type LinkCheck } from './links.ts';
import { esc, pageHtml, SECURITY_HEADERS } from './board-view.ts';
import { chooseEncoding, compress, MIN_COMPRESS_BYTES, type Encoding } from './compress.ts';

interface BoardLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BoardServerDeps extends BoardDataDeps {
  secret: string;
  log?: BoardLog;
  /** open cases on the first page (the rest is paged), default 50 */
  pageSize?: number;
  hub?: ChangeHubOptions;
  /** heartbeat (and clock resync) interval of the event streams, default 15 s */
  heartbeatMs?: number;
}

const ASSETS: Record<string, string> = {
  'board.js': 'text/javascript; charset=utf-8',
  'board.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};
const assetCache = new Map<string, Promise<{ body: Buffer; enc: Encoding | null }>>();
/** An asset as the browser accepts it: compressed when that is worth it (each form read and compressed once per process). */
function asset(name: string, accepts: Encoding | null): Promise<{ body: Buffer; enc: Encoding | null }> {
  const key = `${name}:${accepts ?? ''}`;
  let b = assetCache.get(key);
  if (!b) {
    const raw = readFileSync(join(import.meta.dirname, 'assets', name));
    const enc = raw.length >= MIN_COMPRESS_BYTES ? accepts : null;
    assetCache.set(key, (b = enc ? compress(raw, enc).then((body) => ({ body, enc })) : Promise.resolve({ body: raw, enc: null })));
  }
  return b;
}

/** §13 (issue 21 item 11): a browser whose event streams are refused is told to come back after this long. */
export const STREAM_RETRY_AFTER_S = 30;

/**
 * Sends a whole body, compressed when the browser accepts it (brotli or gzip) and it is worth it; the page, its
 * script and style, and the JSON answers all go through here.
 */
async function reply(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  body: string | Buffer,
  pre?: Encoding | null,
): Promise<void> {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const enc = pre === undefined ? (buf.length >= MIN_COMPRESS_BYTES ? chooseEncoding(req.headers['accept-encoding']) : null) : pre;
  const out = enc && pre === undefined ? await compress(buf, enc) : buf;
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers, vary: 'Accept-Encoding', ...(enc ? { 'content-encoding': enc } : {}) }).end(out);
}

export class BoardServer {
  readonly hub: ChangeHub;
  readonly streams: BoardStreams;
  private scopes = new Map<string, BoardScope>();
  private readonly pageSize: number;

  constructor(private d: BoardServerDeps) {
    this.pageSize = d.pageSize ?? 50;
    this.hub = new ChangeHub(d.source, { ...d.hub, onError: (e) => d.log?.error({ err: e }, 'board: change cursor read failed') });
    this.streams = new BoardStreams(this.hub, d.source, d.clock, d.heartbeatMs ?? 15_000, (e) =>
      d.log?.error({ err: e }, 'board: update failed'),
    );
  }

  get roster(): Roster {
    return this.d.roster;
  }

  /** A command committed in this process: look at the cursor now (other replicas' changes come with the poll). */
  poke(): void {
    this.hub.poke();
  }

  async close(): Promise<void> {
    this.streams.close();
    await this.hub.stop();
  }

  scope(code: string): BoardScope {
    let s = this.scopes.get(code);
    if (!s) this.scopes.set(code, (s = new BoardScope(this.d.roster.unit(code)!, this.d, renderCtx(this.d.roster))));
    return s;
  }

  /** Handles `/board…`; returns false for any other path (the caller's router goes on). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path !== '/board' && !path.startsWith('/board/')) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET', ...SECURITY_HEADERS }).end();
        return true;
      }
      const a = /^\/board\/assets\/([a-z.]+)$/.exec(path);
      if (a) {
        const type = ASSETS[a[1]];
        if (!type) res.writeHead(404, SECURITY_HEADERS).end();
        else {
          const { body, enc } = await asset(a[1], chooseEncoding(req.headers['accept-encoding']));
          await reply(req, res, { 'content-type': type, 'cache-control': 'no-cache' }, body, enc);
        }
        return true;
      }
      const link = checkBoardLink(this.d.secret, url.searchParams, this.d.roster, this.d.clock.now());
      if (!link.ok) {
        this.refuse(res, link);
        return true;
      }
      await this.route(path, url, link, req, res);
    } catch (e) {
      // never the URL: it carries the link
      this.d.log?.error({ err: e, path }, 'board request failed');
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS).end();
      else res.end();
    }
    return true;
  }

  private refuse(res: ServerResponse, link: Extract<LinkCheck, { ok: false }>): void {
    const key: BoardWord = link.reason === 'expired' ? 'err_expired' : link.status === 403 ? 'err_not_member' : 'err_no_link';
    this.d.log?.info({ event: 'board_refused', status: link.status, reason: link.reason }, 'board link refused');
    const text = boardWord(renderCtx(this.d.roster).locale, key);
    res.writeHead(link.status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>${link.status}</title><p>${esc(text)}</p>\n`);
  }

  private async route(
    path: string,
    url: URL,
    link: Extract<LinkCheck, { ok: true }>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const scope = this.scope(link.token.scope);
    const now = this.d.clock.now();
    const json = (body: unknown): Promise<void> =>
      reply(req, res, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));
    switch (path) {
      case '/board': {
        // the cursor is read before the data: an event between the two is sent again, never lost
        const cursor = await this.hub.ready();
        const tv = url.searchParams.get('tv') === '1';
        const size = tv ? this.pageSize * 2 : this.pageSize;
        // §13 (issue 21 item 10): the page carries what the server knows (tiles, statistics, feed, cases), so it is
        // useful without JavaScript; the script only keeps it current
        const [{ rows, total }, summary] = await Promise.all([scope.rows(0, size, now), scope.summary(now)]);
        this.d.log?.info({ event: 'board_open', handle: link.member.handle }, 'board opened');
        const html = pageHtml({
          r: scope.r,
          scope: scope.root,
          handle: link.member.handle,
          expiresAt: link.token.expiresAt,
          now,
          cursor,
          query: link.query,
          tv,
          rows,
          total,
          pageSize: size,
          feed: summary.feed,
          tiles: summary.tiles,
          stats: summary.stats,
          streamRetryS: STREAM_RETRY_AFTER_S,
        });
        return reply(req, res, { 'content-type': 'text/html; charset=utf-8' }, html);
      }
      case '/board/rows': {
        const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
        const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit')) || this.pageSize));
        const { rows, total } = await scope.rows(offset, limit, now);
        return json({ now: now.getTime(), rows, total });
      }
      case '/board/case': {
        const m = /^[cC](\d{1,9})$/.exec(url.searchParams.get('id') ?? '');
        const html = m ? await scope.caseDetail(Number(m[1]), now) : null;
        if (!html) {
          res
            .writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
            .end(boardWord(scope.r.locale, 'err_not_found'));
          return;
        }
        return json({ html });
      }
      case '/board/chart.png': {
        const png = await scope.chart(now);
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'image/png' }).end(png);
        return;
      }
      case '/board/events': {
        const header = req.headers['last-event-id'];
        const after = Number((Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('after') ?? NaN);
        // §13 (issue 21 item 11): a cap on open streams per replica and per link (a link is one person), from the
        // roster's settings; beyond it 503 with Retry-After, and the page tries again after that long
        const st = this.d.roster.settings;
        const key = url.searchParams.get('sig') ?? '';
        const full =
          this.streams.size >= st.board_streams_max ? 'replica' : this.streams.countLink(key) >= st.board_streams_per_link ? 'link' : null;
        if (full) {
          this.d.log?.warn(
            { event: 'board_streams_full', handle: link.member.handle, cap: full, open: this.streams.size },
            'board event stream refused: too many open',
          );
          res
            .writeHead(503, {
              ...SECURITY_HEADERS,
              'content-type': 'text/plain; charset=utf-8',
              'retry-after': String(STREAM_RETRY_AFTER_S),
            })
            .end(boardWord(scope.r.locale, full === 'link' ? 'err_streams_link' : 'err_streams_full'));
          return;
        }
        this.d.log?.info({ event: 'board_connect', handle: link.member.handle }, 'board connected');
        await this.streams.open(
          req,
          res,
          scope,
          Number.isFinite(after) && after >= 0 ? after : null,
          link.token.expiresAt,
          key,
          chooseEncoding(req.headers['accept-encoding']),
        );
        return;
      }
      default:
        res.writeHead(404, SECURITY_HEADERS).end();
    }
  }
}
