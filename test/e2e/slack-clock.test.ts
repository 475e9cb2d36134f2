/** SPEC §16 on Slack (HTTP mode, real Bolt, the fake Web API): promise, formal, callback and scorecard as slash commands. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../fakes/fake-slack.ts';
import { startSlackHarness, type SlackHarness } from './slack-harness.ts';

describe('Slack front end: §16 commands', () => {
  let h: SlackHarness;
  const posts = (pred: (c: RecordedCall) => boolean = () => true) =>
    h.slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && pred(c));
  const answer = async (user: string, text: string) =>
    JSON.parse((await h.command(user, text)).text) as { response_type: string; text: string };

  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('promise (an unquoted date and time), callback with the unsatisfied post, formal refused on the wrong category, scorecard privately', async () => {
    expect((await answer('U0ZHANG', 'new unit=OUT-12 category=cutover phone=13800001111 转账失败')).text).toContain('C1');
    const promise = await answer('U0ZHANG', 'promise C1 by=2026-12-01 18:00 系统恢复后办理');
    expect(promise.response_type).toBe('ephemeral');
    expect(promise.text).toContain('已承诺客户 2026-12-01 18:00 前办结');
    const formal = await answer('U0ZHANG', 'formal C1');
    expect(formal.text).toContain('/complaint formal 只用于第3类');
    await answer('U0ZHANG', 'reply C1 已按统一口径解释');
    expect((await answer('U0ZHANG', 'callback C1 result=unsatisfied')).text).toContain('回访：不满意');
    await h.drain();
    const post = posts((c) => String(c.body.text ?? '').includes('回访不满意'));
    expect(post).toHaveLength(1);
    expect(String(post[0].body.text)).toContain('<@U0LI>');
    const card = await answer('U0LI', 'scorecard unit=SB01');
    expect(card.response_type).toBe('ephemeral');
    expect(card.text).toMatch(/城东支行\(SB01\) 合计: 1 \| 0 \| 0 \| 0 \| 0 \| 1 \| 0%/);
  });
});
