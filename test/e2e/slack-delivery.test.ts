/**
 * Nothing acknowledged is lost: while Slack answers 429 and 500 (or a card edit keeps failing), commands are
 * still acked at once, and once Slack is back every notification arrives exactly once, in order per case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../fakes/fake-slack.ts';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

describe('Slack delivery through the outbox', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  const delivered = () => h.slack.callsTo('chat.postMessage').filter((c) => c.status === 200);

  it('a Slack outage (503, then 429) delays notifications but never loses or repeats one', async () => {
    h.slack.setOutage(503);
    const acks: string[] = [];
    for (const text of [
      'new unit=OUT-12 category=atm ATM吞卡',
      'new unit=OUT-31 category=waiting 排队太久',
      'new unit=OUT-12 channel=regulator 客户向银监局投诉',
      'note C1 客户说要找记者曝光',
      'assign C2 @song',
    ]) {
      const res = await h.command(text.includes('C2') || text.includes('OUT-31') ? 'U0HU' : 'U0ZHANG', text);
      expect(res.status).toBe(200);
      acks.push(JSON.parse(res.text).text as string);
    }
    expect(acks.every((a) => !/出错|went wrong/.test(a))).toBe(true);
    expect(await h.caseCount()).toBe(3);

    // a few passes fail while Slack is down (500), then while it rate-limits (429)
    await h.drain(4);
    h.slack.setOutage(429, { retryAfter: 1 });
    await h.drain(4);
    const failedSoFar = h.slack.calls.filter((c) => c.status === 429 || c.status === 503).length;
    expect(failedSoFar).toBeGreaterThan(0);
    expect(delivered()).toHaveLength(0);
    expect(await h.server.core.store.outboxBacklog()).toBeGreaterThan(0);

    // Slack comes back, but chat.update fails twice more: posts already made are not made again
    h.slack.setOutage(null);
    h.slack.failNext('chat.update', 2, 500);
    h.slack.failNext('chat.postMessage', 2, 429, { retryAfter: 1 });
    await h.drain(60);
    expect(await h.server.core.store.outboxBacklog()).toBe(0);

    const outbox = await h.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(outbox.every((m) => m.status === 'sent')).toBe(true);
    // every outbox message went out exactly once (a breach would add a DM; there are none here)
    const posts = delivered();
    expect(posts).toHaveLength(outbox.length);
    const texts = posts.map((p) => `${p.body.channel}|${p.body.thread_ts ?? ''}|${p.body.text}`);
    expect(new Set(texts).size).toBe(texts.length);

    // per case, the card comes first and everything else is in its thread, in outbox order
    for (const caseId of [1, 2, 3]) {
      const refs = await h.db.cardRef.findMany({ where: { caseId, platform: 'slack' } });
      expect(refs.length).toBeGreaterThanOrEqual(1);
      const home = refs[0];
      const inChannel = posts.filter(
        (p) => p.body.channel === home.channel && (p.body.thread_ts === home.messageId || String(p.body.text).includes(`C${caseId}`)),
      );
      const first = inChannel.findIndex((p: RecordedCall) => Array.isArray(p.body.blocks));
      expect(first).toBe(0);
    }
    // and in outbox order per case, by the key each post carries
    const keyOf = (p: RecordedCall) => {
      const meta = typeof p.body.metadata === 'string' ? JSON.parse(p.body.metadata) : p.body.metadata;
      return String((meta as { event_payload?: { key?: string } })?.event_payload?.key ?? '').replace(/#\w+$/, '');
    };
    const sentOrder = posts.map(keyOf);
    for (const caseId of [1, 2, 3]) {
      const expected = outbox.filter((m) => m.caseId === caseId).map((m) => m.key);
      expect(sentOrder.filter((k) => expected.includes(k))).toEqual(expected);
    }
    // escalations (skip-level C3, media note on C1) reach the province channel
    expect(posts.some((p) => p.body.channel === 'C0PROV' && String(p.body.text).includes('C3'))).toBe(true);
    expect(posts.some((p) => p.body.channel === 'C0PROV' && String(p.body.text).includes('C1'))).toBe(true);
    // the DM for the assignment arrived once
    expect(posts.filter((p) => p.body.channel === 'DU0SONG')).toHaveLength(1);
  });
});
