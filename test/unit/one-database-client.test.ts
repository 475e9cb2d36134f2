/**
 * Issue 12: the embedded SQLite default runs one database client, its store on better-sqlite3. Prisma's client is
 * loaded only for PostgreSQL (or when a test asks for it), through a dynamic import in src/db/open-store.ts; the
 * schema engine only when migrations are pending (src/db/migrate.ts). Held here on the static import graph: what
 * Node loads at start-up whatever the database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';

/** Imports that exist at run time (type-only imports are erased; dynamic `import()` is left out on purpose). */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?from\s+)?['"]([^'"]+)['"]/g;
  for (let m; (m = re.exec(src)); ) if (!m[1]) out.push(m[2]);
  return out;
}

/** Every module reachable from `entries` by static imports: project files by path, packages by name. */
function staticGraph(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = entries.map((e) => resolve(PROJECT_ROOT, e));
  while (todo.length) {
    const file = todo.pop()!;
    const key = relative(PROJECT_ROOT, file);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const spec of runtimeImports(file)) {
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
  const graph = staticGraph(['src/cli/main.ts', 'src/cli/app.ts', 'src/cli/serve.ts', 'src/cli/export.ts', 'src/reports/export-register.ts', 'src/reports/chart-for-summary.ts']);

  it('start-up, front ends and reports never load Prisma’s client statically', () => {
    const prisma = [...graph].filter((m) => m.startsWith('src/db/prisma/') || m.startsWith('src/db/generated/') || m.startsWith('@prisma/client'));
    expect(prisma).toEqual([]);
  });

  it('nor the schema engine (loaded only when a migration is pending)', () => {
    expect([...graph].filter((m) => m === 'src/db/schema-engine.ts' || m.startsWith('@prisma/schema-engine-wasm'))).toEqual([]);
  });

  it('nor the heavy renderers: Skia for charts, pdfkit for forms, nodemailer for mail load with their first use', () => {
    expect([...graph].filter((m) => ['@napi-rs/canvas', 'pdfkit', 'nodemailer'].includes(m))).toEqual([]);
  });

  it('the walk finds the SQLite store (the check above is not vacuous)', () => {
    expect(graph.has('src/db/sqlite/store.ts')).toBe(true);
    expect(graph.has('better-sqlite3')).toBe(true);
  });
});
