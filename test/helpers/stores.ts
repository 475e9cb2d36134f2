/**
 * Every implementation of the core's Store port (src/core/ports/), each opened on a fresh, migrated, empty
 * database: what the store contract (test/integration/store-contract/) runs its scenarios against.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports/store.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { openPrismaStore } from '../../src/db/prisma/store.ts';
import { openSqliteStore } from '../../src/db/sqlite/store.ts';
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

async function prismaStoreOn(url: string, cleanup: () => Promise<void> | void): Promise<OpenStore> {
  try {
    await applyMigrations(url);
  } catch (e) {
    await cleanup();
    throw e;
  }
  const store = openPrismaStore(url);
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
    name: 'prisma-sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'cd-store-'));
      return prismaStoreOn(`file:${join(dir, 's.sqlite')}`, () => rmSync(dir, { recursive: true, force: true }));
    },
  },
  {
    name: 'prisma-pg',
    needsPg: true,
    async open() {
      const pg = await freshPgDatabase();
      return prismaStoreOn(pg.url, () => pg.drop());
    },
  },
  {
    // the embedded default: better-sqlite3 directly (src/db/sqlite/)
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'cd-store-'));
      const path = join(dir, 's.sqlite');
      await applyMigrations(`file:${path}`);
      const store = openSqliteStore(path);
      return {
        store,
        url: `file:${path}`,
        async close() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
