/**
 * Composes the war-room board (§13) for `serve` and the console: its signing secret (BOARD_SECRET, else one
 * generated once and kept in the database, so replicas agree and links survive restarts), its links' base
 * (PUBLIC_URL, else http://127.0.0.1:PORT), the data it reads (the store's ports) and the core's port that hands
 * out links (`/complaint board`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AppCore } from './app.ts';
import type { Roster } from '../core/domain/roster.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { BoardLinks } from '../core/ports/board-links.ts';
import { buildDailySummary } from '../core/use-cases/build-daily-summary.ts';
import { chartForSummary } from '../reports/chart-for-summary.ts';
import { BoardServer, type BoardServerDeps } from '../platforms/web/board-server.ts';
import { boardLinks, newBoardSecret } from '../platforms/web/links.ts';
import { reasonOf } from '../startup-error.ts';

const BOARD_SECRET_KEY = 'board_secret';

export interface BoardOptions {
  /** BOARD_SECRET */
  secret?: string;
  /** PUBLIC_URL */
  publicUrl?: string;
  /** the port this process serves HTTP on, once known (the default link base) */
  port: () => number;
  clock: Clock;
  log?: Logger;
  /** tests: another roster (its locale) over the same database */
  roster?: Roster;
  tuning?: Pick<BoardServerDeps, 'pageSize' | 'hub' | 'heartbeatMs'>;
}

export interface Board {
  server: BoardServer;
  links: BoardLinks;
  secret: string;
}

/** Builds the board over the core's store and hands `/complaint board` its links. */
export async function createBoard(core: Pick<AppCore, 'store' | 'roster' | 'desk'>, opts: BoardOptions): Promise<Board> {
  const store = core.store;
  const secret = opts.secret || (await store.sharedSetting(BOARD_SECRET_KEY, newBoardSecret()));
  const base = () => opts.publicUrl || `http://127.0.0.1:${opts.port()}`;
  const links: BoardLinks = { linkFor: (h, s, e) => boardLinks({ secret, baseUrl: base() }).linkFor(h, s, e) };
  const roster = opts.roster ?? core.roster;
  const ctx = core.desk.ctx;
  const server = new BoardServer({
    roster,
    clock: opts.clock,
    source: store,
    secret,
    log: opts.log?.child({ component: 'board' }),
    summaryOf: (unitCode, date, now) => buildDailySummary(ctx, { unitCode, date, now, listLimit: 20 }),
    chartOf: async (s) => (await chartForSummary(store, roster, s)).png,
    ...opts.tuning,
  });
  (core.desk.deps as { boardLinks?: BoardLinks }).boardLinks = links;
  return { server, links, secret };
}

/**
 * The console's own small HTTP server for the board (serve mounts the board in its router instead): on PORT, the
 * board and nothing else. A port already taken is reported and the console runs without a board.
 */
export async function listenBoard(
  core: Pick<AppCore, 'store' | 'roster' | 'desk'>,
  opts: Omit<BoardOptions, 'port'> & { port: number; host?: string },
): Promise<{ board: Board; url: string; close(): Promise<void> } | { error: Error }> {
  let port = opts.port;
  const board = await createBoard(core, { ...opts, port: () => port });
  const http = createServer((req, res) => {
    void board.server.handle(req, res).then((done) => {
      if (!done) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(opts.port, opts.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await board.server.close();
    // no board here: `/complaint board` names the port instead of handing out a link nobody serves
    (core.desk.deps as { boardLinks?: BoardLinks }).boardLinks = {
      linkFor: () => {
        throw new Error(`no board: port ${opts.port} unavailable`);
      },
      unavailable: { port: opts.port, why: reasonOf(e) },
    };
    return { error: e as Error };
  }
  port = (http.address() as AddressInfo).port;
  return {
    board,
    url: opts.publicUrl || `http://127.0.0.1:${port}`,
    async close() {
      await board.server.close();
      await new Promise<void>((r) => {
        http.close(() => r());
        http.closeAllConnections();
      });
    },
  };
}
