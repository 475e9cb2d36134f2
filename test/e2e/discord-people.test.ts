/**
 * §15.1 and §15.6 on Discord (the real discord.js client against the fake Discord): a 95566 case opened by the
 * province's hotline agent reaches the outlet contact as a direct message (masked number), its card carries the
 * 已联系客户 button, and `/complaint phone` answers ephemerally to the contact only, audited; a stranger is refused
 * and shown nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
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

const APP_ID = '1200000000000000001';
const GUILD_ID = '1200000000000000002';
const TOKEN = 'fake.bot.token';
const PROV = '900000000000000001';
const SB01 = '900000000000000004';
const zhang: FakeUser = { id: '1001', username: 'zhang' };
const tang: FakeUser = { id: '100000000000000004', username: 'tang' };
const ma: FakeUser = { id: '100000000000000061', username: 'ma' };
const silent: DiscordLog = { info: () => {}, warn: () => {}, error: (o, m) => console.error('discord error', m, o) };

const data = (cb: APIInteractionResponse): { content?: string; flags?: number } => ('data' in cb && cb.data ? (cb.data as never) : {});

describe('Discord: the 95566 hand-off and the number on demand', () => {
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
      channels: [
        { id: PROV, name: 'prov-group' },
        { id: SB01, name: 'sb01-group' },
      ],
      members: [zhang, tang, ma],
    });
    dir = mkdtempSync(join(tmpdir(), 'cd-discord-people-'));
    url = `file:${join(dir, 'desk.sqlite')}`;
    const clock = new ManualClock('2026-12-01T13:00:00Z');
    core = await createCore({ databaseUrl: url, roster: loadRoster(DEMO_ROSTER), clock });
    await deployDiscordCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl });
    app = await startDiscord(
      discordDeps(
        core,
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.restUrl },
        { clock, poke: () => scheduler?.poke(), clientOptions: { rest: { globalRequestsPerSecond: 10_000 } }, log: silent },
      ),
    );
    scheduler = new Scheduler(core.desk.ctx, core.store, clock, [app.notifier], { owner: 'test', maxSleepMs: 200 });
    scheduler.start();
  });
  afterAll(async () => {
    await scheduler?.stop();
    await app?.stop();
    await fake?.close();
    await core?.close();
    await closeOwnPrisma(url);
    rmSync(dir, { recursive: true, force: true });
  });

  const slash = (user: FakeUser, channelId: string, subcommand: string, options: Record<string, string | number | boolean>) =>
    fake.sendInteraction(fake.chatInputInteraction({ user, channelId, name: 'complaint', subcommand, options }));

  it('the contact gets the direct message; phone is ephemeral, audited, refused for others; the contacted button works', async () => {
    const opened = await slash(tang, PROV, 'new', {
      unit: 'OUT-12',
      channel: 'hotline',
      customer: '王芳',
      phone: '13900002222',
      text: '排队两小时无人处理',
    });
    expect(data(opened).flags).toBe(MessageFlags.Ephemeral);
    expect(data(opened).content).toContain('zhang');
    await fake.waitFor(() => fake.callsTo('POST', /^\/users\/@me\/channels$/).find((x) => x.body?.recipient_id === zhang.id), 10_000);
    const dm = await fake.waitFor(
      () => [...fake.messages.values()].find((m) => ![PROV, SB01].includes(m.channel_id) && m.content.includes('95566')),
      10_000,
    );
    expect(dm.content).toContain('139****2222');
    expect(dm.content).toContain('/complaint phone C1');
    const card = await fake.waitFor(
      () =>
        [...fake.messages.values()].find((m) => m.channel_id === SB01 && JSON.stringify(m.components ?? []).includes('cd:b:contacted:1')),
      10_000,
    );
    expect(JSON.stringify(card)).not.toContain('13900002222');

    const phone = await slash(zhang, SB01, 'phone', { case: 'C1' });
    expect(data(phone).flags).toBe(MessageFlags.Ephemeral);
    expect(data(phone).content).toContain('13900002222');
    expect(data(phone).content).toContain('王芳');
    const refused = await slash(ma, SB01, 'phone', { case: 'C1' });
    expect(data(refused).flags).toBe(MessageFlags.Ephemeral);
    expect(data(refused).content).not.toContain('13900002222');
    expect(data(refused).content).not.toContain('王芳');
    const viewed = (await core.store.timeline(1)).filter((e) => e.action === 'phone_viewed');
    expect(viewed.map((e) => e.actor)).toEqual(['zhang']);
    // no post or direct message carried the number: only the ephemeral answer did
    expect(JSON.stringify(fake.callsTo('POST', /^\/channels\/\d+\/messages$/).map((c) => c.body))).not.toContain('13900002222');

    const click = await fake.sendInteraction(
      fake.buttonInteraction({ user: zhang, channelId: SB01, customId: 'cd:b:contacted:1', message: card.id }),
    );
    expect(data(click).flags).toBe(MessageFlags.Ephemeral);
    expect((await core.store.deadlines(1)).find((d) => d.kind === 'contact')?.state).toBe('done');
  });

  it("reaches the commands beyond Discord's 25 subcommands through `more`, parsed as a typed line (§9: one grammar)", async () => {
    const contacts = await slash(zhang, SB01, 'more', { command: 'contacts', args: 'unit=SB01' });
    expect(data(contacts).flags).toBe(MessageFlags.Ephemeral);
    expect(data(contacts).content).toContain('何平');
    const line = await slash(zhang, SB01, 'more', { command: 'line', args: 'C1 operations 请运营条线核查' });
    expect(data(line).flags).toBe(MessageFlags.Ephemeral);
    expect((await core.store.timeline(1)).filter((e) => e.action === 'line_reported')).toHaveLength(1);
    // a bad line is one refusal naming the lines, and writes nothing
    const bad = await slash(zhang, SB01, 'more', { command: 'line', args: 'C1 nosuchline' });
    expect(data(bad).content).toContain('operations');
    expect((await core.store.timeline(1)).filter((e) => e.action === 'line_reported')).toHaveLength(1);
  });
});
