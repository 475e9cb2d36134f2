/**
 * The Store port's contract (src/core/ports/): the same scenarios against every implementation listed in
 * test/helpers/stores.ts (better-sqlite3, Prisma on SQLite, Prisma on PostgreSQL), each test on a fresh, empty,
 * migrated database. This file holds the fixtures and the harness; the scenarios are split by port beside it.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import type { CaseRecord, DeadlineKind, DeadlineRecord, NewDeadline, OutboxInput, TimelineRecord } from '../../../src/core/domain/case.ts';
import type { PendingOutboxRecord, Store } from '../../../src/core/ports/store.ts';
import { pgUnreachable } from '../../helpers/pg.ts';
import { at, T0 } from '../../helpers/records.ts';
import { STORE_KINDS, type OpenStore, type StoreKind } from '../../helpers/stores.ts';

const pgDown = STORE_KINDS.some((k) => k.needsPg) ? await pgUnreachable() : null;
if (pgDown) console.warn(`Store contract on PostgreSQL skipped: server not reachable (${pgDown})`);

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

/** 2026-12-01 at hh:mm UTC */
export const utc = (hhmm: string): Date => new Date(`2026-12-01T${hhmm}:00.000Z`);

export function dl(caseId: number, kind: DeadlineKind, o: Partial<NewDeadline> = {}): NewDeadline {
  return {
    caseId,
    kind,
    generation: 0,
    startAt: T0,
    dueAt: at(60),
    state: 'pending',
    completedAt: null,
    breachedAt: null,
    nextStage: 'reminder',
    nextFireAt: at(48),
    repeatsSent: 0,
    ...o,
  };
}

export function msg(key: string, o: Partial<OutboxInput> = {}): OutboxInput {
  return {
    key,
    at: T0,
    kind: 'update',
    caseId: 1,
    toUnit: 'BR01',
    toHandle: null,
    payload: { text: `${key}：C1 已到场`, mentions: ['zhang'] },
    ...o,
  };
}

export function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
const DEADLINE_KEYS = [
  'id',
  'caseId',
  'kind',
  'generation',
  'startAt',
  'dueAt',
  'state',
  'completedAt',
  'breachedAt',
  'nextStage',
  'nextFireAt',
  'repeatsSent',
] as const;
const TIMELINE_KEYS = ['caseId', 'at', 'actor', 'action', 'text', 'data'] as const;
export const OUTBOX_KEYS = [
  'id',
  'key',
  'at',
  'kind',
  'caseId',
  'toUnit',
  'toHandle',
  'payload',
  'attempts',
  'delivered',
  'nextAttemptAt',
  'leaseUntil',
  'leaseOwner',
] as const;
/** only the port's fields */
export const deadlineFields = (d: DeadlineRecord): DeadlineRecord => pick(d, DEADLINE_KEYS);
export const timelineFields = (e: TimelineRecord): TimelineRecord => pick(e, TIMELINE_KEYS);
export const byId = <T extends { id: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id - b.id);
export const idsOf = (xs: { id: number }[]): number[] => xs.map((x) => x.id);
export const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

/** Rows read straight from the database, past the store: what is stored, in the schema's own encodings. */
export async function rawRows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (url.startsWith('file:')) {
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Harness

type PendingFields = Pick<PendingOutboxRecord, (typeof OUTBOX_KEYS)[number]>;

/** The store under test (fresh for each test) and the helpers the scenarios share. */
export interface StoreUnderTest {
  readonly kind: StoreKind;
  readonly s: Store;
  /** the database's URL (to open another store on it) */
  readonly url: string;
  insertCases(...cs: CaseRecord[]): Promise<void>;
  /** inserts deadlines (one transaction) and returns them as stored, with their ids, in id order */
  insertDeadlines(ds: NewDeadline[]): Promise<DeadlineRecord[]>;
  /** the pending outbox, only the port's fields */
  pending(): Promise<PendingFields[]>;
  pendingOne(id: number): Promise<PendingFields | undefined>;
}

/** Runs `scenarios` against every store kind (PostgreSQL skipped, and said so, when its server is unreachable). */
export function storeContract(part: string, scenarios: (x: StoreUnderTest) => void): void {
  describe.each(STORE_KINDS)(`Store contract (${part}): $name`, (kind) => {
    const skipped = !!kind.needsPg && pgDown !== null;
    describe.skipIf(skipped)(skipped ? `skipped: PostgreSQL unreachable (${pgDown})` : 'on an empty database', () => {
      let handle: OpenStore | undefined;
      const s = (): Store => {
        if (!handle) throw new Error('no store open (used outside a test?)');
        return handle.store;
      };
      beforeEach(async () => {
        handle = await kind.open();
      });
      afterEach(async () => {
        await handle?.close();
        handle = undefined;
      });
      const pending = async () => (await s().pendingOutbox(1000)).map((m) => pick(m, OUTBOX_KEYS));
      scenarios({
        kind,
        get s() {
          return s();
        },
        get url() {
          return handle!.url;
        },
        insertCases: (...cs) =>
          s().tx(async (t) => {
            for (const c of cs) await t.insertCase(c);
          }),
        async insertDeadlines(ds) {
          const caseIds = [...new Set(ds.map((d) => d.caseId))];
          const before = new Set(idsOf(await s().deadlinesOf(caseIds)));
          await s().tx((t) => t.insertDeadlines(ds));
          return (await s().deadlinesOf(caseIds)).filter((d) => !before.has(d.id)).map(deadlineFields);
        },
        pending,
        pendingOne: async (id) => (await pending()).find((m) => m.id === id),
      });
    });
  });
}
