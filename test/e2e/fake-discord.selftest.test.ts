/**
 * Proves test/fakes/fake-discord.ts against a bare, real discord.js Client (no project code).
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  ActionRowBuilder,
  TextInputBuilder,
  TextInputStyle,
  Routes,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { InteractionResponseType, type APIInteractionResponse } from 'discord-api-types/v10';
import { startFakeDiscord, type FakeDiscord, type FakeChatInputInteraction } from '../fakes/fake-discord.ts';

const APP_ID = '1100000000000000001';
const GUILD_ID = '1100000000000000002';
const CHANNEL_ID = '1100000000000000003';
const OTHER_CHANNEL_ID = '1100000000000000004';
const alice = { id: '1100000000000000010', username: 'alice' };

// Compile-time guard (checked by `tsc`, not by vitest): a hand-written payload missing fields is rejected.
// @ts-expect-error entitlements, authorizing_integration_owners, context, member, ... are missing
const _incomplete: FakeChatInputInteraction = { id: '1', type: 2, token: 't', application_id: APP_ID, version: 1 };
void _incomplete;

function callbackContent(body: APIInteractionResponse): { content?: string; flags?: number } {
  return 'data' in body && body.data ? (body.data as { content?: string; flags?: number }) : {};
}

describe('fake Discord with a bare discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;
  let readyMs = 0;
  const seen: Interaction[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({
      applicationId: APP_ID,
      guildId: GUILD_ID,
      channels: [
        { id: CHANNEL_ID, name: 'complaints' },
        { id: OTHER_CHANNEL_ID, name: 'escalations' },
      ],
      members: [alice],
    });
    client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.restUrl, globalRequestsPerSecond: 10_000 },
    });

    client.on(Events.InteractionCreate, async (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) {
        const sub = interaction.options.getSubcommand();
        const ref = interaction.options.getString('ref', true);
        const amount = interaction.options.getInteger('amount');
        const urgent = interaction.options.getBoolean('urgent');
        const rate = interaction.options.getNumber('rate');
        await interaction.reply({
          content: `${sub}:${ref}:${amount}:${urgent}:${rate}`,
          flags: MessageFlags.Ephemeral,
        });
      } else if (interaction.isButton()) {
        if (interaction.customId === 'open-modal') {
          await interaction.showModal(
            new ModalBuilder()
              .setCustomId('complaint-modal')
              .setTitle('New complaint')
              .addComponents(
                new ActionRowBuilder<TextInputBuilder>().addComponents(
                  new TextInputBuilder().setCustomId('summary').setLabel('Summary').setStyle(TextInputStyle.Short),
                ),
              ),
          );
        } else {
          await interaction.reply({ content: `clicked ${interaction.customId}`, flags: MessageFlags.Ephemeral });
        }
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({
          content: `summary=${interaction.fields.getTextInputValue('summary')}`,
          flags: MessageFlags.Ephemeral,
        });
      } else if (interaction.isAutocomplete()) {
        const typed = String(interaction.options.getFocused());
        await interaction.respond([{ name: `REF-${typed}`, value: `REF-${typed}` }]);
      }
    });

    const ready = once(client, Events.ClientReady);
    const t0 = Date.now();
    await client.login('fake.bot.token');
    await ready;
    readyMs = Date.now() - t0;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('becomes ready quickly (GUILD_CREATE received, no 15 s guild wait)', () => {
    expect(readyMs).toBeLessThan(2_000);
    expect(fake.gatewayIdentifies).toBe(1);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(CHANNEL_ID)?.name).toBe('complaints');
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(guild?.roles.everyone.id).toBe(GUILD_ID);
    expect(client.application?.id).toBe(APP_ID);
  });

  it('records guild command registration and echoes ids', async () => {
    const res = (await client.rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), {
      body: [
        {
          name: 'complaint',
          description: 'Complaint desk',
          options: [
            {
              type: 1,
              name: 'open',
              description: 'Open a complaint',
              options: [
                { type: 3, name: 'ref', description: 'Reference', required: true, autocomplete: true },
                { type: 4, name: 'amount', description: 'Amount' },
                { type: 5, name: 'urgent', description: 'Urgent' },
                { type: 10, name: 'rate', description: 'Rate' },
              ],
            },
          ],
        },
      ],
    })) as Array<{ id: string; name: string; application_id: string }>;
    expect(res).toHaveLength(1);
    expect(res[0].id).toMatch(/^\d{17,20}$/);
    expect(res[0].application_id).toBe(APP_ID);
    const puts = fake.callsTo('PUT', /^\/applications\/\d+\/guilds\/\d+\/commands$/);
    expect(puts).toHaveLength(1);
    expect(puts[0].status).toBe(200);
    expect(fake.guildCommands.get(GUILD_ID)?.[0].name).toBe('complaint');
  });

  it('delivers a chat-input command with typed subcommand options; reply reaches the callback route', async () => {
    const interaction = fake.chatInputInteraction({
      user: alice,
      channelId: CHANNEL_ID,
      name: 'complaint',
      subcommand: 'open',
      // 'rate' is declared as Number (type 10) by the registered command, so 2 is sent as a Number option
      options: { ref: 'CMP-1', amount: 250, urgent: true, rate: 2 },
    });
    const body = await fake.sendInteraction(interaction);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callbackContent(body).content).toBe('open:CMP-1:250:true:2');
    expect(callbackContent(body).flags).toBe(MessageFlags.Ephemeral);
    const cb = fake.callsTo('POST', new RegExp(`^/interactions/${interaction.id}/[^/]+/callback$`));
    expect(cb).toHaveLength(1);
    expect(cb[0].status).toBe(204);
    const got = seen.find((i) => i.id === interaction.id);
    expect(got?.isChatInputCommand()).toBe(true);
    expect(got?.user.id).toBe(alice.id);
    expect(got?.guildId).toBe(GUILD_ID);
  });

  it('delivers a button click and a modal submit', async () => {
    const click = await fake.sendInteraction(fake.buttonInteraction({ user: alice, channelId: CHANNEL_ID, customId: 'ack:CMP-1' }));
    expect(callbackContent(click).content).toBe('clicked ack:CMP-1');

    const modalOpen = await fake.sendInteraction(fake.buttonInteraction({ user: alice, channelId: CHANNEL_ID, customId: 'open-modal' }));
    expect(modalOpen.type).toBe(InteractionResponseType.Modal);

    const submit = await fake.sendInteraction(
      fake.modalSubmitInteraction({ user: alice, channelId: CHANNEL_ID, customId: 'complaint-modal', fields: { summary: 'card blocked' } }),
    );
    expect(callbackContent(submit).content).toBe('summary=card blocked');

    const submitLabel = await fake.sendInteraction(
      fake.modalSubmitInteraction({
        user: alice,
        channelId: CHANNEL_ID,
        customId: 'complaint-modal',
        fields: { summary: 'v2' },
        layout: 'label',
      }),
    );
    expect(callbackContent(submitLabel).content).toBe('summary=v2');
  });

  it('delivers autocomplete', async () => {
    const body = await fake.sendInteraction(
      fake.autocompleteInteraction({
        user: alice,
        channelId: CHANNEL_ID,
        name: 'complaint',
        subcommand: 'open',
        options: { ref: '12' },
        focused: 'ref',
      }),
    );
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body).toMatchObject({ data: { choices: [{ name: 'REF-12', value: 'REF-12' }] } });
  });

  it('retries a channel send after a 429 and delivers it exactly once', async () => {
    fake.rateLimitNext(new RegExp(`^/channels/${OTHER_CHANNEL_ID}/messages$`), 1, 0.25);
    const channel = client.channels.cache.get(OTHER_CHANNEL_ID) as TextChannel;
    const t0 = Date.now();
    const msg = await channel.send({ content: 'status update', files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'report.csv' }] });
    const elapsed = Date.now() - t0;
    expect(msg.content).toBe('status update');
    expect(msg.attachments.first()?.name).toBe('report.csv');
    const posts = fake.callsTo('POST', new RegExp(`^/channels/${OTHER_CHANNEL_ID}/messages$`));
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(posts[1].files[0]).toMatchObject({ filename: 'report.csv', size: 8 });
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeGreaterThanOrEqual(240);
  });

  it('turns failNext into a DiscordAPIError', async () => {
    fake.failNext(/\/messages$/, 1, 403, { code: 50013, message: 'Missing Permissions' });
    const channel = client.channels.cache.get(CHANNEL_ID) as TextChannel;
    await expect(channel.send('x')).rejects.toMatchObject({ status: 403, code: 50013 });
  });

  it('resumes after dropGateway and still delivers interactions (missed ones replayed)', async () => {
    const resumed = once(client, Events.ShardResume);
    await fake.dropGateway();
    // Sent while the socket is down: buffered and replayed on RESUME.
    const pending = fake.sendInteraction(
      fake.chatInputInteraction({ user: alice, channelId: CHANNEL_ID, name: 'complaint', subcommand: 'open', options: { ref: 'CMP-2' } }),
    );
    await resumed;
    expect(fake.gatewayResumes).toBe(1);
    expect(fake.gatewayIdentifies).toBe(1);
    expect(callbackContent(await pending).content).toBe('open:CMP-2:null:null:null');

    const after = await fake.sendInteraction(
      fake.chatInputInteraction({ user: alice, channelId: CHANNEL_ID, name: 'complaint', subcommand: 'open', options: { ref: 'CMP-3' } }),
    );
    expect(callbackContent(after).content).toBe('open:CMP-3:null:null:null');
  });
});
