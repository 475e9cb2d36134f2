/**
 * §14 `/complaint form CASE` on Slack (the real Bolt app against the fake Slack): the answer names the form, and the
 * PDF is uploaded into the case's thread, under its card, with files.uploadV2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

describe('Slack: the handling form', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is uploaded into the case thread', async () => {
    const opened = await h.command('U0ZHANG', 'new unit=OUT-12 phone=13800002222 取不出钱');
    expect(opened.status).toBe(200);
    await h.drain();
    const card = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.status === 200 && /C1/.test(String(c.body.text)) && c.body.channel === 'C0SB01');
    expect(card).toBeTruthy();
    const cardTs = await (async () => {
      const refs = await h.server.core.store.cardRefs(1, 'slack');
      return refs[0]?.messageId;
    })();
    expect(cardTs).toBeTruthy();

    const res = await h.command('U0YANG', 'form C1', { channel: 'C0SB01' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('C1.pdf');
    const done = await h.slack.waitFor(
      (c) => c.method === 'files.completeUploadExternal' && c.status === 200 && c.body.thread_ts === cardTs,
    );
    expect(done.body.channel_id).toBe('C0SB01');
    const upload = h.slack.callsTo('files.getUploadURLExternal').find((c) => c.body.filename === 'C1.pdf');
    expect(upload).toBeTruthy();
    expect(Number(upload!.body.length)).toBeGreaterThan(10_000);
  });
});
