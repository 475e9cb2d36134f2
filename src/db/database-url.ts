/**
 * DATABASE_URL read: which provider (`file:<path>` → SQLite, `postgresql://…` → PostgreSQL), the SQLite path, the
 * PostgreSQL connection settings, and the URL as logs may show it. Nothing here loads a database client or the
 * schema engine.
 */
import type pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(`Unsupported DATABASE_URL ${redactUrl(databaseUrl)}: use file:<path> (SQLite) or postgresql://… (PostgreSQL)`);
}

export { redactUrl } from '../redact-url.ts';
import { redactUrl } from '../redact-url.ts';

/** `file:<path>` → the file path (relative paths are relative to the working directory, as in Prisma). */
export function sqlitePathOf(databaseUrl: string): string {
  const path = databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
  if (path === '') throw new Error('Empty SQLite path in DATABASE_URL');
  return path;
}

/**
 * Explicit connection settings from a postgres URL (never `connectionString`: the schema engine's shadow database
 * is built from these fields, and a connectionString would make it the main one; see schema-engine.ts).
 */
export function pgConfigOf(databaseUrl: string): pg.ClientConfig & { database: string } {
  const u = new URL(databaseUrl);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const sslmode = u.searchParams.get('sslmode');
  const config: pg.ClientConfig & { database: string } = {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database,
    application_name: 'complaint-desk-migrate',
  };
  if (sslmode && sslmode !== 'disable' && sslmode !== 'prefer') {
    config.ssl = sslmode === 'verify-full' || sslmode === 'verify-ca' ? true : { rejectUnauthorized: false };
  }
  return config;
}
