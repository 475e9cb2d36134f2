/**
 * Issue 21 items 7 and 8: every payload the desk sends to Slack and Discord stays within the platforms' published
 * limits (src/platforms/slack/limits.ts, src/platforms/discord/limits.ts) with the largest realistic inputs: a
 * 2,000-character matter, a 200-entry timeline of long notes, a 40-unit province, a 300-case list. Nothing is cut
 * silently: the line that says how to see the rest ("N more: … page=2", "N earlier entries: /complaint form C1")
 * always arrives, and a province's summary arrives whole, in parts.
 */
import { REST } from 'discord.js';
import { webApi } from '@slack/bolt';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { bigDesk, BIG_UNITS, type BigDesk } from '../helpers/big-desk.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { SLACK_LIMITS, SLACK_REPLY_CHARS } from '../../src/platforms/slack/limits.ts';
import { blockChars, ephemeralAnswers, type Ephemeral } from '../../src/platforms/slack/replies.ts';
import { SlackNotifier } from '../../src/platforms/slack/slack-notifier.ts';
import { DISCORD_FOLLOW_UPS, DISCORD_REPLY_CHARS, LIMITS } from '../../src/platforms/discord/limits.ts';
import { DiscordInteractions } from '../../src/platforms/discord/interactions.ts';
import { DiscordNotifier, storeCardRefs } from '../../src/platforms/discord/notifier.ts';
import { embedsChars } from '../../src/platforms/discord/render.ts';
import { chartForSummary } from '../../src/reports/chart-for-summary.ts';
import { toSlackText } from '../../src/platforms/slack/slack-text.ts';
import type { OutboxRecord } from '../../src/core/domain/case.ts';
import { ALL_KINDS, type Notifier } from '../../src/core/ports/outbox.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

// ------------------------------------------------------------------ the limits, checked on every payload

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text?: string }[] };

function checkSlack(m: { text?: unknown; blocks?: unknown }, where: string): void {
  const text = String(m.text ?? '');
  expect(text.length, `${where}: text`).toBeLessThanOrEqual(SLACK_LIMITS.text);
  const blocks = (typeof m.blocks === 'string' ? JSON.parse(m.blocks) : (m.blocks ?? [])) as Block[];
  expect(blocks.length, `${where}: blocks`).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text!.text.length, `${where}: header`).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    else if (b.text) expect(b.text.text.length, `${where}: section`).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (b.fields) {
      expect(b.fields.length, `${where}: fields`).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const f of b.fields) expect(f.text.length, `${where}: field`).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    for (const e of b.elements ?? [])
      if (e.text && typeof e.text === 'string') expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  }
  expect(blockChars(blocks), `${where}: block text`).toBeLessThanOrEqual(SLACK_LIMITS.blockText);
}

function checkDiscord(m: { content?: unknown; embeds?: unknown }, where: string): void {
  expect(String(m.content ?? '').length, `${where}: content`).toBeLessThanOrEqual(LIMITS.content);
  const embeds = (m.embeds ?? []) as APIEmbed[];
  expect(embeds.length, `${where}: embeds`).toBeLessThanOrEqual(LIMITS.embeds);
  for (const e of embeds) {
    expect(e.description?.length ?? 0, `${where}: description`).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.title?.length ?? 0, `${where}: title`).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.fields?.length ?? 0, `${where}: fields`).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length, `${where}: field value`).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
  expect(embedsChars(embeds), `${where}: embeds in all`).toBeLessThanOrEqual(LIMITS.embedTotal);
}

const slackText = (ms: Ephemeral[]) =>
  ms.map((m) => [m.text, ...((m.blocks ?? []) as Block[]).map((b) => b.text?.text ?? '')].join('\n')).join('\n');
