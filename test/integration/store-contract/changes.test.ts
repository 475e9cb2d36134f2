/**
 * Store contract (harness.ts): the change cursor the board follows (§13) and the settings replicas share. A change is
 * a committed outbox message whatever its delivery state; a rolled-back one never shows.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports/store.ts';
import { openStore } from '../../../src/db/open-store.ts';
import { at } from '../../helpers/records.ts';
import { idsOf, msg, storeContract } from './harness.ts';

storeContract('change feed', (x) => {
  let s: Store;
  beforeEach(() => {
    s = x.s;
  });

  describe('changesSince / lastChangeId', () => {
    it('is empty on an empty database', async () => {
      expect(await s.lastChangeId()).toBe(0);
      expect(await s.changesSince(0, 10)).toEqual([]);
    });

    it('returns committed messages after a cursor, in id order, with their payload, delivered or not', async () => {
      await s.tx((t) => t.enqueue([msg('a', { kind: 'case', at: at(0) }), msg('b', { kind: 'update', at: at(1) })]));
      await s.tx((t) =>
        t.enqueue([
          msg('c', { kind: 'escalation', caseId: 2, toUnit: 'PROV', payload: { text: 'C2 升级', mentions: ['chen'], reason: 'media' } }),
        ]),
      );
      const all = await s.changesSince(0, 10);
      expect(all.map((m) => m.key)).toEqual(['a', 'b', 'c']);
      expect(idsOf(all)).toEqual([...idsOf(all)].sort((p, q) => p - q));
      expect(all[2]).toMatchObject({
        kind: 'escalation',
        caseId: 2,
        toUnit: 'PROV',
        payload: { text: 'C2 升级', mentions: ['chen'], reason: 'media' },
      });
      expect(all[0].at).toEqual(at(0));
      expect(await s.lastChangeId()).toBe(all[2].id);
      expect((await s.changesSince(all[0].id, 10)).map((m) => m.key)).toEqual(['b', 'c']);
      expect((await s.changesSince(all[0].id, 1)).map((m) => m.key)).toEqual(['b']);
      // delivery does not hide a change
      await s.markSent([all[0].id, all[1].id], ['slack'], at(2));
      expect((await s.changesSince(0, 10)).map((m) => m.key)).toEqual(['a', 'b', 'c']);
    });

    it('never shows a rolled-back message', async () => {
      await s.tx((t) => t.enqueue([msg('kept')]));
      await expect(
        s.tx(async (t) => {
          await t.enqueue([msg('lost')]);
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      await s.tx((t) => t.enqueue([msg('after')]));
      expect((await s.changesSince(0, 10)).map((m) => m.key)).toEqual(['kept', 'after']);
    });
  });

  describe('latestChanges', () => {
    it('the newest messages of the given kinds first', async () => {
      await s.tx((t) =>
        t.enqueue([
          msg('e1', { kind: 'escalation' }),
          msg('u1', { kind: 'update' }),
          msg('e2', { kind: 'escalation' }),
          msg('s1', { kind: 'summary' }),
        ]),
      );
      expect((await s.latestChanges(['escalation'], 10)).map((m) => m.key)).toEqual(['e2', 'e1']);
      expect((await s.latestChanges(['escalation', 'summary'], 2)).map((m) => m.key)).toEqual(['s1', 'e2']);
      expect(await s.latestChanges(['breach'], 10)).toEqual([]);
    });
  });

  describe('sharedSetting', () => {
    it('keeps the first value: every later caller (another replica) reads it', async () => {
      expect(await s.sharedSetting('board_secret', 'first')).toBe('first');
      expect(await s.sharedSetting('board_secret', 'second')).toBe('first');
      expect(await s.sharedSetting('other', 'x')).toBe('x');
      if (x.kind.name === 'sqlite') return; // one connection per SQLite file at run time (src/db/sqlite/connection.ts)
      const other = (await openStore(x.url)).store;
      try {
        expect(await other.sharedSetting('board_secret', 'third')).toBe('first');
      } finally {
        await other.close();
      }
    });
  });
});
