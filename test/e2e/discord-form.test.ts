/**
 * §14 `/complaint form CASE` on Discord (the real discord.js client against the fake Discord): the PDF (customer
 * masked) is attached to the ephemeral reply, and the reply names it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord-api-types/v10';
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

describe('Discord: the handling form', () => {
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
    dir = mkdtempSync(join(tmpdir(), 'cd-discord-form-'));
    url = `file:${join(dir, 'desk.sqlite')}`;
    const clock = new ManualClock('2026-12-01T01:00:00Z');
    core = await createCore({ databaseUrl: url, roster: loadRoster(DEMO_ROSTER), clock, formsDir: join(dir, 'forms') });
    await deployDiscordCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl });
    app = await startDiscord(
      discordDeps(
        core,
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.restUrl },
        { clock, poke: () => scheduler?.poke(), clientOptions: { rest: { globalRequestsPerSecond: 10_000 } }, log: silent },
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

  it('defers at once ("thinking…"), then attaches the PDF to the reply', async () => {
    await slash('new', { unit: 'OUT-12', phone: '13800002222', text: '取不出钱' });
    // drawing a PDF holds the event loop: the interaction is deferred before the form is drawn, so Discord's 3 s can't
    // run out while it is (the answer is the deferred reply's edit)
    const deferred = await slash('form', { case: 'C1' });
    expect(deferred.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const cb = await fake.waitFor(
      () => fake.calls.find((c) => c.method === 'PATCH' && /^\/webhooks\//.test(c.path) && c.files.length > 0),
      10_000,
    );
    expect(cb.files[0].filename).toBe('C1.pdf');
    expect(cb.files[0].data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(JSON.stringify(cb.body)).toContain('C1.pdf');
    if (hasPoppler()) {
      const text = pdfText(cb.files[0].data);
      expect(text).toContain('138****2222');
      expect(text).not.toContain('13800002222');
    }
  });
});
