/**
 * §12 on Discord (the real discord.js client against the fake Discord): duty, duty take, log and worklog as slash
 * subcommands with options; the handover as an embed in the group channel, pinging only the people it names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags, type APIInteractionResponse } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, loadRoster, type AppCore } from '../../src/cli/app.ts';
import { DEMO_DUTY_ROSTER } from '../../src/cli/config.ts';
import { discordDeps } from '../../src/cli/front-ends.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { startDiscord, type DiscordApp } from '../../src/platforms/discord/discord-app.ts';
import { deployDiscordCommands } from '../../src/platforms/discord/deploy.ts';
import type { DiscordLog } from '../../src/platforms/discord/notifier.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/fake-discord.ts';

const APP_ID = '1200000000000000001';
const GUILD_ID = '1200000000000000002';
const TOKEN = 'fake.bot.token';
const CH = {
  PROV: '900000000000000001',
  BR01: '900000000000000002',
  BR02: '900000000000000003',
  SB01: '900000000000000004',
  SB03: '900000000000000005',
};
const zhang: FakeUser = { id: '1001', username: 'zhang' };
const he: FakeUser = { id: '100000000000000032', username: 'he' };
const li: FakeUser = { id: '100000000000000031', username: 'li' };
const silent: DiscordLog = { info: () => {}, warn: () => {}, error: (o, m) => console.error('discord error', m, o) };

const content = (cb: APIInteractionResponse): { content?: string; flags?: number } => ('data' in cb && cb.data ? (cb.data as never) : {});

describe('Discord: §12 duty, handover, log, worklog', () => {
  let fake: FakeDiscord;
  let core: AppCore;
  let app: DiscordApp;
  let scheduler: Scheduler;
  let dir: string;
  const slash = (user: FakeUser, subcommand: string, options: Record<string, string | number | boolean> = {}) =>
    fake.sendInteraction(fake.chatInputInteraction({ user, channelId: CH.SB01, name: 'complaint', subcommand, options }));
  const channel = (id: string) =>
    [...fake.messages.values()].filter((m) => m.channel_id === id && !(Number(m.flags ?? 0) & MessageFlags.Ephemeral));

  beforeAll(async () => {
    fake = await startFakeDiscord({
      applicationId: APP_ID,
      guildId: GUILD_ID,
      channels: Object.entries(CH).map(([name, id]) => ({ id, name: `${name.toLowerCase()}-group` })),
      members: [zhang, he, li],
    });
    dir = mkdtempSync(join(tmpdir(), 'cd-discord-duty-'));
    const clock = new ManualClock('2026-12-01T01:00:00Z'); // 09:00 in Asia/Shanghai: 城东支行's shift starts
    core = await createCore({ databaseUrl: `file:${join(dir, 'desk.sqlite')}`, roster: loadRoster(DEMO_DUTY_ROSTER), clock });
    await deployDiscordCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl });
    app = await startDiscord(
      discordDeps(
        core,
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.restUrl },
        {
          clock,
          poke: () => scheduler?.poke(),
          clientOptions: { rest: { globalRequestsPerSecond: 10_000 } },
          log: silent,
        },
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('the 09:00 handover is an embed in the group channel that pings the incoming member only', async () => {
    const msg = await fake.waitFor(
      () => channel(CH.SB01).find((m) => m.embeds[0]?.title === '城东支行(SB01) 交接班 2026-12-01 09:00'),
      5_000,
    );
    expect(msg.content).toBe(`<@${he.id}>`);
    expect(msg.embeds[0].description).toContain(`接班：<@${he.id}>`);
    const post = fake
      .callsTo('POST', new RegExp(`^/channels/${CH.SB01}/messages$`))
      .find((c) => JSON.stringify(c.body).includes('交接班'))!;
    expect(post.body.allowed_mentions).toEqual({ parse: [], users: [he.id] });
  });

  it('duty, duty take with options (refused, then taken with its embed), log masked, worklog', async () => {
    expect(content(await slash(he, 'duty')).content).toContain('城东支行(SB01) 当前值守：@he 至 21:00');
    const refused = content(await slash(zhang, 'duty', { take: true, unit: 'BR01' }));
    expect(refused.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.content).toContain('您不能在「一分行(BR01)」值守');
    expect(content(await slash(zhang, 'duty', { take: true, until: '12:00' })).content).toContain(
      '您已在 城东第十二网点(OUT-12) 接班值守，至 12:00',
    );
    await fake.waitFor(() => channel(CH.SB01).find((m) => m.embeds[0]?.title?.startsWith('城东第十二网点(OUT-12) 交接班')), 5_000);
    expect(content(await slash(zhang, 'log', { text: '客户13800001111来电，已安抚' })).content).toContain('客户138****1111来电，已安抚');
    const worklog = content(await slash(li, 'worklog', { unit: 'SB01' }));
    expect(worklog.content).toContain('@zhang 日志：客户138****1111来电，已安抚');
    expect(JSON.stringify([...fake.messages.values()])).not.toContain('13800001111');
  });
});
