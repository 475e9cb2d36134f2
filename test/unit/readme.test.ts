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
});
