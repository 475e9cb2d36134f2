/**
 * The Discord front end end-to-end: the real discord.js client (startDiscord), the real core on a throwaway
 * SQLite file, the real Scheduler delivering the outbox, against the fake Discord in test/fakes.
 */
import { atLocal } from '../../src/core/domain/time.ts';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../helpers/prisma-client.ts';
import { closeOwnPrisma, ownPrisma } from '../helpers/own-prisma.ts';
import {
  ApplicationCommandOptionType,
  ComponentType,
  Events,
  InteractionResponseType,
  MessageFlags,
  type APIInteractionResponse,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { DISCORD_OVERFLOW, MORE_SUBCOMMAND } from '../../src/platforms/discord/command-json.ts';
import { createCore, loadRoster, type AppCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { t } from '../../src/core/i18n/messages.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { startDiscord, type DiscordApp } from '../../src/platforms/discord/discord-app.ts';
import { discordDeps } from '../../src/cli/front-ends.ts';
import { deployDiscordCommands } from '../../src/platforms/discord/deploy.ts';
import type { DiscordLog } from '../../src/platforms/discord/notifier.ts';
import {
  startFakeDiscord,
  type FakeChatInputInteraction,
  type FakeDiscord,
  type FakeModalSubmitInteraction,
  type FakeUser,
} from '../fakes/fake-discord.ts';

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
const li: FakeUser = { id: '100000000000000031', username: 'li' };
const yang: FakeUser = { id: '100000000000000062', username: 'yang' };
const wu: FakeUser = { id: '100000000000000021', username: 'wu' };
const stranger: FakeUser = { id: '1299999999999999999', username: 'stranger' };
const L = 'zh-CN' as const;
const roster = loadRoster(DEMO_ROSTER);

const silent: DiscordLog = { info: () => {}, warn: () => {}, error: (o, m) => console.error('discord error', m, o) };

interface World {
  fake: FakeDiscord;
  core: AppCore;
  /** a Prisma client of the test's own on the desk's database */
  readonly db: Db;
  app: DiscordApp;
  scheduler: Scheduler;
  clock: ManualClock;
  slash(user: FakeUser, subcommand: string, options?: Record<string, string | number | boolean>): Promise<APIInteractionResponse>;
  channelMessages(channel: string): APIMessage[];
}

const worlds: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!();
});

async function world(opts: { deferAfterMs?: number } = {}): Promise<World> {
  const fake = await startFakeDiscord({
    applicationId: APP_ID,
    guildId: GUILD_ID,
    channels: Object.entries(CH).map(([name, id]) => ({ id, name: `${name.toLowerCase()}-group` })),
    members: [zhang, li, yang, wu],
  });
  const dir = mkdtempSync(join(tmpdir(), 'cd-discord-'));
  const clock = new ManualClock('2026-12-01T01:00:00Z'); // 09:00 in Asia/Shanghai
  const url = `file:${join(dir, 'desk.sqlite')}`;
  const core = await createCore({ databaseUrl: url, roster, clock });
  // Commands are registered the way an operator does it: a separate deploy, before the bot runs.
  await deployDiscordCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl });
  let scheduler: Scheduler | undefined;
  // the front end gets narrow dependencies, composed as serve composes them
  const app = await startDiscord(
    discordDeps(
      core,
      { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.restUrl },
      {
        clock,
        poke: () => scheduler?.poke(),
        clientOptions: { rest: { globalRequestsPerSecond: 10_000 } },
        log: silent,
        deferAfterMs: opts.deferAfterMs,
      },
    ),
  );
  scheduler = new Scheduler(core.desk.ctx, core.store, clock, [app.notifier], { owner: 'test', maxSleepMs: 200 });
  scheduler.start();
  worlds.push(async () => {
    await scheduler.stop();
    await app.stop();
    await fake.close();
    await core.close();
    await closeOwnPrisma(url);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    fake,
    core,
    get db() {
      return ownPrisma(url);
    },
    app,
    scheduler,
    clock,
    slash: (user, subcommand, options = {}) =>
      fake.sendInteraction(fake.chatInputInteraction({ user, channelId: CH.SB01, name: 'complaint', subcommand, options })),
    channelMessages: (channel) =>
      [...fake.messages.values()].filter((m) => m.channel_id === channel && !(Number(m.flags ?? 0) & MessageFlags.Ephemeral)),
  };
}

