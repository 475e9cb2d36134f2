/**
 * Which database: DATABASE_URL is `file:<path>` (SQLite, the embedded default) or `postgresql://…` (PostgreSQL); one
 * SQL store (src/db/store/) runs on either, over its driver (src/db/drivers/).
 * Nothing here loads a database client: the configuration reads its default from this module.
 */
import { join } from 'node:path';

/** `file:<cwd>/data/complaint-desk.sqlite` */
export function defaultDatabaseUrl(cwd: string = process.cwd()): string {
  return `file:${join(cwd, 'data', 'complaint-desk.sqlite')}`;
}
