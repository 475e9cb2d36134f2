/**
 * Every implementation of the core's Store port (src/core/ports/), each opened on a fresh, migrated, empty
 * database: what test/integration/store-contract.test.ts runs its scenarios against.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports/store.ts';
import { createPrismaClient } from '../../src/db/client.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { PrismaStore } from '../../src/db/prisma-store.ts';
import { openSqliteStore } from '../../src/db/sqlite-store.ts';
import { freshPgDatabase } from './pg.ts';

export interface OpenStore {
  store: Store;
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
  const db = createPrismaClient(url);
  const store = new PrismaStore(db.prisma, db.provider);
  return {
    store,
    async close() {
      try {
        await store.close();
      } finally {
        try {
          await db.close();
        } finally {
          await cleanup();
        }
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
    // the embedded default: better-sqlite3 directly (src/db/sqlite-store.ts)
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'cd-store-'));
      const path = join(dir, 's.sqlite');
      await applyMigrations(`file:${path}`);
      const store = openSqliteStore(path);
      return {
        store,
        async close() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