/** The message body of an interaction callback (type 4 or 7). */
function data(cb: APIInteractionResponse): { content?: string; flags?: number; embeds?: { title?: string; description?: string }[] } {
  return 'data' in cb && cb.data ? (cb.data as never) : {};
}

const NEW_C1 = {
  unit: 'OUT-12',
  category: 'urgent_cash',
  customer: '王芳',
  phone: '13800001111',
  vip: true,
  text: '取不出钱 / 当天取现5000元',
};

/** Discord sends a picked select as a StringSelect inside the Label; the fake builds text inputs, so swap them. */
function asSelects(i: FakeModalSubmitInteraction, ids: string[]): FakeModalSubmitInteraction {
  return {
    ...i,
    data: {
      ...i.data,
      components: i.data.components.map((c) =>
        c.type === ComponentType.Label && c.component.type === ComponentType.TextInput && ids.includes(c.component.custom_id)
          ? {
              ...c,
              component: {
                type: ComponentType.StringSelect,
                id: c.component.id,
                custom_id: c.component.custom_id,
                values: [c.component.value],
              },
            }
          : c,
      ),
    },
  };
}

/** A real Discord user option (type 6, with the resolved user), which the fake's builder doesn't make. */
function withUserOption(i: FakeChatInputInteraction, name: string, user: FakeUser): FakeChatInputInteraction {
  const sub = i.data.options![0] as { options?: { name: string; type: number; value: unknown }[] };
  sub.options = [...(sub.options ?? []).filter((o) => o.name !== name), { name, type: ApplicationCommandOptionType.User, value: user.id }];
  return {
    ...i,
    data: {
      ...i.data,
      resolved: {
        users: {
          [user.id]: { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null },
        },
      },
    },
  };
}

async function cardOf(w: World, channel: string, caseId: number): Promise<APIMessage> {
  return w.fake.waitFor(() =>
    w.channelMessages(channel).find((m) => m.embeds[0]?.title?.startsWith(`C${caseId} `) && m.components?.length),
  );
}

