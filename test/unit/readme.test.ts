import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeWithReference } from '../../scripts/readme-commands.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  it('has the command reference generated from commands/', () => {
    expect(readmeWithReference(readme)).toBe(readme);
  });
  it('gives the test command that .ci/run runs', () => {
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/npm ci/);
    expect(ci).toMatch(/npm test/);
  });
  it('.ci/run runs typecheck, lint and format:check before the tests, and ends on exactly "N passed, N failed"', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    const checks = ci.indexOf('for check in typecheck lint format:check');
    expect(checks).toBeGreaterThan(0);
    expect(checks).toBeLessThan(ci.indexOf('npm test 2>&1'));
    expect(ci.trimEnd().split('\n').slice(-2)[0]).toBe('echo "${passed} passed, ${failed} failed"');
  });
  it('the product runs compiled: its npm scripts run the bin, npm ci builds dist/, and tsx is only a devDependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      engines: { node: string };
    };
    for (const s of ['start', 'console', 'drill', 'serve', 'export']) expect(pkg.scripts[s]).toMatch(/^node bin\/complaint-desk\.mjs /);
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs');
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(readFileSync(join(ROOT, 'bin/complaint-desk.mjs'), 'utf8')).not.toMatch(/tsx/);
    expect(pkg.engines.node).toMatch(/^>=20\.11/);
  });
});
