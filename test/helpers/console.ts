/** The console front end as a user runs it: `complaint-desk start` (no tokens) with stdin piped. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCE_BIN } from './bin.ts';

/**
 * Runs the console on `input` (in `cwd`, else a fresh folder) and resolves with its exit code and output. With
 * `keepOpen` stdin stays open after the input (the console must then exit by itself, e.g. on `quit`).
 */
export function runConsole(
  input: string,
  env: Record<string, string> = {},
  opts: { keepOpen?: boolean; cwd?: string } = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'cd-console-'));
  return new Promise((res) => {
    const p = spawn(process.execPath, [...SOURCE_BIN, 'start'], {
      cwd,
      env: { ...process.env, LOG_LEVEL: '', ...env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => res({ code, out, err }));
    if (opts.keepOpen) p.stdin.write(input);
    else p.stdin.end(input);
  });
}
