/**
 * Permanent delivery errors (PermanentDeliveryError: a missing scope, a channel the bot is not in …) against every
 * Store implementation: the message is given up (`dead`, kept with its error, never retried) and its case's later
 * messages go ahead; transient errors are still retried with backoff and hold the case's later messages back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/ports/clock.ts';
import type { OutboxInput, OutboxRecord } from '../../src/core/domain/case.ts';
import { PermanentDeliveryError, type Notifier, type Store } from '../../src/core/ports/store.ts';
import { ALL_KINDS } from '../../src/core/ports/outbox.ts';
import { deliverOutbox } from '../../src/scheduler/deliver-outbox.ts';
import { pgUnreachable } from '../helpers/pg.ts';
import { at, T0 } from '../helpers/records.ts';
import { STORE_KINDS, type OpenStore } from '../helpers/stores.ts';

const pgDown = STORE_KINDS.some((k) => k.needsPg) ? await pgUnreachable() : null;

function msg(key: string, caseId: number | null, o: Partial<OutboxInput> = {}): OutboxInput {
  return { key, at: T0, kind: 'update', caseId, toUnit: 'BR01', toHandle: null, payload: { text: key, mentions: [] }, ...o };
}

/** A platform whose answer per message key is scripted: 'ok', 'permanent' or 'transient'. */
class ScriptedNotifier implements Notifier {
  readonly kinds = ALL_KINDS;
  readonly sent: string[] = [];
  readonly tried: string[] = [];
  constructor(
    readonly platform: string,
    public answer: (key: string) => 'ok' | 'permanent' | 'transient' = () => 'ok',
  ) {}
  async send(m: OutboxRecord): Promise<void> {
    this.tried.push(m.key);
    const a = this.answer(m.key);
    if (a === 'permanent') throw new PermanentDeliveryError(this.platform, 'not_in_channel');
    if (a === 'transient') throw new Error(`${this.platform}: 503`);
    this.sent.push(m.key);
  }
}

