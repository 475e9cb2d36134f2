import { readFileSync } from 'node:fs';
import type { Clock } from './core/ports/clock.ts';
import type { Observer } from './core/ports/store.ts';
import { FrontDesk } from './platforms/shared/front-desk.ts';
import { parseRoster, type Roster } from './core/domain/roster.ts';
import { createPrismaClient, type DbHandle } from './db/client.ts';
import { applyMigrations } from './db/migrate.ts';
import { PrismaStore } from './db/prisma-store.ts';
import { sqlitePathOf } from './db/schema-engine.ts';
import { openSqliteStore } from './db/sqlite-store.ts';
import type { Store } from './core/ports/store.ts';
import { rosterRows, syncRoster } from './db/sync-roster.ts';

export function loadRoster(path: string): Roster {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read roster ${path}: ${(e as Error).message}`);
  }
  return parseRoster(text, path);
}

export interface AppCore {
  roster: Roster;
  db: DbHandle;
  store: Store;
  desk: FrontDesk;
  close(): Promise<void>;
}

/** Roster → migrations → client → roster sync → the desk. Start-up applies pending migrations itself. */
export async function createCore(opts: {
  databaseUrl: string;
  roster: Roster;
  clock: Clock;
  observer?: Observer;
  /** SQLite only: run the core's store over Prisma instead of better-sqlite3 (to compare the two) */
  prismaStore?: boolean;
  /** a database nobody keeps (a drill's): SQLite skips syncing to disk */
  throwaway?: boolean;
}): Promise<AppCore> {
  await applyMigrations(opts.databaseUrl);
  const db = createPrismaClient(opts.databaseUrl);
  // The embedded default runs on better-sqlite3 directly (see sqlite-store.ts for why); PostgreSQL on Prisma.
  let store: Store;
  if (db.provider === 'sqlite' && !opts.prismaStore) {
    const sqlite = openSqliteStore(sqlitePathOf(opts.databaseUrl), { throwaway: opts.throwaway });
    await sqlite.replaceRoster(rosterRows(opts.roster));
    store = sqlite;
  } else {
    await syncRoster(db.prisma, opts.roster, db.provider);
    store = new PrismaStore(db.prisma, db.provider);
  }
  const desk = new FrontDesk({ store, roster: opts.roster, clock: opts.clock, observer: opts.observer });
  return {
    roster: opts.roster,
    db,
    store,
    desk,
    close: async () => {
      await store.close();
      await db.close();
    },
  };
}
