/**
 * The board's change follower: every change handed out once, in id order, also when ids commit out of order (a gap
 * waits for its late commit) or never appear (a rolled-back insert: skipped after `holdMs`).
 */
import { describe, expect, it } from 'vitest';
import type { OutboxRecord } from '../../../src/core/domain/case.ts';
import { ChangeHub } from '../../../src/platforms/web/change-hub.ts';

function fakeFeed(start: number[] = []) {
  const rows = new Map<number, OutboxRecord>();
  const add = (id: number) =>
    rows.set(id, {
      id,
      key: `k${id}`,
      at: new Date(0),
      kind: 'update',
      caseId: 1,
      toUnit: null,
      toHandle: null,
      payload: { text: '', mentions: [] },
      attempts: 0,
      delivered: [],
    });
  start.forEach(add);
  return {
    add,
    feed: {
      changesSince: async (after: number, limit: number) =>
        [...rows.values()]
          .filter((r) => r.id > after)
          .sort((a, b) => a.id - b.id)
          .slice(0, limit),
      lastChangeId: async () => Math.max(0, ...rows.keys()),
    },
  };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ChangeHub', () => {
  it('starts after the newest change and hands out later ones in order, once', async () => {
    const f = fakeFeed([1, 2]);
    const hub = new ChangeHub(f.feed, { pollMs: 20, holdMs: 60_000 });
    const got: number[] = [];
    const marks: number[] = [];
    hub.subscribe((b, upTo) => {
      got.push(...b.map((r) => r.id));
      marks.push(upTo);
    });
    await until(() => hub.mark === 2);
    f.add(3);
    f.add(4);
    hub.poke();
    await until(() => got.length === 2);
    expect(got).toEqual([3, 4]);
    expect(marks.at(-1)).toBe(4);
    await hub.stop();
  });

  it('holds what follows a gap until the gap commits, so an event id is an exact resume point', async () => {
    const f = fakeFeed([1]);
    const hub = new ChangeHub(f.feed, { pollMs: 20, holdMs: 60_000 });
    const got: number[] = [];
    hub.subscribe((b) => got.push(...b.map((r) => r.id)));
    await until(() => hub.mark === 1);
    f.add(3); // 2 is still in flight
    await until(() => got.length === 0 && hub.mark === 1);
    f.add(2);
    await until(() => got.length === 2);
    expect(got).toEqual([2, 3]);
    await hub.stop();
  });

  it('skips an id that never appears (a rolled-back insert) after holdMs', async () => {
    const f = fakeFeed([1]);
    const hub = new ChangeHub(f.feed, { pollMs: 20, holdMs: 200 });
    const got: number[] = [];
    hub.subscribe((b) => got.push(...b.map((r) => r.id)));
    await until(() => hub.mark === 1);
    f.add(3);
    await until(() => got.length === 1);
    expect(got).toEqual([3]);
    await hub.stop();
  });
});
