/**
 * The database's own contention, retried like a ConcurrencyError (src/db/shared/retry.ts), on a real PostgreSQL:
 * two replicas' transactions that lock the same cases in opposite orders deadlock; PostgreSQL aborts one (40P01)
 * and tx() runs it again, so both commit and neither caller sees an error.
 */
import { describe, expect, it } from 'vitest';
import { pgUnreachable } from '../helpers/pg.ts';
import { at, makeCase } from '../helpers/records.ts';
import { STORE_KINDS } from '../helpers/stores.ts';

const down = await pgUnreachable();
if (down) console.warn(`PostgreSQL contention test skipped: server not reachable (${down})`);

/** A promise the test resolves when it chooses. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe.skipIf(!!down)('The store on PostgreSQL: a deadlock is retried', () => {
  it('two transactions taking two cases in opposite orders: one is aborted and run again, both commit', async () => {
    const pg = STORE_KINDS.find((k) => k.name === 'pg')!;
    const h = await pg.open();
    try {
      const s = h.store;
      await s.tx(async (t) => {
        await t.insertCase(makeCase(1));
        await t.insertCase(makeCase(2));
      });
      const aHolds1 = gate();
      const bHolds2 = gate();
      const runs = { a: 0, b: 0 };
      // each waits (on the other's gate) while holding its first row lock, then asks for the other's row
      const a = s.tx(async (t) => {
        runs.a++;
        await t.flagBreached([1], at(10));
        aHolds1.open();
        await bHolds2.wait;
        await t.flagBreached([2], at(10));
      });
      const b = s.tx(async (t) => {
        runs.b++;
        await t.flagBreached([2], at(20));
        bHolds2.open();
        await aHolds1.wait;
        await t.flagBreached([1], at(20));
      });
      await expect(Promise.all([a, b])).resolves.toEqual([undefined, undefined]);
      expect(runs.a + runs.b).toBe(3); // the deadlock's victim ran twice
      // both transactions committed once each: every case was flagged twice
      expect((await s.getCase(1))!.version).toBe(2);
      expect((await s.getCase(2))!.version).toBe(2);
    } finally {
      await h.close();
    }
  });
});
