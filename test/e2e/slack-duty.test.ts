/**
 * §12 on Slack (HTTP mode, real Bolt against the fake Slack): duty, duty take, log and worklog as slash commands;
 * the handover as a Block Kit card in the group channel with real mentions; an escalation mentioning who is on duty.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import type { RecordedCall } from '../fakes/fake-slack.ts';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

type Block = { type: string; text?: { type: string; text: string } };

describe('Slack: §12 duty, handover, log, worklog', () => {
  let h: SlackHarness;
  const posts = (pred: (c: RecordedCall) => boolean = () => true) =>
    h.slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && pred(c));
  const answer = async (user: string, text: string) => {
    const res = await h.command(user, text);
    expect(res.status).toBe(200);
    return JSON.parse(res.text) as { response_type: string; text: string };
  };

  beforeAll(async () => {
    h = await startSlackHarness('http', { ROSTER: join(PROJECT_ROOT, 'examples', 'duty-roster.yml') });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the 08:00 handover is a card in the branch channel: header, real mentions of who comes and goes', async () => {
    await h.drain();
    const card = posts((c) => c.body.channel === 'C0BR01' && Array.isArray(c.body.blocks) && String(c.body.text).includes('交接班'))[0];
    expect(card).toBeDefined();
    const blocks = card.body.blocks as Block[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: '一分行(BR01) 交接班 2026-12-01 08:00' } });
    expect(blocks[1].text!.text).toContain('接班：<@U0ZHAO>');
    expect(blocks[1].text!.text).toContain('交班：<@U0QIAN>');
  });

  it('duty, duty take (refused, then taken with its card), log masked, worklog: answers are ephemeral', async () => {
    await h.advanceTo(atLocal('2026-12-01', '10:00', 'Asia/Shanghai').getTime());
    const duty = await answer('U0HE', 'duty');
    expect(duty.response_type).toBe('ephemeral');
    expect(duty.text).toContain('城东支行(SB01) 当前值守：<@U0HE> 至 21:00');
    const refused = await answer('U0ZHANG', 'duty take unit=BR01');
    expect(refused.text).toContain('您不能在「一分行(BR01)」值守');
    const taken = await answer('U0ZHANG', 'duty take until=12:00');
    expect(taken.text).toContain('您已在 城东第十二网点(OUT-12) 接班值守，至 12:00');
    const log = await answer('U0ZHANG', 'log 客户13800001111来电，已安抚');
    expect(log.text).toContain('客户138****1111来电，已安抚');
    await h.drain();
    const card = posts((c) => c.body.channel === 'C0SB01' && String(c.body.text).includes('城东第十二网点(OUT-12) 交接班'))[0];
    expect((card.body.blocks as Block[])[1].text!.text).toContain('接班：<@U0ZHANG>');
    const worklog = await answer('U0LI', 'worklog unit=SB01');
    expect(worklog.text).toContain('日志：客户138****1111来电，已安抚');
    expect(JSON.stringify(h.slack.calls)).not.toContain('13800001111');
  });

  it('an escalation mentions the leaders and the members on duty in each channel’s unit', async () => {
    await answer('U0ZHANG', 'new unit=OUT-12 客户说要找记者曝光');
    await h.drain();
    const esc = posts((c) => c.body.channel === 'C0BR01' && String(c.body.text).includes('升级·媒体风险'))[0];
    expect(String(esc.body.text)).toContain('请 <@U0CHEN> <@U0ZHOU> <@U0ZHAO> 关注');
  });
});
