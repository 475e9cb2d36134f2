import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { readViewValues, validateModal } from '../../src/platforms/slack/blocks.ts';
import { fromSlackText, toSlackText } from '../../src/platforms/slack/slack-text.ts';

const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));

describe('Slack text', () => {
  it('turns roster @handles into real mentions, escapes control characters, and adds missing mentions', () => {
    expect(toSlackText(roster, '请 @zhang @li. 处理 <C1> & 跟进', ['zhang', 'chen'])).toBe(
      '请 <@U0ZHANG> <@U0LI>. 处理 &lt;C1&gt; &amp; 跟进\n<@U0CHEN>',
    );
    // not a member, an e-mail address: left alone
    expect(toSlackText(roster, '@nobody mail a@zhang.cn')).toBe('@nobody mail a@zhang.cn');
  });

  it('reads escaped slash-command text back into the grammar', () => {
    expect(fromSlackText(roster, 'assign C1 <@U0LI|li.na>')).toBe('assign C1 @li');
    expect(fromSlackText(roster, 'assign C1 <@U0STRANGER>')).toBe('assign C1 @U0STRANGER');
    expect(fromSlackText(roster, 'note C1 see <https://x.test/a|the log> &amp; <#C0SB01|sb01> &lt;3')).toBe(
      'note C1 see the log & #sb01 <3',
    );
  });
});

describe('modal values', () => {
  const def = findCommand('new')!;
  it('reads selects, checkboxes and text, joining the request after " / "', () => {
    const raw = readViewValues(def, {
      opt_unit: { unit: { type: 'static_select', selected_option: { value: 'OUT-12' } } },
      opt_vip: { vip: { type: 'checkboxes', selected_options: [] } },
      opt_phone: { phone: { type: 'plain_text_input', value: null } },
      opt_text: { text: { type: 'plain_text_input', value: ' 排队 ' } },
      opt_request: { request: { type: 'plain_text_input', value: '道歉' } },
    });
    expect(raw).toEqual({ unit: 'OUT-12', vip: 'no', text: '排队 / 道歉' });
  });

  it('reports every bad field at once, keyed by block', () => {
    const res = validateModal(def, { phone: '12ab', customer: 'x'.repeat(51) }, 'en');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(Object.keys(res.errors).sort()).toEqual(['opt_customer', 'opt_phone', 'opt_text']);
    const ok = validateModal(def, { phone: '138 0000 1111', text: '排队' }, 'en');
    expect(ok.ok && (ok.parsed.values as Record<string, unknown>).phone).toBe('13800001111');
  });
});