describe.each(STORE_KINDS)('permanent delivery errors on the $name store', (kind) => {
  let open: OpenStore;
  let s: Store;
  const clock = new ManualClock(T0);
  beforeEach(async (ctx) => {
    if (kind.needsPg && pgDown) return ctx.skip();
    clock.set(T0);
    open = await kind.open();
    s = open.store;
  });
  afterEach(async () => {
    await open?.close();
  });

  const enqueue = (...ms: OutboxInput[]) => s.tx((t) => t.enqueue(ms));
  const row = async (key: string) => (await s.pendingOutbox(1000)).find((m) => m.key === key) ?? null;
  /** passes until nothing is due, moving the clock past each retry's backoff */
  const passes = async (notifiers: Notifier[], n: number) => {
    const out = { sent: 0, failed: 0, dead: 0 };
    for (let i = 0; i < n; i++) {
      const r = await deliverOutbox(s, notifiers, clock, 'replica-A');
      out.sent += r.sent;
      out.failed += r.failed;
      out.dead += r.dead;
      const next = await s.nextOutboxAttempt(clock.now());
      if (!next) break;
      clock.set(Math.max(next.getTime(), clock.now().getTime()));
    }
    return out;
  };

  it('says when its read was cut at the limit, so a pass reads again only then', async () => {
    await enqueue(msg('a', 1), msg('b', 2), msg('c', 3));
    const slack = new ScriptedNotifier('slack');
    expect(await deliverOutbox(s, [slack], clock, 'replica-A', { limit: 2 })).toMatchObject({ sent: 2, more: true });
    expect(await deliverOutbox(s, [slack], clock, 'replica-A', { limit: 2 })).toMatchObject({ sent: 1, more: false });
    expect(slack.sent).toEqual(['a', 'b', 'c']);
  });

  it('a solo sender (a drill’s own database) delivers without leasing; any other leases each chunk', async () => {
    await enqueue(msg('a', 1), msg('b', 2));
    let claims = 0;
    const counting = new Proxy(s, {
      get: (t, k) =>
        k === 'claimOutboxBatch'
          ? (...a: Parameters<Store['claimOutboxBatch']>) => (claims++, t.claimOutboxBatch(...a))
          : Reflect.get(t, k),
    });
    const slack = new ScriptedNotifier('slack');
    expect(await deliverOutbox(counting, [slack], clock, 'drill', { solo: true })).toMatchObject({ sent: 2 });
    expect(claims).toBe(0);
    expect(slack.sent).toEqual(['a', 'b']);
    await enqueue(msg('c', 3));
    expect(await deliverOutbox(counting, [slack], clock, 'replica-A')).toMatchObject({ sent: 1 });
    expect(claims).toBe(1);
  });

  it('markDead takes a message out of the queue for good, and outboxDead counts it per error and since a time', async () => {
    await enqueue(msg('a', 1), msg('b', 1), msg('c', 2));
    const [a, b] = await s.pendingOutbox(10);
    await s.markDead(a.id, 'slack: missing_scope (at chart, needed files:write)', at(5));
    await s.markDead(b.id, 'slack: not_in_channel', at(90));
    expect((await s.pendingOutbox(10)).map((m) => m.key)).toEqual(['c']);
    expect(await s.outboxBacklog()).toBe(1);
    expect(await s.claimOutboxBatch([a.id, b.id], 'replica-B', at(100), 30_000)).toEqual(new Set());
    expect(await s.outboxDead(null)).toEqual({
      count: 2,
      errors: [
        { error: 'slack: missing_scope (at chart, needed files:write)', count: 1 },
        { error: 'slack: not_in_channel', count: 1 },
      ],
    });
    expect(await s.outboxDead(at(60))).toEqual({ count: 1, errors: [{ error: 'slack: not_in_channel', count: 1 }] });
    expect(await s.outboxDead(at(91))).toEqual({ count: 0, errors: [] });
  });

  it('a permanent error gives the message up at once, never retries it, and lets the later messages of its case go out', async () => {
    await enqueue(msg('c1-card', 1), msg('c1-note', 1), msg('c2-card', 2));
    const slack = new ScriptedNotifier('slack', (k) => (k === 'c1-card' ? 'permanent' : 'ok'));
    const r = await passes([slack], 10);
    expect(r).toEqual({ sent: 2, failed: 0, dead: 1 });
    expect(slack.sent).toEqual(['c1-note', 'c2-card']);
    expect(slack.tried.filter((k) => k === 'c1-card')).toHaveLength(1);
    expect(await s.outboxBacklog()).toBe(0);
    expect(await s.outboxDead(null)).toEqual({ count: 1, errors: [{ error: 'slack: not_in_channel', count: 1 }] });
    // hours later, still not retried
    clock.set(at(600));
    expect(await deliverOutbox(s, [slack], clock, 'replica-A')).toMatchObject({ sent: 0, failed: 0, dead: 0 });
    expect(slack.tried.filter((k) => k === 'c1-card')).toHaveLength(1);
  });

  it('a transient error is retried with backoff and holds its case back until it goes through', async () => {
    await enqueue(msg('c1-card', 1), msg('c1-note', 1));
    let fails = 2;
    const slack = new ScriptedNotifier('slack', (k) => (k === 'c1-card' && fails-- > 0 ? 'transient' : 'ok'));
    expect(await deliverOutbox(s, [slack], clock, 'replica-A')).toMatchObject({ sent: 0, failed: 1, dead: 0 });
    const head = await row('c1-card');
    expect(head).toMatchObject({ attempts: 1 });
    expect(head!.nextAttemptAt.getTime()).toBe(T0.getTime() + 1000); // the first backoff step
    expect(slack.tried).toEqual(['c1-card']); // the note waits behind it
    const r = await passes([slack], 10);
    expect(r).toEqual({ sent: 2, failed: 1, dead: 0 });
    expect(slack.sent).toEqual(['c1-card', 'c1-note']);
    expect(await s.outboxDead(null)).toEqual({ count: 0, errors: [] });
  });

  it('with two platforms, one refusing for good: the other still gets the message once, then it is given up', async () => {
    await enqueue(msg('c1-card', 1), msg('c1-note', 1));
    const slack = new ScriptedNotifier('slack', (k) => (k === 'c1-card' ? 'permanent' : 'ok'));
    let discordDown = 1;
    const discord = new ScriptedNotifier('discord', (k) => (k === 'c1-card' && discordDown-- > 0 ? 'transient' : 'ok'));
    // the first pass: slack refuses for good, discord fails for now: retried (both), nothing given up yet
    expect(await deliverOutbox(s, [slack, discord], clock, 'replica-A')).toMatchObject({ sent: 0, failed: 1, dead: 0 });
    const r = await passes([slack, discord], 10);
    expect(r).toEqual({ sent: 1, failed: 0, dead: 1 });
    expect(discord.sent).toEqual(['c1-card', 'c1-note']);
    expect(slack.sent).toEqual(['c1-note']);
    expect(await s.outboxDead(null)).toEqual({ count: 1, errors: [{ error: 'slack: not_in_channel', count: 1 }] });
  });
});
