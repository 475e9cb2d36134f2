/**
 * §13 live updates: Server-Sent Events to every open board. One change hub per process feeds them all; each batch
 * of changes is read once (the cases it touched, with their deadlines), each row rendered once, and sent to every
 * board whose scope it concerns. An event's id is the change cursor it brings the board up to, so a board that
 * lost its connection comes back with `Last-Event-ID` and gets exactly what it missed. The day's figures follow
 * as a separate `summary` event, computed once per scope however many boards show it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutboxRecord } from '../../core/domain/case.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { ChangeBatch, type BoardScope, type BoardSource, type RowUpdate } from './board-data.ts';
import type { ChangeHub } from './change-hub.ts';
import { SECURITY_HEADERS } from './board-view.ts';
import { streamEncoder, type Encoding } from './compress.ts';

interface Client {
  res: ServerResponse;
  scope: BoardScope;
  /** the cursor this board has been brought up to */
  sent: number;
  /** batches that arrived while the board was catching up */
  buffer: { batch: Promise<ChangeBatch>; upTo: number }[] | null;
  expiresAt: Date;
  /** the link it was opened with (its signature): §13's cap per link */
  link: string;
  /** the compressing stream in front of `res`, when the browser accepts one */
  z: ReturnType<typeof streamEncoder> | null;
  flushQueued: boolean;
}

/** A board further behind than this reloads its page instead of replaying every change. */
const MAX_CATCH_UP = 5000;
/** A board that does not read what it is sent is dropped (it reconnects and catches up). */
const MAX_BUFFERED = 4 << 20;

export class BoardStreams {
  private clients = new Set<Client>();
  private unsubscribe: (() => void) | null = null;
  private chain: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | null = null;
  private summaries = new Map<
    BoardScope,
    { running: boolean; dirty: boolean; last: string | null; at: number; timer: NodeJS.Timeout | null }
  >();

