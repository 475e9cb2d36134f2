/**
 * The one place where the SQL of the two databases differs (issue 23: one store, written once, over two drivers).
 * The store's SQL is written once, with `?` placeholders, TRUE/FALSE for flags (SQLite reads them as 1/0) and
 * `RETURNING`, `ON CONFLICT … DO NOTHING / DO UPDATE` (both databases speak them); what is left differs here:
 * - placeholders: PostgreSQL numbers them (`$1`), the pg driver rewrites `?` once per statement text (`numbered`);
 * - a list parameter (`inList`): SQLite reads one JSON text through json_each, PostgreSQL one array (`= ANY`), so
 *   any length is one prepared statement on both;
 * - `FOR UPDATE SKIP LOCKED` (`skipLocked`): PostgreSQL replicas claiming the same rows skip each other's; SQLite
 *   has one writer and no row locks;
 * - paging without a limit, and SQLite's `+col` hint (walk a range by id instead of an index);
 * - values: the drivers convert parameters (dates, booleans, lists) and rows (see drivers/*.ts and store/sql.ts):
 *   SQLite keeps times as ISO text with "+00:00" and flags as 0/1, exactly what Prisma writes; PostgreSQL's
 *   columns (as the Prisma migrations create them) are timestamp(3) without time zone holding UTC, boolean and
 *   integer, and COUNT/SUM come back as int8, read as numbers.
 */
export type DialectName = 'sqlite' | 'postgresql';

export interface Dialect {
  readonly name: DialectName;
  /** Follows a column: the column is one of the values of one list parameter (an array). */
  readonly inList: string;
  /** Appended to a `SELECT … FOR UPDATE`-able sub-select of a claim: rows another transaction holds are skipped. */
  readonly skipLocked: string;
  /** ` LIMIT … OFFSET …`, or '' when neither is given. */
  paging(limit: number | undefined, offset: number | undefined): string;
  /** A column reference that SQLite will not read through an index (a range walked by id); the column itself elsewhere. */
  noIndex(column: string): string;
  /** The statement text as the database takes it (placeholders). */
  numbered(sql: string): string;
}

const paging = (noLimit: string) => (limit: number | undefined, offset: number | undefined) =>
  limit != null || offset
    ? ` LIMIT ${limit != null ? Math.max(0, Math.floor(limit)) : noLimit} OFFSET ${Math.max(0, Math.floor(offset ?? 0))}`
    : '';

export const SQLITE: Dialect = {
  name: 'sqlite',
  inList: 'IN (SELECT value FROM json_each(?))',
  skipLocked: '',
  paging: paging('-1'),
  noIndex: (c) => `+${c}`,
  numbered: (sql) => sql,
};

/** `?` → `$1, $2, …`, outside quoted text and identifiers. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

export const POSTGRESQL: Dialect = {
  name: 'postgresql',
  inList: '= ANY(?)',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  paging: paging('ALL'),
  noIndex: (c) => c,
  numbered: numberPlaceholders,
};
