/**
 * The console on a real terminal: the CLI runs under util-linux `script`, which gives it a pseudo-TTY (so readline
 * runs in terminal mode, as for a person typing). Input is typed only once the prompt is there.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_BIN } from '../helpers/bin.ts';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasScript) console.warn('console-tty tests skipped: util-linux `script` (a pseudo-TTY) is not installed');

interface Tty {
  proc: ChildProcessWithoutNullStreams;
  out: () => string;
  /** resolves once the output (after `from`) matches */
  waitFor(re: RegExp, from?: number): Promise<void>;
  type(line: string): void;
  exit: Promise<number | null>;
}

function startTty(env: Record<string, string> = {}): Tty {
  const cwd = mkdtempSync(join(tmpdir(), 'cd-tty-'));
  const cmd = `${JSON.stringify(process.execPath)} ${SOURCE_BIN.map((a) => JSON.stringify(a)).join(' ')} console`;
  const proc = spawn('script', ['-qec', cmd, '/dev/null'], {
    cwd,
    env: {
      ...process.env,
      TERM: 'xterm',
      DATABASE_URL: `file:${join(cwd, 'desk.sqlite')}`,
      SLACK_BOT_TOKEN: '',
      DISCORD_TOKEN: '',
      LOG_LEVEL: '',
      ...env,
    },
  });
  let out = '';
  const waiters: (() => void)[] = [];
  proc.stdout.on('data', (d) => {
    out += d;
    waiters.forEach((w) => w());
  });
  proc.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((res) => proc.on('close', (code) => res(code)));
  return {
    proc,
    out: () => out,
    waitFor(re, from = 0) {
      return new Promise<void>((res, rej) => {
        const check = () => {
          if (re.test(out.slice(from))) {
            waiters.splice(waiters.indexOf(check), 1);
            res();
          }
        };
        waiters.push(check);
        void exit.then(() => rej(new Error(`exited before ${re} appeared:\n${out}`)));
        check();
      });
    },
    type: (line) => proc.stdin.write(line + '\r'),
    exit,
  };
}

describe.skipIf(!hasScript)('console on a TTY: quit', () => {
  for (const word of ['quit', 'exit', 'QUIT']) {
    it(`"${word}" as the first input exits 0 without touching a closed database`, async () => {
      const t = startTty();
      await t.waitFor(/@\w+> /);
      t.type(word);
      const code = await t.exit;
      expect(t.out()).not.toMatch(/database connection is not open/);
      expect(t.out()).not.toMatch(/\n\s+at /);
      expect(code).toBe(0);
    });
  }

  it('"quit" after commands exits 0', async () => {
    const t = startTty();
    await t.waitFor(/@\w+> /);
    t.type('/complaint new 取不出钱');
    await t.waitFor(/案件编号 C1[\s\S]*@\w+> /);
    const mark = t.out().length;
    t.type('/complaint show C1');
    await t.waitFor(/@\w+> /, mark);
    t.type('quit');
    const code = await t.exit;
    expect(t.out()).not.toMatch(/database connection is not open/);
    expect(code).toBe(0);
  });
});
