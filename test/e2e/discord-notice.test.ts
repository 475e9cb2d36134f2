/**
 * §15.5 on Discord (the real discord.js client against the fake Discord): `/complaint contacts` is answered privately
 * (ephemeral) with the staff numbers; `/complaint notice` attaches the outage notice PDF to the reply. Every answer is
 * deferred first (deferAfterMs 0): drawing a PDF holds the event loop, and on a loaded test machine the first one
 * can take longer than Discord's 3 s, so the test takes the path a slow answer takes (an ephemeral "thinking…",
 * then the reply edited in with its file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, loadRoster, type AppCore } from '../../src/cli/app.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { discordDeps } from '../../src/cli/front-ends.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { startDiscord, type DiscordApp } from '../../src/platforms/discord/discord-app.ts';
import { deployDiscordCommands } from '../../src/platforms/discord/deploy.ts';
import type { DiscordLog } from '../../src/platforms/discord/notifier.ts';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/fake-discord.ts';
import { closeOwnPrisma } from '../helpers/own-prisma.ts';
import { hasPoppler, pdfText } from '../helpers/pdf.ts';

const APP_ID = '1200000000000000001';
const GUILD_ID = '1200000000000000002';
const TOKEN = 'fake.bot.token';
const SB01 = '900000000000000004';
const zhang: FakeUser = { id: '1001', username: 'zhang' };
const silent: DiscordLog = { info: () => {}, warn: () => {}, error: (o, m) => console.error('discord error', m, o) };

describe('Discord: contacts and the outage notice', () => {
  let fake: FakeDiscord;
  let core: AppCore;
  let app: DiscordApp;
  let scheduler: Scheduler;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    fake = await startFakeDiscord({
      applicationId: APP_ID,
      guildId: GUILD_ID,
      channels: [{ id: SB01, name: 'sb01-group' }],
      members: [zhang],
    });
    dir = mkdtempSync(join(tmpdir(), 'cd-discord-notice-'));
    url = `file:${join(dir, 'desk.sqlite')}`;
    const clock = new ManualClock('2026-12-01T01:00:00Z');
    core = await createCore({ databaseUrl: url, roster: loadRoster(DEMO_ROSTER), clock, formsDir: join(dir, 'forms') });
    await deployDiscordCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl });
    app = await startDiscord(
      discordDeps(
        core,
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.restUrl },
        {
          clock,
          poke: () => scheduler?.poke(),
          deferAfterMs: 0,
          clientOptions: { rest: { globalRequestsPerSecond: 10_000 } },
          log: silent,
        },
      ),
    );
    scheduler = new Scheduler(core.desk.ctx, core.store, clock, [app.notifier], { owner: 'test', maxSleepMs: 200 });
  });
  afterAll(async () => {
    await scheduler?.stop();
    await app?.stop();
    await fake?.close();
    await core?.close();
    await closeOwnPrisma(url);
    rmSync(dir, { recursive: true, force: true });
  });

  const slash = (subcommand: string, options: Record<string, string | number | boolean>) =>
    fake.sendInteraction(fake.chatInputInteraction({ user: zhang, channelId: SB01, name: 'complaint', subcommand, options }));

  const callbacks = () => fake.calls.filter((c) => c.method === 'POST' && /\/interactions\/.*\/callback/.test(c.path));
  const editOf = (pred: (body: string) => boolean) =>
    fake.waitFor(
      () =>
        fake.calls.find(
          (c) =>
            c.method === 'PATCH' && /^\/webhooks\//.test(c.path) && pred(JSON.stringify(c.body) + c.files.map((f) => f.filename).join()),
        ),
      10_000,
    );

  it('answers /complaint contacts privately, with both numbers and the press and security contacts', async () => {
    await slash('contacts', { unit: 'SB01' });
    const edit = await editOf((b) => b.includes('何平'));
    // the only answer Discord got for it was ephemeral
    expect(callbacks()).toHaveLength(1);
    expect((callbacks()[0].body as { data: { flags: number } }).data.flags & 64).toBe(64);
    const text = JSON.stringify(edit.body);
    expect(text).toContain('13900000032');
    expect(text).toContain('0571-87000032');
    expect(text).toContain('一分行办公室 李闻 0571-87001001');
    // nothing was posted to a channel
    expect(fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/.*\/messages/.test(c.path))).toEqual([]);
  });

  it('attaches the outage notice to the (ephemeral) reply', async () => {
    await slash('notice', { unit: 'OUT-12' });
    const cb = await editOf((b) => b.includes('notice-OUT-12.pdf'));
    expect(callbacks().every((c) => ((c.body as { data: { flags: number } }).data.flags & 64) === 64)).toBe(true);
    const file = cb.files.find((f) => f.filename === 'notice-OUT-12.pdf')!;
    expect(file.data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(JSON.stringify(cb.body)).toContain('notice-OUT-12.pdf');
    if (hasPoppler()) {
      const text = pdfText(file.data);
      expect(text).toContain('停业公告');
      expect(text).toContain('24小时开机');
      expect(text).toContain('95566');
    }
  });
});
