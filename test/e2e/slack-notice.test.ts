/**
 * §15.5 on Slack (the real Bolt app against the fake Slack): `/complaint contacts` is an ephemeral answer and posts
 * nothing; `/complaint notice` names the PDF and uploads it to the channel the command came from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

describe('Slack: contacts and the outage notice', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers /complaint contacts ephemerally and posts nothing', async () => {
    const res = await h.command('U0ZHANG', 'contacts unit=SB01', { channel: 'C0SB01' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('13900000032');
    expect(body.text).toContain('0571-87000032');
    expect(body.text).toContain('一分行保卫科 0571-87001110');
    await h.drain();
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('uploads the outage notice to the channel of the command', async () => {
    const res = await h.command('U0ZHANG', 'notice', { channel: 'C0SB01' });
    expect(res.status).toBe(200);
    const done = await h.slack.waitFor((c) => c.method === 'files.completeUploadExternal' && c.status === 200);
    expect(done.body.channel_id).toBe('C0SB01');
    const upload = h.slack.callsTo('files.getUploadURLExternal').find((c) => c.body.filename === 'notice-OUT-12.pdf');
    expect(upload).toBeTruthy();
    expect(Number(upload!.body.length)).toBeGreaterThan(10_000);
  });
});
