import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Clock } from './core/ports/clock.ts';
import type { Observer } from './core/ports/store.ts';
import { FrontDesk } from './platforms/shared/front-desk.ts';
import { parseRoster, type Roster } from './core/domain/roster.ts';
import { createPrismaClient, type DbHandle } from './db/client.ts';
import { applyMigrations } from './db/migrate.ts';
import { PrismaStore } from './db/prisma-store.ts';
import { redactUrl, sqlitePathOf } from './db/schema-engine.ts';
import { openSqliteStore } from './db/sqlite-store.ts';
import type { Store } from './core/ports/store.ts';
import { rosterRows, syncRoster } from './db/sync-roster.ts';
import { firstLine, reasonOf, StartupError } from './startup-error.ts';

/** Reads and checks a roster file. `hint` says what to do when it cannot be read (e.g. which variable names it). */
export function loadRoster(path: string, hint?: string): Roster {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new StartupError({ what: 'cannot read roster', where: path, why: reasonOf(e), hint }, { cause: e });
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
  log?: Logger;
}): Promise<AppCore> {
  const { applied } = await applyMigrations(opts.databaseUrl);
  if (applied.length) opts.log?.info({ event: 'migrations', applied }, 'database migrations applied');
  const db = createPrismaClient(opts.databaseUrl);
  // The embedded default runs on better-sqlite3 directly (see sqlite-store.ts for why); PostgreSQL on Prisma.
  let store: Store;
  try {
    if (db.provider === 'sqlite' && !opts.prismaStore) {
      const sqlite = openSqliteStore(sqlitePathOf(opts.databaseUrl), { throwaway: opts.throwaway });
      try {
        await sqlite.replaceRoster(rosterRows(opts.roster));
      } catch (e) {
        await sqlite.close().catch(() => {});
        throw e;
      }
      store = sqlite;
    } else {
      await syncRoster(db.prisma, opts.roster, db.provider);
      store = new PrismaStore(db.prisma, db.provider);
    }
  } catch (e) {
    await db.close().catch(() => {});
    const sqlite = db.provider === 'sqlite';
    throw new StartupError(
      {
        what: sqlite ? 'cannot write to the SQLite database' : 'cannot write the roster to the database',
        where: sqlite ? sqlitePathOf(opts.databaseUrl) : redactUrl(opts.databaseUrl),
        why: firstLine(e),
        hint: sqlite ? 'make the file and its folder writable, or set DATABASE_URL=file:PATH to a writable place' : 'check DATABASE_URL and the user\'s rights',
      },
      { cause: e },
    );
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
