#!/usr/bin/env node
// The compiled build (`npm run build`, also run by `npm ci` through `prepare`): tsc emits src/ and commands/ to dist/
// (tsconfig.build.json rewrites the sources' `.ts` imports to `.js`), then every non-TypeScript file under src/ and
// commands/ (the board's assets) is copied beside its module, so a path taken from import.meta finds it in dist/.
// Paths to the package's own folders (examples/, prisma/) are found from the package root, never from dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (r.status !== 0) {
  console.error('build failed: tsc reported the errors above');
  process.exit(r.status ?? 1);
}
let copied = 0;
function copyAssets(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) copyAssets(p);
    else if (!/\.[cm]?ts$/.test(e.name)) {
      cpSync(p, join(dist, relative(root, p)));
      copied++;
    }
  }
}
copyAssets(join(root, 'src'));
copyAssets(join(root, 'commands'));
// what the tests compare with the sources' times to know the build is current
writeFileSync(join(dist, '.built'), new Date().toISOString() + '\n');
console.log(`built dist/ (${copied} asset files copied)`);
