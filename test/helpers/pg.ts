import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server CI machines run (trust auth); PG_TEST_URL overrides it. */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const cfg = (url: string) => {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1) || 'postgres',
  };
};

/** null when reachable, else why not. */
export async function pgUnreachable(): Promise<string | null> {
  const c = new pg.Client({ ...cfg(PG_ADMIN_URL), connectionTimeoutMillis: 2000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cd_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client(cfg(PG_ADMIN_URL));
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
