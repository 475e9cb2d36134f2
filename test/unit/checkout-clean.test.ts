/**
 * `npm test` leaves the checkout clean (issue 21 item 18): the files tests write (the board's screenshots) go to
 * an ignored folder, and none of them is tracked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';

const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
const inGit = existsSync(join(PROJECT_ROOT, '.git'));

describe.skipIf(!inGit)('test artifacts', () => {
  it('are ignored and none is tracked', () => {
    expect(git('ls-files', 'test/artifacts').trim()).toBe('');
    for (const f of ['test/artifacts/board-tv-en.png', 'test/artifacts/board-desk-zh-CN.png', 'test/artifacts/any/thing.png']) {
      expect(git('check-ignore', f).trim()).toBe(f);
    }
  });
});
