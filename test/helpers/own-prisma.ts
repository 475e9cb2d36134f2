/**
 * A Prisma client of a test's own, on the database the app under test runs on: the app itself runs one database
 * client (its store: better-sqlite3 on SQLite), so a test that inspects tables the ports don't expose brings its own.
 * One client per URL, built on first use; the test closes it with `closeOwnPrisma(url)` when it tears the app down.
 */
import { createPrismaClient, type Db, type DbHandle } from './prisma-client.ts';

const clients = new Map<string, DbHandle>();

export function ownPrisma(url: string): Db {
  let h = clients.get(url);
  if (!h) clients.set(url, (h = createPrismaClient(url)));
  return h.prisma;
}

export async function closeOwnPrisma(url: string): Promise<void> {
  const h = clients.get(url);
  clients.delete(url);
  await h?.close();
}
