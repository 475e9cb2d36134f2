/**
 * §15.1 and §15.6 on Slack (the real Bolt app against the fake Slack): a 95566 case typed by the province's hotline
 * agent reaches the outlet contact as a direct message (masked number), its card carries the 已联系客户 button, and
 * `/complaint phone` answers ephemerally to the contact only, audited; a stranger is refused and shown nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

type Block = { type: string; elements?: { action_id?: string }[] };

describe('Slack: the 95566 hand-off and the number on demand', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('hands the case to the outlet contact by direct message, masked; phone is ephemeral and audited', async () => {
    const res = await h.command('U0TANG', 'new unit=OUT-12 channel=hotline customer=王芳 phone=13900002222 排队两小时无人处理', {
      channel: 'C0PROV',
    });
    expect(res.status).toBe(200);
    const ack = JSON.parse(res.text) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('<@U0ZHANG>');
    await h.drain();
    const dm = await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.status === 200 && c.body.channel === 'DU0ZHANG' && /95566/.test(String(c.body.text)),
    );
    expect(h.slack.callsTo('conversations.open').some((c) => c.body.users === 'U0ZHANG')).toBe(true);
    expect(String(dm.body.text)).toContain('139****2222');
    expect(String(dm.body.text)).toContain('/complaint phone C1');
    expect(JSON.stringify(h.slack.calls)).not.toContain('13900002222');
    // the group card carries the contacted button while the call is owed
    const card = h.slack.callsTo('chat.postMessage').find((c) => c.status === 200 && c.body.channel === 'C0SB01')!;
    const actions = (card.body.blocks as Block[]).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toContain('case_contacted');

    const phone = JSON.parse((await h.command('U0ZHANG', 'phone C1')).text) as { response_type: string; text: string };
    expect(phone.response_type).toBe('ephemeral');
    expect(phone.text).toContain('13900002222');
    expect(phone.text).toContain('王芳');
    const stranger = JSON.parse((await h.command('U0MA', 'phone C1')).text) as { response_type: string; text: string };
    expect(stranger.response_type).toBe('ephemeral');
    expect(stranger.text).not.toContain('13900002222');
    expect(stranger.text).not.toContain('王芳');
    await h.drain();
    // nothing but the ephemeral answer carried the number
    const posted = JSON.stringify(h.slack.callsTo('chat.postMessage').map((c) => c.body));
    expect(posted).not.toContain('13900002222');
    const viewed = await h.db.timelineEntry.findMany({ where: { caseId: 1, action: 'phone_viewed' } });
    expect(viewed.map((e) => e.actor)).toEqual(['zhang']);

    // the 已联系客户 button completes the contact deadline
    const click = await h.click('U0ZHANG', 'contacted', 'C1');
    expect(click.status).toBe(200);
    const told = await h.slack.waitFor(
      (c) => c.method === 'response_url' && /C1/.test(String(c.body.text)) && String(c.body._id).startsWith('btn-'),
    );
    expect(told.body).toMatchObject({ response_type: 'ephemeral' });
    expect((await h.db.deadline.findFirst({ where: { caseId: 1, kind: 'contact' } }))?.state).toBe('done');
  });
});
