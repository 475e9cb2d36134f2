/**
 * The war-room board (§13) on loopback for tests: a core on a fresh database, the board composed as `serve`
 * composes it, an HTTP server on an ephemeral port, and a minimal SSE client (what a browser's EventSource does:
 * it resumes with Last-Event-ID).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { createCore, type AppCore } from '../../src/cli/app.ts';
import type { Roster } from '../../src/core/domain/roster.ts';
import type { Clock } from '../../src/core/ports/clock.ts';
import { boardScope } from '../../src/core/rules/board-scope.ts';
import { createBoard, type Board, type BoardOptions } from '../../src/cli/web-board.ts';

export interface BoardRig {
  core: AppCore;
  board: Board;
  http: Server;
  url: string;
  /** a member's personal link, as `/complaint board` hands it out */
  linkFor(handle: string, hours?: number): string;
  /** another board (another roster, e.g. its locale) over the same database and HTTP port */
  close(): Promise<void>;
}

export async function startBoardRig(opts: {
  roster: Roster;
  clock: Clock;
  databaseUrl?: string;
  secret?: string;
  tuning?: BoardOptions['tuning'];
  log?: BoardOptions['log'];
  /** a core already running on the database (a second replica's board) */
  core?: AppCore;
}): Promise<BoardRig> {
  let dir: string | null = null;
  let url = opts.databaseUrl;
  if (!url && !opts.core) {
    dir = mkdtempSync(join(tmpdir(), 'cd-board-'));
    url = `file:${join(dir, 'board.sqlite')}`;
  }
  const core = opts.core ?? (await createCore({ databaseUrl: url!, roster: opts.roster, clock: opts.clock, throwaway: true }));
  let port = 0;
  const board = await createBoard(core, {
    secret: opts.secret,
    port: () => port,
    clock: opts.clock,
    roster: opts.roster,
    tuning: opts.tuning,
    log: opts.log,
  });
  const http = createServer((req, res) => {
    void board.server.handle(req, res).then((done) => {
      if (!done) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  port = (http.address() as AddressInfo).port;
  return {
    core,
    board,
    http,
    url: `http://127.0.0.1:${port}`,
    linkFor(handle, hours = 12) {
      const m = opts.roster.member(handle)!;
      return board.links.linkFor(m.handle, boardScope(opts.roster, m), new Date(opts.clock.now().getTime() + hours * 3_600_000));
    },
    async close() {
      await board.server.close();
      await new Promise<void>((r) => {
        http.close(() => r());
        http.closeAllConnections();
      });
      if (!opts.core) await core.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** A Server-Sent Events client: the events it received, and `until` to wait for one; `onEvent` sees each as it comes. */
export function sse(url: string, headers: Record<string, string> = {}, onEvent?: (e: SseEvent) => void) {
  const events: SseEvent[] = [];
  let status = 0;
  let encoding: string | null = null;
  let retryAfter: string | null = null;
  let waiters: (() => void)[] = [];
  const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    status = res.statusCode ?? 0;
    retryAfter = res.headers['retry-after'] ?? null;
    // a compressed stream (Accept-Encoding sent) is decoded as a browser does
    encoding = res.headers['content-encoding'] ?? null;
    const body = encoding === 'br' ? res.pipe(createBrotliDecompress()) : encoding === 'gzip' ? res.pipe(createGunzip()) : res;
    body.on('error', () => {});
    body.setEncoding('utf8');
    let buf = '';
    body.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const e: SseEvent = { event: 'message', data: '' };
        let data: string[] = [];
        for (const line of block.split('\n')) {
          const [k, ...rest] = line.split(':');
          const v = rest.join(':').replace(/^ /, '');
          if (k === 'id') e.id = v;
          else if (k === 'event') e.event = v;
          else if (k === 'data') data.push(v);
        }
        e.data = data.join('\n');
        data = [];
        if (block.startsWith('retry:')) continue;
        events.push(e);
        onEvent?.(e);
        const w = waiters;
        waiters = [];
        w.forEach((f) => f());
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    events,
    get status() {
      return status;
    },
    get encoding() {
      return encoding;
    },
    get retryAfter() {
      return retryAfter;
    },
    /** Waits until `pred` holds for some event (or the timeout passes: then it throws). */
    async until(pred: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
      const end = Date.now() + ms;
      for (;;) {
        const hit = events.find(pred);
        if (hit) return hit;
        if (Date.now() > end) throw new Error(`no such event within ${ms} ms (got ${events.map((e) => e.event).join(', ')})`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.max(1, end - Date.now()));
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    close: () => req.destroy(),
  };
}