const discordText = (ms: { content?: string; embeds?: APIEmbed[] }[]) =>
  ms.map((m) => [m.content ?? '', ...(m.embeds ?? []).map((e) => e.description ?? '')].join('\n')).join('\n');

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`Slack and Discord limits with the largest inputs (${locale})`, () => {
    let big: BigDesk;
    let discord: DiscordInteractions;
    beforeAll(async () => {
      big = await bigDesk(locale);
      const store = big.t.core.store;
      discord = new DiscordInteractions({ desk: big.t.core.desk, clock: big.t.clock, journal: store, cases: store, log: silent });
    }, 120_000);
    afterAll(async () => {
      await big?.t.close();
    });

    const slackReply = async (who: string, line: string) => {
      const reply = await big.t.core.desk.handleText(who, line, { replyChars: SLACK_REPLY_CHARS });
      expect(reply.ok, reply.text).toBe(true);
      const sub = line.split(' ')[1];
      const ms = ephemeralAnswers(big.t.core.desk, { roster: big.t.core.roster, locale }, reply, sub);
      ms.forEach((m, i) => checkSlack(m, `${line} #${i + 1}`));
      expect(ms.length).toBeLessThanOrEqual(1 + SLACK_LIMITS.responses);
      return { reply, ms };
    };
    const discordReply = async (who: string, line: string) => {
      const reply = await big.t.core.desk.handleText(who, line, { replyChars: DISCORD_REPLY_CHARS });
      expect(reply.ok, reply.text).toBe(true);
      const ms = discord.render(reply, line.split(' ')[1] === 'new');
      ms.forEach((m, i) => checkDiscord(m, `${line} #${i + 1}`));
      expect(ms.length).toBeLessThanOrEqual(1 + DISCORD_FOLLOW_UPS);
      return { reply, ms };
    };

    it('`list` pages of a 300-case province fit one answer each, and every page says how to see the next', async () => {
      for (const [render, all] of [
        [slackReply, slackText],
        [discordReply, discordText],
      ] as const) {
        const seen = new Set<string>();
        for (let page = 1; ; page++) {
          const { reply, ms } = await (render as typeof slackReply)('chen', `/complaint list open unit=PROV page=${page}`);
          expect(ms).toHaveLength(1);
          for (const id of reply.text.match(/^ {2}C\d+/gm) ?? []) seen.add(id.trim());
          const more = /page=(\d+)\s*$/.exec(reply.text);
          if (!more) break;
          expect(Number(more[1])).toBe(page + 1);
          // the "N more" line is the answer's last line, and it reaches the platform
          expect((all as (m: unknown[]) => string)(ms)).toContain(reply.text.split('\n').at(-1));
        }
        expect(seen.size).toBe(300);
      }
    });

    it('`show` of a 2,000-character matter with 200 long notes caps the timeline and names the form', async () => {
      const earlier = new RegExp(`\\d+ ?[^\\n]*/complaint form ${big.bigCase}`);
      const s = await slackReply('zhang', `/complaint show ${big.bigCase}`);
      expect(s.ms).toHaveLength(1);
      expect(slackText(s.ms)).toMatch(earlier);
      const d = await discordReply('zhang', `/complaint show ${big.bigCase}`);
      expect(d.ms).toHaveLength(1);
      expect(discordText(d.ms)).toMatch(earlier);
      // the latest note is the one shown last
      const console = await big.t.core.desk.handleText('zhang', `/complaint show ${big.bigCase}`);
      expect(console.text.split('\n').at(-1)!.startsWith(d.reply.text.split('\n').at(-1)!.replace(/…$/, ''))).toBe(true);
      expect(console.text).not.toMatch(earlier);
      expect(console.text.split('\n').filter((l) => l.startsWith('  ')).length).toBeGreaterThanOrEqual(200);
    });

    it('a new case with a 2,000-character matter: the answer and its card', async () => {
      const matter = 'x'.repeat(1990);
      await slackReply('zhang', `/complaint new ${matter}`);
      await discordReply('zhang', `/complaint new ${matter}`);
    });

    it(`the summary of a ${BIG_UNITS}-unit province arrives whole, in parts`, async () => {
      for (const line of ['/complaint summary unit=PROV', '/complaint summary']) {
        const s = await slackReply('chen', line);
        const d = await discordReply('chen', line);
        const words = (x: string) => x.replace(/\s+/g, '');
        expect(words(s.ms.map((m) => m.text).join('')) === words(toSlackText(big.t.core.roster, s.reply.text))).toBe(true);
        expect(words(discordText(d.ms)) === words(d.reply.text)).toBe(true);
      }
    });

    it('the longest posts of every kind, and the summaries, go out through the real clients within the limits', async () => {
      const { core, clock } = big.t;
      // every message the desk wrote, up to the evening's summaries (kept by a recording notifier)
      const records: OutboxRecord[] = [];
      const recorder: Notifier = { platform: 'record', local: true, kinds: ALL_KINDS, send: async (m) => void records.push(m) };
      const scheduler = new Scheduler(core.desk.ctx, core.store, clock, [recorder], { owner: 'limits' });
      clock.set(atLocal('2026-12-01', '20:01', core.roster.settings.timezone));
      await scheduler.tick();
      expect(await core.store.outboxBacklog()).toBe(0);
      // the longest three of each kind, every summary, and every post about the big case's card
      const byKind = new Map<string, OutboxRecord[]>();
      for (const r of records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
      const chosen = new Set<OutboxRecord>(records.filter((r) => r.kind === 'summary' || (r.caseId === 1 && r.kind === 'case')));
      for (const list of byKind.values())
        for (const r of [...list].sort((a, b) => b.payload.text.length - a.payload.text.length).slice(0, 3)) chosen.add(r);
      expect([...chosen].some((r) => r.kind === 'summary' && r.toUnit === 'PROV')).toBe(true);

      const slack: FakeSlack = await startFakeSlack();
      const units = core.roster.units;
      const fake: FakeDiscord = await startFakeDiscord({
        applicationId: '800000000000000001',
        guildId: '800000000000000002',
        channels: units.flatMap((u) => (u.channels?.discord ? [{ id: u.channels.discord, name: u.code }] : [])),
        members: core.roster.members.flatMap((m) => (m.discord ? [{ id: m.discord, username: m.handle }] : [])),
      });
      try {
        const chart = async (summary: Parameters<typeof chartForSummary>[2]) => chartForSummary(core.store, core.roster, summary);
        const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
        const rest = new REST({ api: fake.restUrl, globalRequestsPerSecond: 10_000 }).setToken('token');
        const slackN = new SlackNotifier({ client, desk: core.desk, cards: core.store, cases: core.store, chart, clock, log: silent });
        const discordN = new DiscordNotifier({
          rest,
          roster: core.roster,
          locale,
          cards: storeCardRefs(core.store),
          log: silent,
          chart: (m) => chart(m.payload.summary as never),
        });
        for (const r of [...chosen].sort((a, b) => a.id - b.id)) {
          await slackN.send(r);
          await discordN.send(r);
        }
        const posts = slack.callsTo('chat.postMessage').concat(slack.callsTo('chat.update'));
        expect(posts.length).toBeGreaterThanOrEqual(chosen.size);
        for (const p of posts) checkSlack(p.body, `slack ${p.method}`);
        const sent = fake.calls.filter((c) => (c.method === 'POST' || c.method === 'PATCH') && /messages/.test(c.path));
        expect(sent.length).toBeGreaterThanOrEqual(chosen.size);
        for (const c of sent) checkDiscord((c.body ?? {}) as object, `discord ${c.path}`);
        // the province's summary is posted whole, in parts, on both
        const last = units.at(-1)!.code;
        const prov = units.find((u) => u.code === 'PROV')!.channels!;
        const inSlack = slack
          .callsTo('chat.postMessage')
          .filter((p) => p.body.channel === prov.slack)
          .map((p) => String(p.body.text));
        expect(inSlack.join('\n')).toContain(last);
        expect(inSlack.filter((x) => x.includes('PROV')).length).toBeGreaterThan(0);
        const inDiscord = sent.filter((c) => c.path === `/channels/${prov.discord}/messages`).map((c) => discordText([c.body]));
        expect(inDiscord.join('\n')).toContain(last);
      } finally {
        await slack.close();
        await fake.close();
      }
    }, 180_000);
  });
}
