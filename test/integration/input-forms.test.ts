/**
 * Issue 21 item 16: what help promises about typing works everywhere. A full-width slash starts a command in the
 * console too; an option's value with an unclosed quote is refused (never stored with the quote); a drill actor
 * written in capitals is the roster member, addressed by the roster's handle; zh-CN refusals name what is missing in
 * Chinese (no "command 太长", no "缺少TEXT").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { runConsole } from '../helpers/console.ts';
import { runDrill } from '../../src/cli/drill.ts';
import { MAX_INPUT } from '../../commands/parse.ts';

let d: TestDesk | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

/** The refusal's own sentence (the usage line after it is command syntax). */
const sentence = (s: string) => s.split('\n')[0];

describe('typing a command (issue 21 item 16)', () => {
  it('an option value whose quote is never closed is refused, naming it, and nothing is written', async () => {
    d = await testDesk();
    for (const line of ['/complaint new customer="王 小明 取不出钱', '/complaint new customer=“王 小明 取不出钱']) {
      const r = await d.run('zhang', line);
      expect(r.ok, r.text).toBe(false);
      expect(r.code).toBe('err_unclosed_quote');
      expect(sentence(r.text)).toContain('customer=');
      expect(sentence(r.text)).toMatch(/["”]/);
    }
    expect(await d.core.store.getCase(1)).toBeNull();
    // closed quotes still work, and a quote inside free text is only a character
    expect((await d.run('zhang', '/complaint new customer="王 小明" 取不出钱')).ok).toBe(true);
    expect((await d.core.store.getCase(1))!.customerName).toBe('王 小明');
    expect((await d.run('zhang', '/complaint note C1 客户说"再不处理就投诉')).ok).toBe(true);
  });

  it('zh-CN refusals of missing or too long input carry no English words', async () => {
    d = await testDesk();
    const cases: [string, RegExp][] = [
      ['/complaint new', /缺少文字内容/],
      ['/complaint show', /缺少/],
      [`/complaint new ${'长'.repeat(2001)}`, /^文字太长（2001 字）/],
      [`/complaint ${'x'.repeat(MAX_INPUT + 1)}`, /^命令太长/],
    ];
    for (const [line, want] of cases) {
      const r = await d.run('zhang', line);
      expect(r.ok).toBe(false);
      expect(sentence(r.text)).toMatch(want);
      expect(sentence(r.text).match(/[A-Za-z]{2,}/g), r.text).toBeNull();
    }
  });

  it('a drill actor written ZHANG: is the roster member @zhang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drill-'));
    const p = join(dir, 'caps.drill');
    writeFileSync(p, '@date 2026-12-01\n09:00 ZHANG: /complaint new 取不出钱\n09:05 Zhang: /complaint arrive C1\n');
    const out = await runDrill(p, { until: '09:10' });
    const replies = out.filter((m) => m.kind === 'ack' || m.kind === 'error');
    expect(replies.map((m) => [m.to, m.kind])).toEqual([
      ['@zhang', 'ack'],
      ['@zhang', 'ack'],
    ]);
    expect(out.some((m) => m.to === '@ZHANG' || m.to === '@Zhang')).toBe(false);
  });
});

describe('the console (issue 21 item 16)', () => {
  it('reads a line typed with a full-width slash as a command', async () => {
    const { code, out } = await runConsole('as zhang\n/complaint new 取不出钱\n／complaint show C1\n');
    expect(code).toBe(0);
    expect(out).not.toContain('未知');
    expect(out).toMatch(/✓ 【C1/);
  }, 60_000);
});