describe('Discord front end (real discord.js against the fake Discord)', () => {
  it('registers /complaint with every subcommand through the deploy command', async () => {
    const w = await world();
    const puts = w.fake.callsTo('PUT', new RegExp(`^/applications/${APP_ID}/guilds/${GUILD_ID}/commands$`));
    expect(puts.map((c) => c.status)).toEqual([200]);
    const [cmd] = w.fake.guildCommands.get(GUILD_ID)!;
    expect(cmd.name).toBe('complaint');
    // Discord holds 25 subcommands: the commands used least in a shift go through `more` (command-json.ts)
    expect(cmd.options!.map((o) => o.name)).toEqual([
      ...COMMANDS.filter((c) => !DISCORD_OVERFLOW.includes(c.name)).map((c) => c.name),
      MORE_SUBCOMMAND,
    ]);
  });

  it('opens a case from a slash command with options: ephemeral ack, card with buttons and mention in the group channel', async () => {
    const w = await world();
    const cb = await w.slash(zhang, 'new', NEW_C1);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data(cb).flags).toBe(MessageFlags.Ephemeral);
    expect(data(cb).content).toBe(t(L, 'ack_new', { id: 'C1' }));
    expect(data(cb).embeds?.[0].title).toMatch(/^C1 · 紧急取现/);

    const c = await w.db.case.findUniqueOrThrow({ where: { id: 1 } });
    expect(c).toMatchObject({
      unitCode: 'OUT-12',
      category: 'urgent_cash',
      vip: true,
      customerPhone: '13800001111',
      request: '当天取现5000元',
    });

    // OUT-12 has no channels: its group is SB01's (§2).
    const card = await cardOf(w, CH.SB01, 1);
    expect(card.content).toContain('<@1001>');
    expect(JSON.stringify(card.embeds[0])).toContain('王*');
    expect(JSON.stringify(card.embeds[0])).not.toContain('王芳');
    const rows = card.components as unknown as { components: { custom_id?: string }[] }[];
    const ids = rows.flatMap((r) => r.components).map((b) => b.custom_id);
    expect(ids).toEqual(['cd:b:take:1', 'cd:b:on_site:1', 'cd:b:replied:1', 'cd:b:reported:1', 'cd:b:resolve:1', 'cd:b:escalate:1']);
    const post = w.fake.callsTo('POST', new RegExp(`^/channels/${CH.SB01}/messages$`)).find((x) => x.status === 200)!;
    expect(post.body.allowed_mentions).toEqual({ parse: [], users: ['1001'] });

    const show = await w.slash(li, 'show', { case: 'c1' });
    expect(data(show).flags).toBe(MessageFlags.Ephemeral);
    expect(data(show).content).toContain('【C1 · 紧急取现');

    // assign with a picked user: the handler gets a DM
    const assign = await w.fake.sendInteraction(
      withUserOption(
        w.fake.chatInputInteraction({ user: zhang, channelId: CH.SB01, name: 'complaint', subcommand: 'assign', options: { case: 'C1' } }),
        'handle',
        yang,
      ),
    );
    expect(data(assign).content).toBe(t(L, 'ack_done', { id: 'C1', what: t(L, 'act_assigned', { handle: 'yang' }) }));
    await w.fake.waitFor(() => w.fake.callsTo('POST', /^\/users\/@me\/channels$/).find((x) => x.body?.recipient_id === yang.id));
    const dm = await w.fake.waitFor(() =>
      [...w.fake.messages.values()].find((m) => !Object.values(CH).includes(m.channel_id) && m.content.includes('<@100000000000000062>')),
    );
    expect(dm.content).toContain('C1');
  });

  it('§16: promise, callback and scorecard through slash-command options', async () => {
    const w = await world();
    await w.slash(zhang, 'new', { ...NEW_C1, category: 'transaction', text: '转账未到账' });
    // category 7: the card prompts for a promise until one is made
    expect(JSON.stringify((await cardOf(w, CH.SB01, 1)).embeds[0])).toContain('/complaint promise C1 by=');
    const promise = await w.slash(zhang, 'promise', { case: 'C1', by: '2026-12-01 18:00', text: '系统恢复后重新转账' });
    expect(data(promise).flags).toBe(MessageFlags.Ephemeral);
    expect(data(promise).content).toContain('已承诺客户 2026-12-01 18:00 前办结');
    const early = await w.slash(zhang, 'callback', { case: 'C1', result: 'satisfied' });
    expect(data(early).content).toContain(t(L, 'err_callback_status', { id: 'C1', status: '已受理' }));
    await w.slash(zhang, 'reply', { case: 'C1' });
    const cb = await w.slash(zhang, 'callback', { case: 'C1', result: 'unsatisfied', text: '太慢' });
    expect(data(cb).content).toContain('回访：不满意');
    // unsatisfied: posted to the case's group, mentioning its leaders (li leads SB01)
    const post = await w.fake.waitFor(() => w.channelMessages(CH.SB01).find((m) => m.content.includes('回访不满意')));
    expect(post.content).toContain(`<@${li.id}>`);
    const card = await w.slash(li, 'scorecard', { unit: 'SB01' });
    expect(data(card).flags).toBe(MessageFlags.Ephemeral);
    expect(data(card).content).toContain('绩效表');
    expect(data(card).content).toMatch(/城东支行\(SB01\) 合计: 1 \| 0 \| 0 \| 0 \| 0 \| 1 \| 0%/);
  });

  it('refuses bad input and acts nobody may take, ephemerally, writing nothing', async () => {
    const w = await world();
    await w.slash(zhang, 'new', NEW_C1);
    await cardOf(w, CH.SB01, 1);
    const before = await w.db.outboxMessage.count();

    const unknown = await w.slash(zhang, 'show', { case: 'C99' });
    expect(data(unknown).flags).toBe(MessageFlags.Ephemeral);
    expect(data(unknown).content).toContain(t(L, 'err_unknown_case', { id: 'C99' }));

    const bad = await w.slash(zhang, 'new', { phone: 'abc12', text: '取不出钱' });
    expect(data(bad).content).toContain(t(L, 'err_bad_value', { field: 'phone', value: 'abc12', expected: t(L, 'expected_phone') }));

    const pay = await w.slash(zhang, 'pay', { case: 'C1', amount: 12000 });
    expect(data(pay).content).toMatch(/超出紧急支付限额/);

    // wu leads BR02; C1 is under BR01: not his case (§9)
    const card = await cardOf(w, CH.SB01, 1);
    const take = await w.fake.sendInteraction(
      w.fake.buttonInteraction({ user: wu, channelId: CH.SB01, customId: 'cd:b:take:1', message: card.id }),
    );
    expect(data(take).flags).toBe(MessageFlags.Ephemeral);
    expect(data(take).content).toBe(t(L, 'err_forbidden', { id: 'C1' }));

    expect(await w.db.outboxMessage.count()).toBe(before);
    expect(await w.db.case.count()).toBe(1);
  });

  it('opens the new-case modal when the matter is missing and opens the case on submit', async () => {
    const w = await world();
    const cb = await w.slash(zhang, 'new', { channel: 'phone', vip: false, phone: '13900001111' });
    expect(cb.type).toBe(InteractionResponseType.Modal);
    const modal = (cb as { data: APIModalInteractionResponseCallbackData }).data;
    expect(modal.custom_id).toBe('cd:m:new::phone:n');
    expect(modal.components).toHaveLength(5);
    expect(JSON.stringify(modal.components)).toContain('"value":"13900001111"');

    const submit = asSelects(
      w.fake.modalSubmitInteraction({
        user: zhang,
        channelId: CH.SB01,
        customId: modal.custom_id,
        layout: 'label',
        fields: { matter: 'ATM吞卡', request: '尽快退卡', customer: '李雷', phone: '13900001111', category: 'atm' },
      }),
      ['category'],
    );
    const ack = await w.fake.sendInteraction(submit);
    expect(data(ack).content).toBe(t(L, 'ack_new', { id: 'C1' }));
    const c = await w.db.case.findUniqueOrThrow({ where: { id: 1 } });
    expect(c).toMatchObject({ intake: 'phone', vip: false, category: 'atm', matter: 'ATM吞卡', request: '尽快退卡', customerName: '李雷' });
    const card = await cardOf(w, CH.SB01, 1);
    expect(card.embeds[0].title).toMatch(/ATM不可用/);
  });

  it('runs card buttons: take, escalate and resolve through their modals; the card is edited in place', async () => {
    const w = await world();
    await w.slash(zhang, 'new', NEW_C1);
    const card = await cardOf(w, CH.SB01, 1);

    const take = await w.fake.sendInteraction(
      w.fake.buttonInteraction({ user: li, channelId: CH.SB01, customId: 'cd:b:take:1', message: card.id }),
    );
    expect(data(take).flags).toBe(MessageFlags.Ephemeral);
    expect(data(take).content).toBe(t(L, 'ack_done', { id: 'C1', what: t(L, 'act_assigned', { handle: 'li' }) })); // take = become the handler
    await w.fake.waitFor(() => w.fake.callsTo('PATCH', new RegExp(`^/channels/${CH.SB01}/messages/${card.id}$`)).length >= 1);
    const reply = await w.fake.waitFor(() => w.channelMessages(CH.SB01).find((m) => m.message_reference?.message_id === card.id));
    expect(reply.content).toContain('C1');

    // escalate: a modal for the reason, then one level up
    const esc = await w.fake.sendInteraction(
      w.fake.buttonInteraction({ user: zhang, channelId: CH.SB01, customId: 'cd:b:escalate:1', message: card.id }),
    );
    expect(esc.type).toBe(InteractionResponseType.Modal);
    const escModal = (esc as { data: APIModalInteractionResponseCallbackData }).data;
    const escalated = await w.fake.sendInteraction(
      w.fake.modalSubmitInteraction({
        user: zhang,
        channelId: CH.SB01,
        customId: escModal.custom_id,
        layout: 'label',
        fields: { text: '客户要求分行领导接待' },
      }),
    );
    expect(data(escalated).content).toMatch(/^案件 C1：/);
    expect((await w.db.case.findUniqueOrThrow({ where: { id: 1 } })).escalated).toBe(true);
    // the outlet's case goes up to the sub-branch level: SB01's leader li is pinged, under the card
    const ping = await w.fake.waitFor(() =>
      w.fake.callsTo('POST', new RegExp(`^/channels/${CH.SB01}/messages$`)).find((c) => c.body?.allowed_mentions?.users?.includes(li.id)),
    );
    expect(ping.body.message_reference.message_id).toBe(card.id);

    const open = await w.fake.sendInteraction(
      w.fake.buttonInteraction({ user: zhang, channelId: CH.SB01, customId: 'cd:b:resolve:1', message: card.id }),
    );
    expect(open.type).toBe(InteractionResponseType.Modal);
    const modal = (open as { data: APIModalInteractionResponseCallbackData }).data;
    expect(modal.custom_id).toBe('cd:m:resolve:1');
    const submit = asSelects(
      w.fake.modalSubmitInteraction({
        user: zhang,
        channelId: CH.SB01,
        customId: modal.custom_id,
        layout: 'label',
        message: card.id,
        fields: { fault: 'not_at_fault', valid: 'yes', text: '客户满意' },
      }),
      ['fault', 'valid'],
    );
    const done = await w.fake.sendInteraction(submit);
    expect(data(done).content).toContain(t(L, 'ack_done', { id: 'C1', what: t(L, 'act_resolved') }));
    const c = await w.db.case.findUniqueOrThrow({ where: { id: 1 } });
    expect(c).toMatchObject({ status: 'resolved', responsibility: 'not_at_fault', validity: 'valid' });

    // One card message, edited: resolved, no buttons left.
    const edited = await w.fake.waitFor(() => {
      const m = w.fake.messages.get(card.id)!;
      return m.embeds[0]?.footer?.text === '已办结' && m.components?.length === 0 ? m : null;
    });
    expect(edited.id).toBe(card.id);
    const cards = w.channelMessages(CH.SB01).filter((m) => m.embeds[0]?.title?.startsWith('C1 '));
    expect(cards.map((m) => m.id)).toEqual([card.id]);
  });

  it('pings leaders up the chain on an escalation and nags by mention when a deadline nears', async () => {
    const w = await world();
    // §6: a media keyword escalates to the province at once, posting in every group on the way up.
    await w.slash(zhang, 'new', { ...NEW_C1, text: '客户扬言找记者曝光' });
    const prov = await w.fake.waitFor(() => w.channelMessages(CH.PROV).find((m) => m.content.includes('C1')));
    expect(prov.content).toContain('<@100000000000000001>'); // chen, the province leader
    const provPost = w.fake.callsTo('POST', new RegExp(`^/channels/${CH.PROV}/messages$`)).find((x) => x.status === 200)!;
    expect(provPost.body.allowed_mentions.users).toContain('100000000000000001');
    await w.fake.waitFor(() => w.channelMessages(CH.BR01).find((m) => m.content.includes('<@100000000000000001>')));
    const card = await cardOf(w, CH.SB01, 1);
    expect(card.embeds[0].description).toContain('⚠');

    // §5: the reply deadline (4 h) reminds at 80 %; the reminder goes to the group and mentions the people on it.
    const before = w.channelMessages(CH.SB01).length;
    w.clock.advance(200 * 60_000);
    w.scheduler.poke();
    const nag = await w.fake.waitFor(() =>
      w
        .channelMessages(CH.SB01)
        .slice(before)
        .find((m) => m.content.includes('<@1001>')),
    );
    expect(nag.content).toContain('C1');
    const row = await w.db.outboxMessage.findFirstOrThrow({ where: { kind: 'reminder' } });
    expect(row.toUnit).toBe('SB01');
  });

  it('posts the end-of-day summary with its chart attached (§8)', async () => {
    const w = await world();
    await w.slash(zhang, 'new', { ...NEW_C1 });
    await w.fake.waitFor(() => w.channelMessages(CH.SB01).find((m) => m.content.includes('C1')));
    w.clock.set(atLocal('2026-12-01', '20:00', 'Asia/Shanghai').getTime() + 30_000);
    w.scheduler.poke();
    const post = await w.fake.waitFor(
      () => w.fake.callsTo('POST', new RegExp(`^/channels/${CH.PROV}/messages$`)).find((x) => x.status === 200 && x.files.length > 0),
      10_000,
    );
    expect(post.files[0].filename).toBe('summary-PROV-2026-12-01.png');
    expect(post.files[0].data.subarray(1, 4).toString()).toBe('PNG');
    expect(JSON.stringify(post.body)).toContain('attachment://summary-PROV-2026-12-01.png');
  });

  it('resumes a dropped gateway and still answers interactions, including one sent while it was down', async () => {
    const w = await world();
    const resumed = once(w.app.client, Events.ShardResume);
    await w.fake.dropGateway();
    const pending = w.slash(zhang, 'help');
    await resumed;
    expect(w.fake.gatewayResumes).toBe(1);
    expect(w.fake.gatewayIdentifies).toBe(1);
    expect(data(await pending).content).toContain('/complaint');

    const cb = await w.slash(zhang, 'new', NEW_C1);
    expect(data(cb).content).toBe(t(L, 'ack_new', { id: 'C1' }));
    await cardOf(w, CH.SB01, 1);
  });

  it('waits out a 429 on the channel and delivers the card exactly once', async () => {
    const w = await world();
    const restLog: string[] = [];
    w.app.client.rest.on('restDebug', (m: string) => restLog.push(m));
    w.fake.rateLimitNext(new RegExp(`^/channels/${CH.SB01}/messages$`), 1, 0.3);
    await w.slash(zhang, 'new', NEW_C1);
    await cardOf(w, CH.SB01, 1);
    const posts = w.fake.callsTo('POST', new RegExp(`^/channels/${CH.SB01}/messages$`));
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    // REST read the 429's Retry-After and slept it out before the retry (its own record, not a stopwatch)
    const waited = restLog.find((m) => /unexpected 429 rate limit/.test(m) && m.includes(`/channels/${CH.SB01}/messages`));
    expect(Number(/Retry After\s*:\s*(\d+)ms/.exec(waited ?? '')?.[1])).toBeGreaterThanOrEqual(300);
    expect(w.channelMessages(CH.SB01)).toHaveLength(1);
    // REST waited the 429 out itself: the outbox saw one successful send, no failure and no retry.
    const row = await w.fake.waitFor(() => w.db.outboxMessage.findFirst({ where: { kind: 'case', status: 'sent' } }));
    expect(row).toMatchObject({ delivered: 'discord', attempts: 0, lastError: null });
    // nothing is left to send: another pass posts nothing more
    await w.scheduler.tick();
    expect(await w.core.store.outboxBacklog()).toBe(0);
    expect(w.channelMessages(CH.SB01)).toHaveLength(1);
  });

  it('refuses people who are not on the roster, politely and without writing anything', async () => {
    const w = await world();
    const cb = await w.slash(stranger, 'new', NEW_C1);
    expect(data(cb).flags).toBe(MessageFlags.Ephemeral);
    expect(data(cb).content).toBe(t(L, 'err_not_in_roster', { who: '@stranger' }));
    const click = await w.fake.sendInteraction(w.fake.buttonInteraction({ user: stranger, channelId: CH.SB01, customId: 'cd:b:take:1' }));
    expect(data(click).content).toBe(t(L, 'err_not_in_roster', { who: '@stranger' }));
    expect(await w.db.case.count()).toBe(0);
    expect(await w.db.outboxMessage.count()).toBe(0);
  });

  it('autocompletes case ids and unit codes', async () => {
    const w = await world();
    await w.slash(zhang, 'new', NEW_C1);
    const cases = await w.fake.sendInteraction(
      w.fake.autocompleteInteraction({
        user: zhang,
        channelId: CH.SB01,
        name: 'complaint',
        subcommand: 'show',
        options: { case: 'C' },
        focused: 'case',
      }),
    );
    expect(cases.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(cases).toMatchObject({ data: { choices: [{ value: 'C1' }] } });
    const units = await w.fake.sendInteraction(
      w.fake.autocompleteInteraction({
        user: zhang,
        channelId: CH.SB01,
        name: 'complaint',
        subcommand: 'new',
        options: { unit: 'out-1' },
        focused: 'unit',
      }),
    );
    expect((units as { data: { choices: { value: string }[] } }).data.choices.map((c) => c.value)).toEqual(['OUT-11', 'OUT-12']);
  });

  it('replays a command that was deferred before a crash, exactly once', async () => {
    const w = await world();
    // what a process that died after deferring leaves behind
    await w.db.pendingRequest.create({
      data: {
        key: 'discord:999000111',
        at: new Date(),
        platform: 'discord',
        actor: 'zhang',
        text: JSON.stringify({ command: 'new', values: { text: '崩溃前受理的投诉', channel: 'phone' } }),
        replyTo: null,
      },
    });
    const { DiscordInteractions } = await import('../../src/platforms/discord/interactions.ts');
    const again = new DiscordInteractions({
      desk: w.core.desk,
      clock: w.clock,
      journal: w.core.store,
      cases: w.core.store,
      log: { info() {}, warn() {}, error() {} },
    });
    expect(await again.replayPending({ patch: async () => undefined })).toBe(1);
    expect(await again.replayPending({ patch: async () => undefined })).toBe(0);
    const cases = await w.db.case.findMany({ where: { matter: '崩溃前受理的投诉' } });
    expect(cases).toHaveLength(1);
  });

  it('defers when the work is slow and edits the ephemeral reply afterwards', async () => {
    const w = await world({ deferAfterMs: 50 });
    // A slow database: the use case does not finish until the test lets it (after the defer threshold has passed).
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const handle = w.core.desk.handle.bind(w.core.desk);
    w.core.desk.handle = async (...args) => {
      await slow;
      return handle(...args);
    };
    const cb = await w.slash(zhang, 'new', NEW_C1);
    expect(cb.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    // deferred = acknowledged: the command was journalled before the defer, and the journal is cleared once done
    expect(await w.db.pendingRequest.count()).toBe(1);
    expect(await w.db.case.count()).toBe(0);
    release();
    await expect.poll(() => w.db.pendingRequest.count()).toBe(0);
    expect(data(cb).flags).toBe(MessageFlags.Ephemeral);
    const edit = await w.fake.waitFor(() => w.fake.callsTo('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/)[0]);
    expect(edit.body.content).toBe(t(L, 'ack_new', { id: 'C1' }));
  });
});
