/**
 * Issue 12: the embedded SQLite default runs one database client, its store on better-sqlite3. Issue 23: the running
 * product never loads Prisma at all, on either database: the one SQL store runs over better-sqlite3 or pg (loaded
 * with a dynamic import when DATABASE_URL is PostgreSQL), and start-up applies migrations with plain SQL. Prisma's
 * client, its adapters and its schema engine are tools and test helpers only. Held here on the import graph, static
 * and dynamic imports both: everything Node can load from the product's entry points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';

/** Imports that exist at run time (type-only imports are erased); with `dynamic`, `import('…')` of a literal too. */
function runtimeImports(file: string, dynamic = false): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?from\s+)?['"]([^'"]+)['"]/g;
  for (let m; (m = re.exec(src));) if (!m[1]) out.push(m[2]);
  if (dynamic) for (const m of src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

/** Every module reachable from `entries` by static imports: project files by path, packages by name. */
function staticGraph(entries: string[], dynamic = false): Set<string> {
  const seen = new Set<string>();
  const todo = entries.map((e) => resolve(PROJECT_ROOT, e));
  while (todo.length) {
    const file = todo.pop()!;
    const key = relative(PROJECT_ROOT, file);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const spec of runtimeImports(file, dynamic)) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (existsSync(target)) todo.push(target);
    }
  }
  return seen;
}

describe('one database client on the SQLite default (issue 12)', () => {
  const graph = staticGraph([
    'src/cli/main.ts',
    'src/cli/app.ts',
    'src/cli/serve.ts',
    'src/cli/export.ts',
    'src/reports/export-register.ts',
    'src/reports/chart-for-summary.ts',
  ]);

  it('start-up, front ends and reports never load Prisma’s client statically', () => {
    const prisma = [...graph].filter(
      (m) => m.startsWith('src/db/prisma/') || m.startsWith('src/db/generated/') || m.startsWith('@prisma/client'),
    );
    expect(prisma).toEqual([]);
  });

  it('nor the schema engine (loaded only when a migration is pending)', () => {
    expect([...graph].filter((m) => m === 'src/db/schema-engine.ts' || m.startsWith('@prisma/schema-engine-wasm'))).toEqual([]);
  });

  it('nor the heavy renderers: Skia for charts, pdfkit for forms, nodemailer for mail load with their first use', () => {
    expect([...graph].filter((m) => ['@napi-rs/canvas', 'pdfkit', 'nodemailer'].includes(m))).toEqual([]);
  });

  it('the walk finds the SQLite store (the check above is not vacuous)', () => {
    expect(graph.has('src/db/store/store.ts')).toBe(true);
    expect(graph.has('better-sqlite3')).toBe(true);
  });
});

describe('no Prisma in the running product, on either database (issue 23)', () => {
  const ENTRIES = [
    'src/cli/main.ts',
    'src/cli/app.ts',
    'src/cli/serve.ts',
    'src/cli/export.ts',
    'src/cli/drill.ts',
    'src/reports/export-register.ts',
    'src/reports/chart-for-summary.ts',
  ];
  const all = staticGraph(
    ENTRIES.filter((e) => existsSync(resolve(PROJECT_ROOT, e))),
    true,
  );

  it('no Prisma package (client, adapters, schema engine) and no generated client is reachable, dynamic imports included', () => {
    expect(
      [...all].filter(
        (m) => m.startsWith('@prisma/') || m === 'prisma' || m.startsWith('src/db/generated/') || m === 'src/db/schema-engine.ts',
      ),
    ).toEqual([]);
  });

  it('the walk reaches both drivers (PostgreSQL through its dynamic import)', () => {
    expect(all.has('src/db/drivers/sqlite.ts')).toBe(true);
    expect(all.has('src/db/drivers/pg.ts')).toBe(true);
    expect(all.has('pg')).toBe(true);
  });
});
