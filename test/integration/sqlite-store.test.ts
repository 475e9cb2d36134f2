import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/core/domain/case.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { openSqliteDriver } from '../../src/db/drivers/sqlite.ts';
import { caseFromRow, caseToRow, deadlineFromRow, type CaseRow } from '../../src/db/shared/rows.ts';
import { openSqlStore } from '../../src/db/store/store.ts';
import { createPrismaClient, type DbHandle } from '../helpers/prisma-client.ts';
import { makeCase, T0 } from '../helpers/records.ts';

/** A case with text that needs quoting, flags both ways, times with milliseconds. */
const aCase = (id: number, over: Partial<CaseRecord> = {}): CaseRecord =>
  makeCase(id, {
    receivedAt: T0,
    levelSince: T0,
    updatedAt: T0,
    customerName: '王芳 "O\'Neil"',
    vip: true,
    repeat: true,
    cutover: true,
    escalated: true,
    escalatedAt: new Date(T0.getTime() + 60_000),
    escalationReasons: ['media', 'repeat'],
    ...over,
  });

/** A promise the test resolves when it chooses. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/**
 * Lets everything already under way run as far as it can: every pending callback and promise job, a few turns of
 * the event loop over. A call that went straight through the SQLite store (it is synchronous underneath) would
 * have answered by then; one still waiting is queued behind the open transaction.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

describe('SQLite store: one connection shared by concurrent callers', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-sqlite-'));
    await applyMigrations(`file:${join(dir, 'db.sqlite')}`);
    store = openSqlStore(openSqliteDriver(join(dir, 'db.sqlite')));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a call from elsewhere waits for an open transaction and then sees only what it committed', async () => {
    const g = gate();
    const order: string[] = [];
    const tx = store.tx(async (t) => {
      await t.insertCase(aCase(1));
      await g.wait; // the transaction is open across real waits (a network call in a command, say)
      order.push('tx done');
    });
    const read = store.getCase(1).then((c) => {
      order.push('read');
      return c;
    });
    await settle();
    expect(order).toEqual([]); // the read has not slipped into the open transaction
    g.open();
    await tx;
    expect((await read)?.id).toBe(1);
    expect(order).toEqual(['tx done', 'read']);
  });

  it('a rolled-back transaction leaves nothing behind, and the next caller gets the connection', async () => {
    const g = gate();
    const failing = store.tx(async (t) => {
      await t.insertCase(aCase(2));
      await g.wait;
      throw new Error('refused');
    });
    const after = store.getCase(2);
    g.open();
    await expect(failing).rejects.toThrow('refused');
    expect(await after).toBeNull();
    expect(await store.tx(async (t) => t.nextCaseId())).toBe(1);
  });

  it('a read made from within the transaction (a listing inside a command) runs at once, inside it', async () => {
    const seen = await store.tx(async (t) => {
      await t.insertCase(aCase(3));
      return store.listCases({ status: 'all' }); // the top-level store, not `t`: must not wait for itself
    });
    expect(seen.map((c) => c.id)).toEqual([3]);
  });

  it('refuses a transaction nested in another, instead of deadlocking', async () => {
    await expect(store.tx(async () => store.tx(async () => 1))).rejects.toThrow(/inside another transaction/);
    expect(await store.tx(async (t) => t.nextCaseId())).toBe(1);
  });

  it('work a finished transaction left behind (a timer) queues like any other caller, not inside the next one', async () => {
    const nextOpen = gate();
    const later = gate();
    let leftover: Promise<CaseRecord | null> | undefined;
    await store.tx(async (t) => {
      await t.insertCase(aCase(4));
      // a timer set inside this transaction fires only once the next one is open
      setImmediate(
        () =>
          void nextOpen.wait.then(() => {
            leftover = store.getCase(5);
            later.open();
          }),
      );
    });
    const g = gate();
    const next = store.tx(async (t) => {
      await t.insertCase(aCase(5));
      nextOpen.open();
      await g.wait;
    });
    await later.wait;
    let answered = false;
    void leftover!.then(() => (answered = true));
    await settle();
    // it waits for the open transaction to commit instead of reading (or writing) inside it
    expect(answered).toBe(false);
    g.open();
    await next;
    expect((await leftover!)?.id).toBe(5);
  });

  it('calls queue in order: many concurrent commands each see the previous one committed', async () => {
    const ids = await Promise.all(
      Array.from({ length: 50 }, () =>
        store.tx(async (t) => {
          const id = await t.nextCaseId();
          await new Promise((r) => setImmediate(r));
          await t.insertCase(aCase(id));
          return id;
        }),
      ),
    );
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await store.listCases({ status: 'all' })).length).toBe(50);
  });
});

describe('SQLite store: the same file as Prisma writes it', () => {
  let dir: string;
  let url: string;
  let db: DbHandle;
  let sqlite: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-interop-'));
    url = `file:${join(dir, 'db.sqlite')}`;
    await applyMigrations(url);
    db = createPrismaClient(url);
    sqlite = openSqlStore(openSqliteDriver(join(dir, 'db.sqlite')));
  });
  afterEach(async () => {
    await sqlite.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('what the store writes, Prisma reads back field for field (times, flags, nulls, text), and the other way round', async () => {
    await sqlite.tx(async (t) => {
      await t.insertCase(aCase(1));
      await t.insertDeadlines([
        {
          caseId: 1,
          kind: 'reply',
          generation: 0,
          startAt: T0,
          dueAt: new Date(T0.getTime() + 4 * 3_600_000),
          state: 'pending',
          completedAt: null,
          breachedAt: null,
          nextStage: 'reminder',
          nextFireAt: new Date(T0.getTime() + 192 * 60_000),
          repeatsSent: 0,
        },
      ]);
      await t.enqueue([
        {
          key: 'k1',
          at: T0,
          kind: 'case',
          caseId: 1,
          toUnit: 'SB01',
          toHandle: null,
          payload: { text: '已受理', mentions: ['zhang'], late: true },
        },
      ]);
      await t.insertPayment({ caseId: 1, customerKey: 'K1', amountFen: 12_345, at: T0, actor: 'zhang' });
    });
    const p = db.prisma;
    // the store's rows, read by Prisma's generated client
    expect(caseFromRow((await p.case.findUniqueOrThrow({ where: { id: 1 } })) as CaseRow)).toEqual(aCase(1));
    expect((await p.deadline.findMany({ where: { caseId: 1 } })).map((r) => deadlineFromRow(r as never))).toEqual(
      await sqlite.deadlines(1),
    );
    const row = await p.deadline.findFirstOrThrow({ where: { caseId: 1 } });
    expect(row.caseUnitCode).toBe('OUT-11');
    expect(row.caseReceivedAt).toEqual(T0);
    const m = await p.outboxMessage.findFirstOrThrow({ where: { key: 'k1' } });
    expect({ at: m.at, late: m.late, status: m.status, nextAttemptAt: m.nextAttemptAt }).toEqual({
      at: T0,
      late: true,
      status: 'pending',
      nextAttemptAt: T0,
    });
    expect((await p.payment.findFirstOrThrow({ where: { caseId: 1 } })).at).toEqual(T0);
    // a row Prisma wrote, read by the store
    const two = aCase(2, {
      vip: false,
      escalated: false,
      escalatedAt: null,
      escalationReasons: [],
      handlerHandle: 'ma',
      resolvedAt: new Date(T0.getTime() + 7_200_000),
    });
    await p.case.create({ data: caseToRow(two) });
    expect(await sqlite.getCase(2)).toEqual(two);
    const day = { unitCodes: ['OUT-11'], from: T0, to: new Date(T0.getTime() + 86_400_000), afterId: 0, limit: 10 };
    expect(await sqlite.casesReceived(day)).toEqual([aCase(1), two]);
  });
});
