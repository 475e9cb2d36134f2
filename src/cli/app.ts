import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Clock } from '../core/ports/clock.ts';
import type { Observer } from '../core/ports/store.ts';
import { FrontDesk } from '../platforms/shared/front-desk.ts';
import { parseRoster, type Roster } from '../core/domain/roster.ts';
import { applyMigrations } from '../db/migrate.ts';
import { openStore, type OpenedStore } from '../db/open-store.ts';
import { providerOf, redactUrl, sqlitePathOf, type Provider } from '../db/database-url.ts';
import type { Store } from '../core/ports/store.ts';
import { rosterRows } from '../db/shared/roster-rows.ts';
import { firstLine, reasonOf, StartupError } from '../startup-error.ts';
import { fileDocuments } from '../reports/form-files.ts';

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
  /** the one database client of the process: better-sqlite3 on SQLite, Prisma on PostgreSQL */
  store: Store;
  provider: Provider;
  desk: FrontDesk;
  close(): Promise<void>;
}

/** Roster → migrations → the store → roster sync → the desk. Start-up applies pending migrations itself. */
export async function createCore(opts: {
  databaseUrl: string;
  roster: Roster;
  clock: Clock;
  observer?: Observer;
  /** a database nobody keeps (a drill's): SQLite skips syncing to disk */
  throwaway?: boolean;
  log?: Logger;
  /** where `/complaint form` writes its PDFs (default data/forms) */
  formsDir?: string;
  /** where `/complaint notice` writes its PDFs (default: beside the forms) */
  noticesDir?: string;
}): Promise<AppCore> {
  const { applied } = await applyMigrations(opts.databaseUrl);
  if (applied.length) opts.log?.info({ event: 'migrations', applied }, 'database migrations applied');
  // One SQL store over the driver DATABASE_URL names: better-sqlite3 for the embedded default, pg for PostgreSQL.
  const provider = providerOf(opts.databaseUrl);
  let opened: OpenedStore | undefined;
  try {
    opened = await openStore(opts.databaseUrl, { throwaway: opts.throwaway });
    await opened.store.replaceRoster(rosterRows(opts.roster));
  } catch (e) {
    await opened?.store.close().catch(() => {});
    const sqlite = provider === 'sqlite';
    throw new StartupError(
      {
        what: sqlite ? 'cannot write to the SQLite database' : 'cannot write the roster to the database',
        where: sqlite ? sqlitePathOf(opts.databaseUrl) : redactUrl(opts.databaseUrl),
        why: firstLine(e),
        hint: sqlite
          ? 'make the file and its folder writable, or set DATABASE_URL=file:PATH to a writable place'
          : "check DATABASE_URL and the user's rights",
      },
      { cause: e },
    );
  }
  const store = opened.store;
  // §14 forms are written under data/forms/ (or opts.formsDir) of the working folder
  const documents = fileDocuments(opts.roster, { dir: opts.formsDir, noticesDir: opts.noticesDir });
  const desk = new FrontDesk({ store, roster: opts.roster, clock: opts.clock, observer: opts.observer, documents });
  return {
    roster: opts.roster,
    store,
    provider,
    desk,
    close: () => store.close(),
  };
}
