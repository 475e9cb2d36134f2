/**
 * §13 "Done means": `npm start` (the console, no tokens), `/complaint board`, open the printed link: the board shows
 * the cases and updates live. The real program as a child process, its board on an ephemeral PORT.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sse } from '../helpers/board.ts';
import { SOURCE_BIN } from '../helpers/bin.ts';

describe('the console serves the board (§13)', () => {
  it('npm start, /complaint board, open the link: the cases, then a new one live', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cd-board-console-'));
    const p = spawn(process.execPath, [...SOURCE_BIN, 'start'], {
      cwd,
      env: { ...process.env, LOG_LEVEL: '', PORT: '0', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', BOARD_SECRET: '', PUBLIC_URL: '' },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    const closed = new Promise<number | null>((r) => p.on('close', r));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 600 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      const m = re.exec(out);
      if (!m) throw new Error(`no ${re} in:\n${out}`);
      return m;
    };
    try {
      p.stdin.write('as zhang\n/complaint new unit=OUT-12 channel=phone phone=13812345678 取不出钱\nas liu\n/complaint board\n');
      const link = (await waitFor(/http:\/\/127\.0\.0\.1:\d+\/board\?\S+/))[0];
      const res = await fetch(link);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('data-id="C1"');
      expect(html).not.toContain('13812345678');
      const u = new URL(link);
      const cursor = /"cursor":(\d+)/.exec(html)![1];
      const events = sse(`${u.origin}/board/events${u.search}&after=${cursor}`);
      await events.until((e) => e.event === 'now');
      p.stdin.write('as zhang\n/complaint new unit=OUT-12 channel=phone 又一件\n');
      await events.until((e) => e.event === 'change' && e.data.includes('"id":"C2"'), 5000);
      events.close();
      p.stdin.end('quit\n');
      expect(await closed).toBe(0);
    } finally {
      p.kill();
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});
