/**
 * Prisma's own schema engine (migrations, diff), compiled to WASM (@prisma/schema-engine-wasm), driven
 * in-process over Prisma's driver adapters. No native engine, no network. A tool, never loaded by the running
 * product: migrations are generated here (scripts/make-migration.ts, `npm run db:diff`), and the tests check with it
 * that both histories stay in step with the models and that start-up's own apply (src/db/migrate.ts, plain SQL)
 * writes what the engine would. The migrations are Prisma's own: prisma/<provider>/migrations/<ts>_<name>/migration.sql plus the
 * `_prisma_migrations` table, so a real `prisma migrate deploy` elsewhere agrees with them.
 *
 * The workarounds below touch adapter internals; they are pinned to Prisma 7.10.0 (see package.json):
 * - SQLite: an argument-less `executeRaw` may carry several statements (the shadow database replays
 *   migration scripts that way); better-sqlite3 prepares one statement only (P3006), so run it as a script.
 * - PostgreSQL:
 *   - the adapter is built from explicit host/port/user/password/database, never `connectionString`
 *     (the adapter's shadow database is `{...config, database}`, which a connectionString overrides);
 *   - the shadow database is created and dropped here (the adapter's own drop runs while its pool is
 *     still connected);
 *   - the internal `"char"` type (OID 18, e.g. pg_class.relkind) is read as text (the adapter rejects it);
 *   - `executeScript` sends the script as one simple-protocol query instead of splitting on `;`;
 *   - the engine's 10 s advisory-lock timeout timer is unref'd, so it never keeps the process alive.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

import { pgConfigOf, sqlitePathOf, type Provider } from './database-url.ts';
import { EMPTY_FILTER, readMigrationList, schemaFileOf } from './migration-files.ts';

export type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

// (the URL and the files on disk have modules of their own; these names stay importable from here)
export { PROVIDERS, pgConfigOf, providerOf, redactUrl, sqlitePathOf, type Provider } from './database-url.ts';
export { EMPTY_FILTER, PRISMA_DIR, lockfileContent, migrationsDirOf, readMigrationList, schemaFileOf } from './migration-files.ts';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------------------
// The WASM module: instantiated once per process (Node 20 can't `import` a .wasm)

// The project's lib (ES2023, no DOM) has no WebAssembly typings: declare the little we use.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type Glue = Record<string, unknown> & {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<SchemaEngine> };
};

interface PanicRegistry {
  get(): string;
  set_message(message: string): void;
}

let engineClass: Glue['SchemaEngine'] | undefined;

function loadEngineClass(): Glue['SchemaEngine'] {
  if (engineClass) return engineClass;
  const g = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  if (!g.PRISMA_WASM_PANIC_REGISTRY) {
    let message = '';
    g.PRISMA_WASM_PANIC_REGISTRY = {
      get: () => message,
      set_message: (m: string) => {
        message = `RuntimeError: ${m}`;
      },
    };
  }
  const bindings = glue as unknown as Glue;
  const imports: Record<string, unknown> = { ...bindings };
  for (const name of Object.keys(imports)) {
    if (name.startsWith('__wbg_setTimeout_')) {
      // The engine arms a 10 s timeout around its advisory lock and never clears it: don't let it hold
      // the event loop open after we're done.
      imports[name] = (fn: () => void, ms: number) => {
        const timer = setTimeout(fn, ms >>> 0);
        timer.unref();
        return timer;
      };
    }
  }
  const require = createRequire(import.meta.url);
  const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const module = new WASM.Module(readFileSync(wasmPath));
  const instance = new WASM.Instance(module, { './schema_engine_bg.js': imports });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineClass = bindings.SchemaEngine;
  return engineClass;
}

/** Where the driver adapters park the JS errors the engine only refers to as "External error id#N". */
interface AdapterErrors {
  consumeError(id: number): { error: unknown } | undefined;
}

/**
 * Turns a WASM panic / engine error into an Error with a readable message: an adapter's error referred to by id
 * is looked up (the driver's own message: "unable to open database file", "ECONNREFUSED …"), and the Rust span
 * trace after an engine error's first line goes to `cause` only.
 */
