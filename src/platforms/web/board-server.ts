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
const assetCache = new Map<string, Buffer>();
function asset(name: string): Buffer {
  let b = assetCache.get(name);
  if (!b) assetCache.set(name, (b = readFileSync(join(import.meta.dirname, 'assets', name))));
  return b;
}

export class BoardServer {
  readonly hub: ChangeHub;
  readonly streams: BoardStreams;
  private scopes = new Map<string, BoardScope>();
  private readonly pageSize: number;

  constructor(private d: BoardServerDeps) {
    this.pageSize = d.pageSize ?? 50;
    this.hub = new ChangeHub(d.source, { ...d.hub, onError: (e) => d.log?.error({ err: e }, 'board: change cursor read failed') });
    this.streams = new BoardStreams(this.hub, d.source, d.clock, d.heartbeatMs ?? 15_000, (e) => d.log?.error({ err: e }, 'board: update failed'));
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
        else res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-cache' }).end(asset(a[1]));
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

  private async route(path: string, url: URL, link: Extract<LinkCheck, { ok: true }>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const scope = this.scope(link.token.scope);
    const now = this.d.clock.now();
    const json = (body: unknown): void => {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    switch (path) {
      case '/board': {
        // the cursor is read before the data: an event between the two is sent again, never lost
        const cursor = await this.hub.ready();
        const tv = url.searchParams.get('tv') === '1';
        const size = tv ? this.pageSize * 2 : this.pageSize;
        const [{ rows, total }, feed] = await Promise.all([scope.rows(0, size, now), scope.feed()]);
        this.d.log?.info({ event: 'board_open', handle: link.member.handle }, 'board opened');
        const html = pageHtml({ r: scope.r, scope: scope.root, handle: link.member.handle, expiresAt: link.token.expiresAt, now, cursor, query: link.query, tv, rows, total, pageSize: size, feed });
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
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
          res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(boardWord(scope.r.locale, 'err_not_found'));
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
        this.d.log?.info({ event: 'board_connect', handle: link.member.handle }, 'board connected');
        await this.streams.open(req, res, scope, Number.isFinite(after) && after >= 0 ? after : null, link.token.expiresAt);
        return;
      }
      default:
        res.writeHead(404, SECURITY_HEADERS).end();
    }
  }
}
