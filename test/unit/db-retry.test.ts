/**
 * The one retry both stores' tx() go through (src/db/shared/retry.ts): a lost race is known by its type or its
 * database's code, never by message text; anything else is thrown at once; the last attempt's error is thrown as it
 * was. (The store contract runs it end to end on every store: test/integration/store-contract/tx.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, UserError } from '../../src/core/domain/errors.ts';
import { Prisma } from '../../src/db/generated/sqlite/client.ts';
import { isRetryable, retryTransaction } from '../../src/db/shared/retry.ts';

/** The error better-sqlite3 throws when another connection holds the write lock past the busy wait. */
function realSqliteBusy(): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'cd-busy-'));
  const holder = new Database(join(dir, 'b.sqlite'));
  const other = new Database(join(dir, 'b.sqlite'), { timeout: 0 });
  try {
    holder.exec('CREATE TABLE t (x INTEGER)');
    holder.exec('BEGIN IMMEDIATE');
    try {
      other.exec('BEGIN IMMEDIATE');
    } catch (e) {
      return e;
    } finally {
      holder.exec('ROLLBACK');
    }
    throw new Error('expected SQLITE_BUSY');
  } finally {
    other.close();
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(`prisma ${code}`, { code, clientVersion: Prisma.prismaVersion.client, meta });

describe('isRetryable: a lost race, by type or code', () => {
  it('a ConcurrencyError (the core found the case changed since it was read)', () => {
    expect(isRetryable(new ConcurrencyError('case 7'))).toBe(true);
  });

  it('SQLite busy: better-sqlite3’s own error, or the Prisma adapter’s SocketTimeout (P1008)', () => {
    const busy = realSqliteBusy();
    expect((busy as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
    expect(isRetryable(busy)).toBe(true);
    expect(isRetryable(prismaError('P1008'))).toBe(true);
  });

  it('PostgreSQL serialization failure or deadlock: the SQLSTATE, Prisma’s P2034, or a raw query’s adapter error', () => {
    expect(isRetryable(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
    expect(isRetryable(prismaError('P2034'))).toBe(true);
    const raw = prismaError('P2010', { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'TransactionWriteConflict' } } });
    expect(isRetryable(raw)).toBe(true);
    expect(isRetryable(new Error('wrapped', { cause: Object.assign(new Error('inner'), { code: '40P01' }) }))).toBe(true);
  });

  it('not: refusals, unique keys, other database errors, or any error whose text merely says so', () => {
    expect(isRetryable(new UserError('err_unknown_case', { id: 'C9' }))).toBe(false);
    expect(isRetryable(prismaError('P2002'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
    expect(isRetryable(new Error('case 1 changed concurrently'))).toBe(false);
    expect(isRetryable(new Error('database is locked (SQLITE_BUSY); could not serialize; deadlock detected'))).toBe(false);
    expect(isRetryable('SQLITE_BUSY')).toBe(false);
    expect(isRetryable(null)).toBe(false);
  });
});

describe('retryTransaction', () => {
  const now = { attempts: 4, baseDelayMs: 0 };

  it('runs the attempt again after a lost race and returns its value', async () => {
    let runs = 0;
    const out = await retryTransaction(async () => {
      if (++runs < 3) throw new ConcurrencyError('case 1');
      return 'done';
    }, now);
    expect([out, runs]).toEqual(['done', 3]);
  });

  it('gives up after the last attempt, throwing that attempt’s error as it was', async () => {
    const thrown: ConcurrencyError[] = [];
    const err = await retryTransaction(async () => {
      thrown.push(new ConcurrencyError(`run ${thrown.length + 1}`));
      throw thrown[thrown.length - 1];
    }, now).catch((e: unknown) => e);
    expect(thrown).toHaveLength(4);
    expect(err).toBe(thrown[3]);
  });

  it('throws anything else at once, unchanged (a non-Error value too)', async () => {
    let runs = 0;
    const refusal = new UserError('err_unknown_case', { id: 'C9' });
    await expect(
      retryTransaction(async () => {
        runs++;
        throw refusal;
      }, now),
    ).rejects.toBe(refusal);
    const value = { code: 'E_STALE' };
    await expect(
      retryTransaction(async () => {
        runs++;
        throw value;
      }, now),
    ).rejects.toBe(value);
    expect(runs).toBe(2);
  });
});