function engineError(err: unknown, what: string, adapterErrors?: AdapterErrors): Error {
  if (err instanceof WASM.RuntimeError) {
    const registry = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY;
    return new Error(`schema engine panicked during ${what}: ${registry?.get() || err.message}`, { cause: err });
  }
  const external = err instanceof Error ? /External error id#(\d+)/.exec(err.message) : null;
  const record = external ? adapterErrors?.consumeError(Number(external[1])) : undefined;
  if (record) {
    const inner = record.error as { message?: unknown; code?: unknown };
    const message = typeof inner?.message === 'string' && inner.message ? inner.message : String(inner?.code ?? record.error);
    return Object.assign(new Error(`${what} failed: ${message}`, { cause: record.error }), { code: inner?.code });
  }
  if (err instanceof Error && /\n\s+0: /.test(err.message)) {
    return new Error(`${what} failed: ${err.message.split('\n')[0]}`, { cause: err });
  }
  if (err instanceof Error) return err;
  if (err && typeof err === 'object') {
    const o = err as { message?: unknown; error_code?: unknown; code?: unknown };
    const code = o.error_code ?? o.code;
    const message = typeof o.message === 'string' ? o.message : JSON.stringify(err);
    const e = new Error(`${what} failed${code ? ` (${String(code)})` : ''}: ${message}`);
    Object.assign(e, { code, details: err });
    return e;
  }
  return new Error(`${what} failed: ${String(err)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Adapters

type Patchable = SqlDriverAdapter & Record<string, unknown>;

function patchSqliteAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const a = adapter as Patchable;
  const executeRaw = adapter.executeRaw.bind(adapter);
  a.executeRaw = async (query: SqlQuery) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

const PG_CHAR_OID = 18; // the internal one-byte "char" type (pg_class.relkind, pg_constraint.contype, …)
const PG_TEXT_OID = 25;

function patchPgQueryable<T extends object>(q: T): T {
  const target = q as T & { performIO?: (query: SqlQuery) => Promise<{ fields: { dataTypeID: number }[] }> };
  const performIO = target.performIO?.bind(q);
  if (!performIO) throw new Error('@prisma/adapter-pg internals changed (performIO): check the pinned version');
  target.performIO = async (query: SqlQuery) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return q;
}

function patchPgAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const a = adapter as Patchable;
  patchPgQueryable(a);
  const client = a.client as pg.Pool | undefined;
  if (!client || typeof client.query !== 'function') {
    throw new Error('@prisma/adapter-pg internals changed (client): check the pinned version');
  }
  // One simple-protocol query (multi-statement, transactional as a whole) instead of splitting on ';'.
  a.executeScript = async (script: string) => {
    try {
      await client.query(script);
    } catch (err) {
      (a.onError as (e: unknown) => never)(err);
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  a.startTransaction = async (...args: Parameters<SqlDriverAdapter['startTransaction']>) =>
    patchPgQueryable(await startTransaction(...args));
  return adapter;
}

export interface EngineAdapters {
  provider: Provider;
  factory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Disposes every connection the engine opened and didn't dispose of (freeing the engine doesn't), and
   * drops any PostgreSQL shadow database left behind.
   */
  cleanup(): Promise<void>;
}

/** Makes `dispose` idempotent and remembers the adapter until it is disposed. */
function tracked(adapter: SqlDriverAdapter, open: Set<SqlDriverAdapter>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  let done: Promise<void> | undefined;
  (adapter as Patchable).dispose = () => {
    open.delete(adapter);
    done ??= dispose();
    return done;
  };
  open.add(adapter);
  return adapter;
}

async function disposeAll(open: Set<SqlDriverAdapter>): Promise<void> {
  for (const adapter of [...open]) await adapter.dispose().catch(() => {});
}

/**
 * The migration-aware adapter factory for the engine. `databaseUrl` may be omitted for operations that
 * only need a shadow database (diff from migrations): SQLite then uses `:memory:`; PostgreSQL needs a server
 * to create its shadow database on, so a URL is required there.
 */
export function engineAdapters(provider: Provider, databaseUrl?: string): EngineAdapters {
  if (provider === 'sqlite') {
    const url = databaseUrl ? sqlitePathOf(databaseUrl) : ':memory:';
    const base = new PrismaBetterSqlite3({ url }, { shadowDatabaseUrl: ':memory:' });
    const open = new Set<SqlDriverAdapter>();
    const factory: SqlMigrationAwareDriverAdapterFactory = {
      provider: base.provider,
      adapterName: base.adapterName,
      connect: async () => tracked(patchSqliteAdapter(await base.connect()), open),
      connectToShadowDb: async () => tracked(patchSqliteAdapter(await base.connectToShadowDb()), open),
    };
    return { provider, factory, cleanup: () => disposeAll(open) };
  }

  if (!databaseUrl) throw new Error('PostgreSQL schema-engine operations need a database URL (for the shadow database)');
  const config = pgConfigOf(databaseUrl);
  const base = new PrismaPg({ ...config });
  const shadows = new Set<string>();
  const open = new Set<SqlDriverAdapter>();

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ ...config });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
  async function dropShadow(name: string): Promise<void> {
    if (!shadows.delete(name)) return;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  }

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => tracked(patchPgAdapter(await base.connect()), open),
    connectToShadowDb: async () => {
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
      await admin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      shadows.add(name);
      const shadow = patchPgAdapter(await new PrismaPg({ ...config, database: name }).connect());
      const dispose = shadow.dispose.bind(shadow);
      (shadow as Patchable).dispose = async () => {
        try {
          await dispose(); // ends the shadow pool first, so the drop doesn't meet open sessions
        } finally {
          await dropShadow(name);
        }
      };
      return tracked(shadow, open);
    },
  };
  return {
    provider,
    factory,
    cleanup: async () => {
      await disposeAll(open);
      for (const name of [...shadows]) await dropShadow(name).catch(() => {});
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The engine

export interface EngineSession {
  provider: Provider;
  engine: SchemaEngine;
  /** Runs an engine call with readable errors (WASM panics carry the panic message). */
  run<T>(what: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenEngineOptions {
  provider: Provider;
  /** The database to work on (and, for PostgreSQL, where the shadow database gets created). */
  databaseUrl?: string;
  /** Defaults to the provider's prisma/<provider>/schema.prisma. */
  datamodels?: [string, string][];
  /** Engine log lines (JSON). Default: printed to stderr when DEBUG mentions "schema-engine". */
  log?: (line: string) => void;
}

export async function openSchemaEngine(opts: OpenEngineOptions): Promise<EngineSession> {
  const Engine = loadEngineClass();
  const adapters = engineAdapters(opts.provider, opts.databaseUrl);
  const datamodels =
    opts.datamodels ??
    (() => {
      const schema = schemaFileOf(opts.provider);
      return [[schema.path, schema.content]] as [string, string][];
    })();
  const debug = /schema-engine|prisma/.test(process.env.DEBUG ?? '');
  const log = opts.log ?? (debug ? (line: string) => process.stderr.write(`[schema-engine] ${line}\n`) : () => {});
  let engine: SchemaEngine;
  const bound = bindMigrationAwareSqlAdapterFactory(adapters.factory);
  const adapterErrors = (bound as { errorRegistry?: AdapterErrors }).errorRegistry;
  try {
    engine = await Engine.new({ datamodels }, log, bound);
  } catch (err) {
    await adapters.cleanup();
    throw engineError(err, 'starting the schema engine', adapterErrors);
  }
  let closed = false;
  return {
    provider: opts.provider,
    engine,
    async run(what, fn) {
      try {
        return await fn(engine);
      } catch (err) {
        throw engineError(err, what, adapterErrors);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        engine.free(); // drops the engine's connections (the adapters' dispose)
      } finally {
        await adapters.cleanup();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Diff

/** Server for PostgreSQL shadow databases when none is given (db:diff, tests): MIGRATE_PG_URL overrides. */
export const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * The SQL that takes the provider's migration history to its current schema.prisma; '' when they are in
 * step. The history is replayed on a shadow database: in memory for SQLite, a temporary database on the
 * `pgUrl` server for PostgreSQL (created and dropped here).
 */
export async function diffMigrationsToSchema(provider: Provider, pgUrl = DEFAULT_PG_URL): Promise<string> {
  const schema = schemaFileOf(provider);
  const session = await openSchemaEngine({
    provider,
    databaseUrl: provider === 'postgresql' ? pgUrl : undefined,
    datamodels: [[schema.path, schema.content]],
  });
  try {
    const out = await session.run(`diff migrations → schema (${provider})`, (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...readMigrationList(provider) },
        to: { tag: 'schemaDatamodel', files: [{ path: schema.path, content: schema.content }] },
        script: true,
        exitCode: true, // 2 when the diff is non-empty
        filters: EMPTY_FILTER,
      }),
    );
    return out.exitCode === 2 ? (out.stdout ?? '') : '';
  } finally {
    await session.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Apply (tests only: start-up runs the migration scripts itself, src/db/migrate.ts)

/** The engine's own `applyMigrations` of the provider's history: the names it applied (none when all are recorded). */
export async function applyWithEngine(provider: Provider, databaseUrl: string): Promise<string[]> {
  const session = await openSchemaEngine({ provider, databaseUrl });
  try {
    const out = await session.run(`applying migrations (${provider})`, (engine) =>
      engine.applyMigrations({ migrationsList: readMigrationList(provider), filters: EMPTY_FILTER }),
    );
    return out.appliedMigrationNames;
  } finally {
    await session.close();
  }
}
