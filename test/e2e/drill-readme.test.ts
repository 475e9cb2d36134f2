/**
 * Issue 17 item 14: the README's documented `--json` drill command, run exactly as written, prints only JSON Lines
 * on stdout (npm's `npm run` banner once broke this), also with logs turned on (they go to stderr).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** The command lines of the README's "Drills" code block. */
function drillCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Drills'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

function sh(command: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn('sh', ['-c', command], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: '', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => res({ code, out, err }));
  });
}

describe('README: the --json drill command', () => {
  const json = drillCommands().find((c) => c.includes('--json'));

  it('is documented', () => {
    expect(json).toBeDefined();
  });

  for (const level of ['', 'info']) {
    it(`prints only JSON Lines on stdout${level ? ` (LOG_LEVEL=${level}: logs on stderr)` : ''}`, async () => {
      const r = await sh(json!, { LOG_LEVEL: level });
      expect(r.code, r.err).toBe(0);
      const lines = r.out.split('\n').filter((l) => l !== '');
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) {
        let msg: { at?: unknown; kind?: unknown; to?: unknown };
        try {
          msg = JSON.parse(line);
        } catch {
          throw new Error(`not JSON: ${JSON.stringify(line)}`);
        }
        expect(msg).toEqual(expect.objectContaining({ at: expect.any(String), kind: expect.any(String), to: expect.any(String) }));
      }
      if (level === 'info') {
        const logs = r.err
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { event?: string; frontEnd?: string });
        expect(logs).toContainEqual(expect.objectContaining({ event: 'command', frontEnd: 'drill' }));
      } else expect(r.err).toBe('');
    });
  }
});
