/**
 * The house rules a newcomer can read off the folders (README "Architecture"), held by a test:
 * - src/core imports nothing from the grammar, the database, the front ends, reports, the scheduler or the
 *   composition root, nor any platform SDK or database client;
 * - front ends never import the composition (src/cli/: the core's assembly, the configuration, serve) or a database
 *   client: they receive narrow dependencies;
 * - the grammar (commands/) imports from src only types, and the domain's data (categories, the words they are
 *   shown with): never a use case, a rule, a port or a store;
 * - no source file grows past about 400 lines (generated code and test fakes aside);
 * - no import cycle in src/ or commands/, type-only imports included (issue 22): a cycle makes the load order
 *   decide which module sees the other half-initialised, and hides which of two modules is the lower layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'generated' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every import of a file: the resolved path (or package name) and whether it is type-only. */
function importsOf(file: string): { target: string; typeOnly: boolean; line: string }[] {
  const src = readFileSync(file, 'utf8');
  const out: { target: string; typeOnly: boolean; line: string }[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m; (m = re.exec(src));) {
    const spec = m[3] ?? m[4];
    const typeOnly = !!m[2];
    const target = spec.startsWith('.') ? relative(PROJECT_ROOT, resolve(dirname(file), spec)) : spec;
    out.push({ target, typeOnly, line: m[0].trim().split('\n')[0] });
  }
  return out;
}

const rel = (f: string) => relative(PROJECT_ROOT, f);
const SDKS = /^(@slack\/|discord\.js|@discordjs\/|@prisma\/|prisma|pg$|better-sqlite3|ws$|pino|prom-client|nodemailer|pdfkit|@napi-rs\/)/;

/** The strongly connected components of more than one module (or a module importing itself), each sorted (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

function importCycles(sources: string[]): string[][] {
  const known = new Set(sources.map(rel));
  const graph = new Map(
    sources.map((f) => [
      rel(f),
      importsOf(f)
        .map((i) => i.target)
        .filter((t) => known.has(t)),
    ]),
  );
  return cyclesOf(graph);
}

describe('architecture (issue 12: the house in one step)', () => {
  it('src/core imports nothing outside the core, and no SDK or database client', () => {
    const bad: string[] = [];
    for (const f of files(join(PROJECT_ROOT, 'src', 'core'))) {
      for (const i of importsOf(f)) {
        const outside = i.target.startsWith('commands') || (i.target.startsWith('src/') && !i.target.startsWith('src/core/'));
        if (outside || SDKS.test(i.target)) bad.push(`${rel(f)}: ${i.line}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('front ends never import the composition root, the configuration or a database client', () => {
    const bad: string[] = [];
    for (const f of files(join(PROJECT_ROOT, 'src', 'platforms'))) {
      for (const i of importsOf(f)) {
        if (i.target.startsWith('src/cli/') || i.target.startsWith('src/db/') || /^(@prisma\/|pg$|better-sqlite3)/.test(i.target))
          bad.push(`${rel(f)}: ${i.line}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the grammar imports only types and the domain data from src', () => {
    const bad: string[] = [];
    for (const f of files(join(PROJECT_ROOT, 'commands'))) {
      for (const i of importsOf(f)) {
        if (!i.target.startsWith('src/') || i.typeOnly) continue;
        if (!/^src\/core\/(domain\/categories|i18n\/(messages|labels))\.ts$/.test(i.target)) bad.push(`${rel(f)}: ${i.line}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no source file is over about 400 lines (generated code and test fakes aside)', () => {
    const long = [
      ...files(join(PROJECT_ROOT, 'src')),
      ...files(join(PROJECT_ROOT, 'commands')),
      ...files(join(PROJECT_ROOT, 'bench')),
      ...files(join(PROJECT_ROOT, 'scripts')),
    ]
      .map((f) => ({ f: rel(f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.n > 420)
      .map((x) => `${x.f}: ${x.n} lines`);
    expect(long).toEqual([]);
  });

  it('no import cycle in src/ or commands/ (type-only imports count too)', () => {
    expect(importCycles([...files(join(PROJECT_ROOT, 'src')), ...files(join(PROJECT_ROOT, 'commands'))])).toEqual([]);
  });

  it('the cycle check finds a cycle (it is not vacuous)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('finds imports at all (the checks above are not vacuous)', () => {
    const probe = importsOf(join(PROJECT_ROOT, 'src', 'core', 'use-cases', 'open-case.ts'));
    expect(probe.some((i) => i.target === 'src/core/rules/escalation.ts')).toBe(true);
    expect(probe.some((i) => i.typeOnly) && probe.some((i) => !i.typeOnly)).toBe(true);
    const typed = importsOf(join(PROJECT_ROOT, 'commands', 'parse.ts'));
    expect(typed.some((i) => i.typeOnly && i.target === 'src/core/domain/errors.ts')).toBe(true);
  });
});