  constructor(
    private hub: ChangeHub,
    private source: BoardSource,
    private clock: Clock,
    private heartbeatMs: number,
    private onError: (e: unknown) => void,
    private summaryEveryMs = 2000,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Open streams opened with this link. */
  countLink(link: string): number {
    let n = 0;
    for (const c of this.clients) if (c.link === link) n++;
    return n;
  }

  async open(
    req: IncomingMessage,
    res: ServerResponse,
    scope: BoardScope,
    after: number | null,
    expiresAt: Date,
    link = '',
    enc: Encoding | null = null,
  ): Promise<void> {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...(enc ? { 'content-encoding': enc, vary: 'Accept-Encoding' } : {}),
    });
    const z = enc ? streamEncoder(enc) : null;
    if (z) z.stream.pipe(res);
    const client: Client = { res, scope, sent: -1, buffer: [], expiresAt, link, z, flushQueued: false };
    this.write(client, `retry: 1000\n\n`);
    res.flushHeaders();
    this.clients.add(client);
    req.socket.setNoDelay(true);
    req.on('close', () => {
      client.z?.stream.destroy();
      this.drop(client);
    });
    this.follow();
    const mark = await this.hub.ready();
    try {
      if (after !== null && after < mark) {
        const missed: OutboxRecord[] = [];
        for (let from = after; from < mark;) {
          const page = (await this.source.changesSince(from, 500)).filter((m) => m.id <= mark);
          if (!page.length) break;
          missed.push(...page);
          from = page[page.length - 1].id;
          if (missed.length > MAX_CATCH_UP) return void this.write(client, `event: reload\ndata: {}\n\n`);
        }
        this.send(client, await ChangeBatch.load(this.source, missed), mark);
      } else client.sent = after ?? mark;
      for (const b of client.buffer ?? []) this.send(client, await b.batch, b.upTo);
    } finally {
      client.buffer = null;
    }
    this.write(client, `event: now\ndata: ${JSON.stringify({ now: this.clock.now().getTime() })}\n\n`);
    this.refreshSummary(scope, client);
  }

  close(): void {
    for (const st of this.summaries.values()) if (st.timer) clearTimeout(st.timer);
    for (const c of [...this.clients]) {
      this.end(c);
      this.drop(c);
    }
  }

  private follow(): void {
    this.unsubscribe ??= this.hub.subscribe((msgs, upTo) => this.onBatch(msgs, upTo));
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  private end(c: Client): void {
    if (c.z) c.z.stream.end();
    else c.res.end();
  }

  private drop(c: Client): void {
    if (!this.clients.delete(c)) return;
    if (!this.clients.size) {
      this.unsubscribe?.();
      this.unsubscribe = null;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  private onBatch(msgs: OutboxRecord[], upTo: number): void {
    // read once, for every board, in the order the hub hands batches out
    const batch = ChangeBatch.load(this.source, msgs);
    batch.catch(() => {});
    for (const c of this.clients) if (c.buffer) c.buffer.push({ batch, upTo });
    this.chain = this.chain
      .then(async () => {
        const b = await batch;
        const rendered = new Map<number, RowUpdate>();
        const perScope = new Map<BoardScope, ReturnType<ChangeBatch['forScope']>>();
        const now = this.clock.now();
        for (const c of this.clients) {
          if (c.buffer) continue;
          let part = perScope.get(c.scope);
          if (!part) perScope.set(c.scope, (part = b.forScope(c.scope, now, rendered)));
          this.emit(c, part, upTo, now);
        }
      })
      .catch(this.onError);
  }

  private send(c: Client, b: ChangeBatch, upTo: number): void {
    const now = this.clock.now();
    this.emit(c, b.forScope(c.scope, now, new Map()), upTo, now);
  }

  private emit(c: Client, part: ReturnType<ChangeBatch['forScope']>, upTo: number, now: Date): void {
    if (upTo <= c.sent) return;
    c.sent = upTo;
    this.write(c, `id: ${upTo}\nevent: change\ndata: ${JSON.stringify({ now: now.getTime(), rows: part.rows, gone: part.gone })}\n\n`);
    if (part.touched) this.refreshSummary(c.scope);
  }

  /**
   * Recomputes a scope's figures and sends them to its boards: at most once per `summaryEveryMs` (the day's counts
   * scan the day's cases; the rows themselves are live), once more after the last change; a board that connects
   * meanwhile gets the latest figures at once.
   */
  private refreshSummary(scope: BoardScope, newcomer?: Client): void {
    let st = this.summaries.get(scope);
    if (!st) this.summaries.set(scope, (st = { running: false, dirty: false, last: null, at: 0, timer: null }));
    const state = st;
    if (newcomer && state.last) this.write(newcomer, state.last);
    if (newcomer && state.last && !state.dirty) return;
    state.dirty = true;
    if (state.running || state.timer) return;
    const wait = state.at + this.summaryEveryMs - Date.now();
    if (wait > 0) {
      state.timer = setTimeout(() => {
        state.timer = null;
        this.refreshSummary(scope);
      }, wait);
      state.timer.unref();
      return;
    }
    state.running = true;
    void (async () => {
      try {
        state.dirty = false;
        state.at = Date.now();
        const now = this.clock.now();
        const s = await scope.summary(now);
        state.last = `event: summary\ndata: ${JSON.stringify({ now: now.getTime(), ...s })}\n\n`;
        for (const c of this.clients) if (c.scope === scope && !c.buffer) this.write(c, state.last);
      } catch (e) {
        this.onError(e);
      } finally {
        state.running = false;
        if (state.dirty) this.refreshSummary(scope);
      }
    })();
  }

  private beat(): void {
    const now = this.clock.now();
    const data = `event: now\ndata: ${JSON.stringify({ now: now.getTime() })}\n\n`;
    for (const c of [...this.clients]) {
      if (c.expiresAt <= now) {
        this.write(c, `event: expired\ndata: {}\n\n`);
        this.end(c);
        this.drop(c);
      } else this.write(c, data);
    }
  }

  private write(c: Client, data: string): void {
    if (c.res.writableLength + (c.z?.stream.writableLength ?? 0) > MAX_BUFFERED) {
      c.res.destroy();
      c.z?.stream.destroy();
      this.drop(c);
      return;
    }
    if (!c.z) return void c.res.write(data);
    // compressed: what is written in one turn (the first burst, a batch) goes out in one flush
    c.z.stream.write(data);
    if (c.flushQueued) return;
    c.flushQueued = true;
    setImmediate(() => {
      c.flushQueued = false;
      if (!c.z!.stream.destroyed && !c.z!.stream.writableEnded) c.z!.flush();
    });
  }
}
