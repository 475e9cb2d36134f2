/**
 * Which database: DATABASE_URL is `file:<path>` (SQLite, the embedded default, on better-sqlite3: src/db/sqlite/)
 * or `postgresql://…` (PostgreSQL, on Prisma: src/db/prisma/, whose client factory is src/db/prisma/client.ts).
 * Nothing here loads a database client: the configuration reads its default from this module.
 */
import { join } from 'node:path';

/** `file:<cwd>/data/complaint-desk.sqlite` */
export function defaultDatabaseUrl(cwd: string = process.cwd()): string {
  return `file:${join(cwd, 'data', 'complaint-desk.sqlite')}`;
}
