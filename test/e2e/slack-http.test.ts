/**
 * The Slack front end in HTTP mode, end to end: real Bolt behind src/serve.ts, a fake Slack Web API, signed
 * requests. Slash commands, the `new` modal, card buttons, the card + thread + chat.update, nags with real
 * mentions, the replay guard, and retried requests. Each test starts on a fresh harness (a new database, the clock
 * at 08:00) and makes the cases it needs itself, so the tests run alone, in any order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/core/domain/time.ts';
import type { RecordedCall } from '../fakes/fake-slack.ts';
import { nowSeconds, postSigned, slashCommandBody } from '../fakes/slack-signing.ts';
import { SECRET, boxes, radio, sel, startSlackHarness, txt, type SlackHarness } from './slack-harness.ts';

type Block = {
  type: string;
  block_id?: string;
  elements?: { action_id?: string; value?: string }[];
  element?: { type: string; options?: unknown[] };
};
const TZ = 'Asia/Shanghai';

describe('Slack front end (HTTP mode)', () => {
  let h: SlackHarness;
  const posts = (pred: (c: RecordedCall) => boolean = () => true) =>
    h.slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && pred(c));

  beforeEach(async () => {
    h = await startSlackHarness('http');
  });
  afterEach(async () => {
    await h?.close();
  });

  /** zhang opens C1 at OUT-12 (08:00) and its card is posted to the sub-branch group. */
  const openC1 = async () => {
    expect(
      (await h.command('U0ZHANG', 'new unit=OUT-12 category=urgent_cash customer=王芳 phone=13800001111 取不出钱 / 当天取现5000元')).status,
    ).toBe(200);
    await expect.poll(() => h.db.cardRef.count({ where: { caseId: 1, platform: 'slack' } }), { timeout: 30_000 }).toBe(1);
  };
  /** zhang assigns C1 to yang, who hears it by DM. */
  const assignYang = async () => {
    await h.command('U0ZHANG', 'assign C1 <@U0YANG|yang.slack>');
    await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DU0YANG');
  };
  /** li (leader above OUT-12) takes C1 and marks it on site, by the card's buttons. */
  const liTakesAndArrives = async () => {
    await h.click('U0LI', 'take', 'C1');
    await h.slack.waitFor((c) => c.method === 'response_url' && String(c.body.text).includes('<@U0LI>'));
    const before = h.slack.callsTo('response_url').length;
    await h.click('U0LI', 'on_site', 'C1');
    await h.slack.waitForCount('response_url', before + 1);
    expect((await h.server.core.store.getCase(1))?.status).toBe('on_site');
  };

  it('checked the token with auth.test at start-up and serves /healthz and /metrics on the same port', async () => {
    expect(h.slack.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
    const health = await fetch(`${h.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: 'ok', slack: 'http' });
    const metrics = await fetch(`${h.server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/complaint_outbox_backlog \d+/);
  });

  it('/complaint new with text opens a case: the ack carries it, the card reaches the group channel', async () => {
    const res = await h.command(
      'U0ZHANG',
      'new unit=OUT-12 category=urgent_cash customer=王芳 phone=13800001111 取不出钱 / 当天取现5000元',
    );
    expect(res.status).toBe(200);
    const ack = JSON.parse(res.text) as { response_type: string; text: string; blocks: Block[] };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('C1');
    expect(ack.blocks.some((b) => b.type === 'actions')).toBe(true);
    expect(await h.caseCount()).toBe(1);

    const card = await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.status === 200 && c.body.channel === 'C0SB01');
    const blocks = card.body.blocks as Block[];
    expect(blocks[0].type).toBe('header');
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual([
      'case_take',
      'case_on_site',
      'case_replied',
      'case_reported',
      'case_resolve',
      'case_escalate',
    ]);
    expect(actions.elements!.every((e) => e.value === 'C1')).toBe(true);
    // the customer is masked, the owner is a real mention
    expect(JSON.stringify(blocks)).toContain('王*');
    expect(JSON.stringify(blocks)).not.toContain('13800001111');
    expect(card.body.text).toContain('<@U0ZHANG>');
    await expect.poll(() => h.db.cardRef.count()).toBe(1);
    const ref = await h.db.cardRef.findFirst({ where: { caseId: 1, platform: 'slack' } });
    expect(ref).toMatchObject({ channel: 'C0SB01' });
    expect(ref!.messageId).toMatch(/^\d+\.\d+$/);
  });

  it('show answers with the card; a bad command gets one clear ephemeral error; a stranger is refused politely', async () => {
    await openC1();
    const show = JSON.parse((await h.command('U0ZHANG', 'show c1')).text) as { text: string; blocks: Block[] };
    expect(show.blocks[0].type).toBe('header');
    expect(show.text).toContain('C1');

    const before = await h.db.outboxMessage.count();
    const bad = JSON.parse((await h.command('U0ZHANG', 'arrive C99')).text) as { response_type: string; text: string };
    expect(bad.response_type).toBe('ephemeral');
    expect(bad.text).toContain('C99');
    expect(bad.text).toContain('/complaint arrive CASE');
    const badValue = JSON.parse((await h.command('U0ZHANG', 'new phone=12ab 柜台排队')).text) as { text: string };
    expect(badValue.text).toMatch(/phone/);
    expect(await h.caseCount()).toBe(1);
    expect(await h.db.outboxMessage.count()).toBe(before);

    const stranger = JSON.parse((await h.command('U0NOBODY', 'new 有人插队')).text) as { response_type: string; text: string };
    expect(stranger.response_type).toBe('ephemeral');
    expect(stranger.text).toContain('<@U0NOBODY>');
    expect(stranger.text).toMatch(/名单|roster/);
    expect(await h.caseCount()).toBe(1);
  });

  it('assign with a Slack mention (<@U…|name>) is translated to the roster handle', async () => {
    await openC1();
    const res = JSON.parse((await h.command('U0ZHANG', 'assign C1 <@U0YANG|yang.slack>')).text) as { text: string };
    expect(res.text).toContain('<@U0YANG>');
    const c = await h.server.core.store.getCase(1);
    expect(c?.handlerHandle).toBe('yang');
    // the handler hears it by DM (conversations.open → chat.postMessage to the DM channel)
    await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DU0YANG');
    expect(h.slack.callsTo('conversations.open').some((c) => c.body.users === 'U0YANG')).toBe(true);
  });

  const cardTs = async (caseId: number) =>
    (await h.db.cardRef.findFirstOrThrow({ where: { caseId, platform: 'slack', channel: 'C0SB01' } })).messageId;

  it('later posts of the case go in the card thread and the card is edited', async () => {
    await openC1();
    await assignYang();
    const ts = await cardTs(1);
    const threaded = await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === ts);
    expect(threaded.body.channel).toBe('C0SB01');
    const update = await h.slack.waitFor((c) => c.method === 'chat.update' && c.body.ts === ts);
    expect(update.body.channel).toBe('C0SB01');
    expect((update.body.blocks as Block[])[0].type).toBe('header');
    // the edited card shows the new handler
    expect(JSON.stringify(update.body.blocks)).toContain('<@U0YANG>');
  });

  it('buttons run the same use cases with the same permissions', async () => {
    await openC1();
    await assignYang();
    // ma works at another outlet: not C1's opener, owner or handler, and no leader above it
    expect((await h.click('U0MA', 'take', 'C1')).status).toBe(200);
    const refusal = await h.slack.waitFor((c) => c.method === 'response_url' && String(c.body.text).includes('C1'));
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refusal.body.text)).toMatch(/无权|may not/);
    expect((await h.server.core.store.getCase(1))?.handlerHandle).toBe('yang');

    // li leads the sub-branch group above OUT-12, so li may take the case
    await h.click('U0LI', 'take', 'C1');
    await h.slack.waitFor((c) => c.method === 'response_url' && String(c.body.text).includes('<@U0LI>'));
    expect((await h.server.core.store.getCase(1))?.handlerHandle).toBe('li');

    const before = h.slack.callsTo('response_url').length;
    await h.click('U0LI', 'on_site', 'C1');
    await h.slack.waitForCount('response_url', before + 1);
    expect((await h.server.core.store.getCase(1))?.status).toBe('on_site');
  });

  it('nags mention people with <@U…>, go in the thread, broadcast, and a breach DMs the handler', async () => {
    await openC1();
    await assignYang();
    await liTakesAndArrives();
    const ts = await cardTs(1);
    // C1 was received 08:00; reply is due 12:00 (reminder at 80 %: 11:12)
    await h.advanceTo(atLocal('2026-12-01', '12:01', TZ).getTime());
    await h.drain();
    const breach = posts(
      (c) => String(c.body.text).includes('C1') && /超时|overdue/.test(String(c.body.text)) && c.body.channel === 'C0SB01',
    );
    expect(breach.length).toBeGreaterThanOrEqual(1);
    expect(breach[0].body.thread_ts).toBe(ts);
    expect(breach[0].body.reply_broadcast).toBe('true');
    expect(String(breach[0].body.text)).toContain('<@U0LI>');
    expect(String(breach[0].body.text)).toContain('<@U0ZHANG>');
    expect(String(breach[0].body.text)).not.toMatch(/(^|\s)@li\b/);
    // the handler (li) gets the breach in a DM too
    const dm = posts((c) => c.body.channel === 'DU0LI' && /超时|overdue/.test(String(c.body.text)));
    expect(dm.length).toBeGreaterThanOrEqual(1);
    const reminder = posts((c) => /提醒|reminder/.test(String(c.body.text)) && String(c.body.text).includes('C1'));
    expect(reminder.length).toBeGreaterThanOrEqual(1);
  });

  it('posts the end-of-day summary to each branch group and the province, with its chart uploaded (§8)', async () => {
    await openC1();
    await h.advanceTo(atLocal('2026-12-01', '20:01', TZ).getTime());
    await h.drain();
    const summaries = posts((c) => /投诉日报|daily complaint summary/.test(String(c.body.text)));
    expect(summaries.map((c) => c.body.channel).sort()).toEqual(['C0BR01', 'C0BR02', 'C0PROV']);
    const uploads = h.slack.callsTo('files.completeUploadExternal').filter((c) => c.status === 200);
    expect(uploads.map((c) => c.body.channel_id).sort()).toEqual(['C0BR01', 'C0BR02', 'C0PROV']);
    const bytes = h.slack.callsTo('upload');
    expect(bytes.length).toBeGreaterThanOrEqual(3);
  });

  it('/complaint new without text opens the modal; a bad field is shown inline, a good submission opens a case', async () => {
    const res = await h.command('U0ZHANG', 'new', { trigger: 'trig-modal-1' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const open = await h.slack.waitFor((c) => c.method === 'views.open' && c.body.trigger_id === 'trig-modal-1');
    const view = open.body.view as { callback_id: string; private_metadata: string; blocks: Block[] };
    expect(view.callback_id).toBe('complaint_new');
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).toEqual(['opt_unit', 'opt_category', 'opt_channel', 'opt_customer', 'opt_phone', 'opt_vip', 'opt_text', 'opt_request']);
    expect(view.blocks.find((b) => b.block_id === 'opt_category')!.element!.options).toHaveLength(15);
    expect(view.blocks.find((b) => b.block_id === 'opt_channel')!.element!.options).toHaveLength(13);
    expect(view.blocks.find((b) => b.block_id === 'opt_vip')!.element!.type).toBe('checkboxes');

    const values = (phone: string) => ({
      opt_unit: { unit: sel('OUT-12') },
      opt_category: { category: sel('waiting') },
      opt_channel: { channel: sel('walk_in') },
      opt_customer: { customer: txt('李雷') },
      opt_phone: { phone: txt(phone) },
      opt_vip: { vip: boxes('yes') },
      opt_text: { text: txt('排队两小时') },
      opt_request: { request: txt('要求道歉') },
    });
    const before = await h.caseCount();
    const bad = await h.submit('U0ZHANG', {
      id: 'V-new-1',
      callback_id: 'complaint_new',
      private_metadata: view.private_metadata,
      values: values('12ab'),
    });
    expect(bad.status).toBe(200);
    const errors = JSON.parse(bad.text) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors)).toEqual(['opt_phone']);
    expect(errors.errors.opt_phone).toMatch(/phone/);
    expect(await h.caseCount()).toBe(before);

    const good = await h.submit('U0ZHANG', {
      id: 'V-new-1',
      callback_id: 'complaint_new',
      private_metadata: view.private_metadata,
      values: values('13800002222'),
    });
    const done = JSON.parse(good.text) as { response_action: string; view: { blocks: Block[] } };
    expect(done.response_action).toBe('update');
    expect(await h.caseCount()).toBe(before + 1);
    const c = await h.server.core.store.getCase(before + 1);
    expect(c).toMatchObject({
      category: 'waiting',
      vip: true,
      customerPhone: '13800002222',
      matter: '排队两小时',
      request: '要求道歉',
      unitCode: 'OUT-12',
    });
    await h.slack.waitFor(
      (x) => x.method === 'chat.postMessage' && JSON.stringify(x.body.blocks ?? '').includes(`"value":"C${before + 1}"`),
    );
  });

  it('the resolve button opens a small modal for fault and validity, and its submission resolves the case', async () => {
    await openC1();
    const id = `C${await h.caseCount()}`;
    await h.click('U0ZHANG', 'resolve', id);
    const open = await h.slack.waitFor(
      (c) => c.method === 'views.open' && (c.body.view as { callback_id?: string }).callback_id === 'complaint_resolve',
    );
    const view = open.body.view as { private_metadata: string; blocks: Block[] };
    expect(view.blocks.map((b) => b.block_id)).toEqual(['opt_fault', 'opt_valid', 'opt_text']);
    const missing = JSON.parse(
      (
        await h.submit('U0ZHANG', {
          id: 'V-res-1',
          callback_id: 'complaint_resolve',
          private_metadata: view.private_metadata,
          values: {
            opt_fault: { fault: sel('shared') },
            opt_valid: { valid: { type: 'radio_buttons', selected_option: null } },
            opt_text: { text: txt('') },
          },
        })
      ).text,
    ) as { errors: Record<string, string> };
    expect(Object.keys(missing.errors)).toEqual(['opt_valid']);
    const ok = JSON.parse(
      (
        await h.submit('U0ZHANG', {
          id: 'V-res-1',
          callback_id: 'complaint_resolve',
          private_metadata: view.private_metadata,
          values: { opt_fault: { fault: sel('shared') }, opt_valid: { valid: radio('no') }, opt_text: { text: txt('已致歉') } },
        })
      ).text,
    ) as { response_action: string };
    expect(ok.response_action).toBe('update');
    const c = await h.server.core.store.getCase(Number(id.slice(1)));
    expect(c).toMatchObject({ status: 'resolved', responsibility: 'shared', validity: 'special' });
  });

  it('rejects a bad signature, a stale timestamp and a future timestamp with 401, changing nothing', async () => {
    const before = { cases: await h.caseCount(), calls: h.slack.calls.length };
    const body = slashCommandBody({ text: 'new 伪造的投诉', user_id: 'U0ZHANG', channel_id: 'C0SB01' });
    expect((await postSigned(h.eventsUrl, SECRET, body, { badSignature: true })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, SECRET, body, { timestamp: nowSeconds() - 600 })).status).toBe(401);
    // Bolt alone accepts this one: the replay guard must refuse it
    expect((await postSigned(h.eventsUrl, SECRET, body, { timestamp: nowSeconds() + 120 })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, SECRET, body, { headers: { 'X-Slack-Request-Timestamp': 'soon' } })).status).toBe(401);
    // a little clock skew is fine; and this answer, sent after them, drains the refused ones (a 401 is answered
    // before any listener could run)
    expect(
      (
        await postSigned(h.eventsUrl, SECRET, slashCommandBody({ text: 'help', user_id: 'U0ZHANG', channel_id: 'C0SB01' }), {
          timestamp: nowSeconds() + 30,
        })
      ).status,
    ).toBe(200);
    expect(await h.caseCount()).toBe(before.cases);
    // no listener ran: nothing was said about the forged complaint, nobody was answered
    expect(h.slack.calls.slice(before.calls).filter((c) => c.method === 'response_url' || JSON.stringify(c.body).includes('伪造'))).toEqual(
      [],
    );
  });

  it('a command slower than the ack budget is acked "in hand" and answered on the response_url', async () => {
    h.tuning.deferAfterMs = 0;
    try {
      const before = await h.caseCount();
      const res = JSON.parse((await h.command('U0ZHANG', 'new unit=OUT-12 存单无法查询')).text) as { text: string };
      expect(res.text).toMatch(/正在处理|working on it/);
      const late = await h.slack.waitFor((c) => c.method === 'response_url' && String(c.body.text).includes(`C${before + 1}`));
      expect(late.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(await h.caseCount()).toBe(before + 1);
    } finally {
      h.tuning.deferAfterMs = undefined;
    }
  });

  it('a retried request (X-Slack-Retry-Num) creates no second case and gets the same answer', async () => {
    const before = await h.caseCount();
    const body = slashCommandBody({ text: 'new unit=OUT-11 ATM吞卡', user_id: 'U0MA', channel_id: 'C0SB01', trigger_id: 'trig-retry-1' });
    const first = await postSigned(h.eventsUrl, SECRET, body);
    const again = await postSigned(h.eventsUrl, SECRET, body, { retryNum: 1, retryReason: 'http_timeout' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text).text).toBe(JSON.parse(first.text).text);
    expect(await h.caseCount()).toBe(before + 1);
  });
});
