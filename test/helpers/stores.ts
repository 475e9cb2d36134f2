/**
 * Every implementation of the core's Store port (src/core/ports/), each opened on a fresh, migrated, empty
 * database: what the store contract (test/integration/store-contract/) runs its scenarios against.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports/store.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { openStore } from '../../src/db/open-store.ts';
import { freshPgDatabase } from './pg.ts';

export interface OpenStore {
  store: Store;
  /** the database the store runs on (to open a second store on it, say) */
  url: string;
  /** Closes the store and its connections, and deletes the database. */
  close(): Promise<void>;
}

export interface StoreKind {
  name: string;
  /** needs the PostgreSQL server of test/helpers/pg.ts (skip when pgUnreachable() says why not) */
  needsPg?: boolean;
  open(): Promise<OpenStore>;
}

/** The one SQL store (src/db/store/) on a migrated database, over the driver its URL names. */
async function storeOn(url: string, cleanup: () => Promise<void> | void): Promise<OpenStore> {
  let store: Store;
  try {
    await applyMigrations(url);
    store = (await openStore(url)).store;
  } catch (e) {
    await cleanup();
    throw e;
  }
  return {
    store,
    url,
    async close() {
      try {
        await store.close();
      } finally {
        await cleanup();
      }
    },
  };
}

export const STORE_KINDS: StoreKind[] = [
  {
    // the embedded default: the SQL store over better-sqlite3
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'cd-store-'));
      return storeOn(`file:${join(dir, 's.sqlite')}`, () => rmSync(dir, { recursive: true, force: true }));
    },
  },
  {
    // the same store over node-postgres
    name: 'pg',
    needsPg: true,
    async open() {
      const pg = await freshPgDatabase();
      return storeOn(pg.url, () => pg.drop());
    },
  },
];
