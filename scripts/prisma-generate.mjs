#!/usr/bin/env node
// `npm run db:generate`, and the package's postinstall: writes the per-provider schemas from
// prisma/models.prisma, then runs `prisma generate` for each provider into src/db/generated/<provider>.
//
// Fully offline. The Prisma CLI insists on a native schema engine binary and tries to download one
// (binaries.prisma.sh is unreachable here and on air-gapped bank servers). `prisma generate` only checks
// that the file named by PRISMA_SCHEMA_ENGINE_BINARY exists, so we point it at scripts/no-schema-engine.sh,
// which makes any stray `prisma migrate …` fail loudly. Migrations go through @prisma/schema-engine-wasm
// instead (scripts/make-migration.ts, src/db/migrate.ts).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS, writeSchemas } from './prisma-schemas.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: join(root, 'scripts', 'no-schema-engine.sh'),
  CHECKPOINT_DISABLE: '1', // no telemetry / update check request
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
};

function generate(provider) {
  const args = [prismaCli, 'generate', '--schema', `prisma/${provider}/schema.prisma`, '--no-hints'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out.trim());
      else reject(new Error(`prisma generate (${provider}) exited with ${code}:\n${out.trim()}`));
    });
  });
}

const started = Date.now();
const written = writeSchemas();
if (written.length > 0) console.log(`prisma-generate: rewrote ${written.length} schema file(s) from prisma/models.prisma`);
try {
  // The two generators are independent: run them side by side.
  const outputs = await Promise.all(PROVIDERS.map(generate));
  for (const out of outputs) {
    const line = out.split('\n').find((l) => l.includes('Generated Prisma Client'));
    if (line) console.log(`prisma-generate: ${line.replace(/^\W+/, '')}`);
  }
  console.log(`prisma-generate: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}
