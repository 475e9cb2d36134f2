/**
 * How tests start the program as a child process. The product runs compiled (bin/complaint-desk.mjs → dist/); the
 * tests run the sources through tsx (SOURCE_BIN), so they need no build, except test/e2e/compiled.test.ts, which
 * runs the compiled bin after ensureBuilt().
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../..');
/** node's arguments that run `complaint-desk` from the sources: `[...SOURCE_BIN, 'drill', file]` (any cwd). */
export const SOURCE_BIN = [
  '--import',
  pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
  join(ROOT, 'src', 'cli', 'main.ts'),
];
/** The compiled bin, as `npx complaint-desk` runs it. */
export const COMPILED_BIN = join(ROOT, 'bin', 'complaint-desk.mjs');

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ (`npm run build`) unless it is there and newer than every file under src/ and commands/. */
export function ensureBuilt(): void {
  const stamp = join(ROOT, 'dist', '.built');
  const sources = Math.max(
    newestSource(join(ROOT, 'src')),
    newestSource(join(ROOT, 'commands')),
    statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs,
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}
