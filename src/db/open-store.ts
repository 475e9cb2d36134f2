/**
 * The store DATABASE_URL names, opened and owned by the caller: better-sqlite3 for `file:` (the embedded default;
 * Prisma's client is never loaded then), Prisma for PostgreSQL (loaded on demand). `prismaStore` runs Prisma on
 * an SQLite file instead, to compare the two stores (parity tests, the drill benchmark's baseline).
 */
import type { Store } from '../core/ports/store.ts';
import type { RosterRows } from './shared/roster-rows.ts';
import { providerOf, sqlitePathOf, type Provider } from './database-url.ts';
import { openSqliteStore } from './sqlite/store.ts';

export interface OpenedStore {
  store: Store & { replaceRoster(rows: RosterRows): Promise<void> };
  provider: Provider;
}

export async function openStore(databaseUrl: string, opts: { prismaStore?: boolean; throwaway?: boolean } = {}): Promise<OpenedStore> {
  const provider = providerOf(databaseUrl);
  if (provider === 'sqlite' && !opts.prismaStore) return { store: openSqliteStore(sqlitePathOf(databaseUrl), { throwaway: opts.throwaway }), provider };
  const { openPrismaStore } = await import('./prisma/store.ts');
  return { store: openPrismaStore(databaseUrl), provider };
}
