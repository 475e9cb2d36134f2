/** `complaint-desk discord:deploy` against an API it cannot reach: the what/where/why/what-to-do line, exit 1 (#21 item 15). */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

const BIN = join(resolve(import.meta.dirname, '../..'), 'bin/complaint-desk.mjs');

describe('discord:deploy with Discord out of reach', () => {
  it('prints one line naming the API address, the cause and what to do, and exits 1', async () => {
    // a port that was free a moment ago: nothing listens there
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const env = {
      ...process.env,
      LOG_LEVEL: '',
      DISCORD_TOKEN: 'Bot.t0ken',
      DISCORD_APPLICATION_ID: '1188000000000000001',
      DISCORD_GUILD_ID: '1188000000000000002',
      DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
    };
    const r = await new Promise<{ code: number | null; stderr: string }>((res) => {
      const p = execFile(process.execPath, [BIN, 'discord:deploy'], { cwd: tmpdir(), env }, (_e, _out, stderr) =>
        res({ code: p.exitCode, stderr }),
      );
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `complaint-desk: cannot register /complaint with Discord at http://127.0.0.1:${port}/api (DISCORD_API_URL): connection refused (ECONNREFUSED) — check that this machine reaches Discord (proxy, firewall), or unset DISCORD_API_URL, then run it again`,
    );
    expect(r.stderr).not.toContain('unexpected error');
  }, 60_000);
});
