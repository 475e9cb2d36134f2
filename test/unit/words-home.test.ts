/**
 * Issue 22, "every word in one home", for the chat platforms, the console and the paperwork: no locale ternary
 * (`zh ? … : …`, `locale === 'en' ? …`) outside src/core/i18n, and `{name}` placeholders filled by one function
 * (src/core/i18n/fill.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';

const ts = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'generated') return [];
    return statSync(p).isDirectory() ? ts(p) : n.endsWith('.ts') ? [p] : [];
  });
const src = (p: string) => join(PROJECT_ROOT, 'src', p);
const rel = (f: string) => relative(PROJECT_ROOT, f);

const LOCALE_TERNARY = /(\bzh\b|\b(?:locale|lang|L)\s*===?\s*'(?:zh-CN|en)')\s*\?/;

describe('words in one home (issue 22)', () => {
  it('no locale ternary in the chat platforms, the console, the register, the exports or the form', () => {
    const files = [
      ...ts(src('platforms/slack')),
      ...ts(src('platforms/discord')),
      ...ts(src('platforms/console')),
      ...['register-row.ts', 'case-form.ts', ...readdirSync(src('reports')).filter((n) => /^export-.*\.ts$/.test(n))].map((n) =>
        src(`reports/${n}`),
      ),
    ];
    expect(files.length).toBeGreaterThan(15);
    const bad = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => LOCALE_TERNARY.test(line))
        .map(({ i }) => `${rel(f)}:${i + 1}`),
    );
    expect(bad).toEqual([]);
  });

  it('`{name}` filling is written once', () => {
    const bad = ts(join(PROJECT_ROOT, 'src'))
      .filter((f) => !f.endsWith(join('i18n', 'fill.ts')))
      .filter((f) => /\.replace\(\/\\\{\(\\w\+\)\\\}\/g/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });
});
