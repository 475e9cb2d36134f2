/**
 * The store DATABASE_URL names, opened and owned by the caller: one SQL store (src/db/store/) over better-sqlite3
 * for `file:` (the embedded default) or node-postgres for `postgresql://…` (loaded only then). Prisma's client is
 * never loaded: Prisma is the source of truth for the models and the migrations only.
 */
import type { Store } from '../core/ports/store.ts';
import type { RosterRows } from './shared/roster-rows.ts';
import { providerOf, sqlitePathOf, type Provider } from './database-url.ts';
import { openSqliteDriver } from './drivers/sqlite.ts';
import { openSqlStore } from './store/store.ts';

export interface OpenedStore {
  store: Store & { replaceRoster(rows: RosterRows): Promise<void> };
  provider: Provider;
}

export async function openStore(databaseUrl: string, opts: { throwaway?: boolean } = {}): Promise<OpenedStore> {
  const provider = providerOf(databaseUrl);
  if (provider === 'sqlite')
    return { store: openSqlStore(openSqliteDriver(sqlitePathOf(databaseUrl), { throwaway: opts.throwaway })), provider };
  const { openPgDriver } = await import('./drivers/pg.ts');
  return { store: openSqlStore(openPgDriver(databaseUrl)), provider };
}
