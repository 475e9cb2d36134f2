/**
 * §13 in a real browser: Debian's chromium driven by playwright-core against the board on loopback (SQLite, a
 * virtual clock). The link shows the scope's open cases and not a sibling branch's; a case opened through the core
 * appears without a reload; countdowns tick; a breach on the virtual clock turns the row red; a case opens with its
 * card and timeline; the wall view (tv=1) is kept as a screenshot in both locales under test/artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startBoardRig, type BoardRig } from '../helpers/board.ts';

// The page's globals, for the callbacks that run inside the browser. This file is type-checked with Node's types only:
// pulling in the DOM library would replace Node's fetch and FormData types for every test.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const getComputedStyle: (e: unknown) => { fontSize: string };
type HTMLDialogElement = { open: boolean };
type HTMLImageElement = { complete: boolean; naturalWidth: number };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
const rosterText = readFileSync(join(PROJECT_ROOT, 'examples', 'demo-roster.yml'), 'utf8');
const rosterIn = (locale: 'zh-CN' | 'en') => parseRoster(rosterText.replace(/^(\s+locale:).*$/m, `$1 ${locale}`));
if (!existsSync(CHROMIUM)) console.warn(`board browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

describe.skipIf(!existsSync(CHROMIUM))('the board in a real browser (§13)', () => {
  let browser: Browser;
  let rig: BoardRig;
  const clock = new ManualClock('2026-12-01T01:00:00Z'); // 09:00 Asia/Shanghai
  const roster = rosterIn('zh-CN');
  const run = async (who: string, line: string) => {
    const r = await rig.core.desk.handleText(who, line);
    expect(r.ok, r.text).toBe(true);
    rig.board.server.poke();
    return r;
  };

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    rig = await startBoardRig({ roster, clock, tuning: { hub: { pollMs: 100 } }, log: createLogger('warn') });
    await run('zhang', '/complaint new unit=OUT-12 category=atm channel=phone customer=王小明 phone=13812345678 取款机吞卡 / 尽快退卡');
    await run('feng', '/complaint new unit=BR02 channel=phone customer=赵六 phone=13900001111 兄弟分行的案件');
    clock.advance(10 * 60_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('shows the scope, live updates, ticking countdowns, a breach in red, and a case card', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const res = await page.goto(rig.linkFor('liu')); // BR01's leader: the BR01 subtree
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res?.headers()['set-cookie']).toBeUndefined();
    await page.waitForFunction(() => !!document.querySelector('li.case[data-id="C1"]'));
    expect(await page.locator('li.case[data-id="C2"]').count()).toBe(0); // BR02 is a sibling branch
    const row = await page.locator('li.case[data-id="C1"]').innerText();
    expect(row).toContain('138****5678'); // masked as in chat
    expect(row).not.toContain('13812345678');
    expect(row).not.toContain('王小明');
    await page.waitForFunction(() => document.getElementById('live')?.classList.contains('on'));
    await page.waitForFunction(() => document.querySelectorAll('#tiles .tile').length > 0);

    // a countdown ticks every second
    const first = await page.locator('li.case[data-id="C1"] .due .ct').innerText();
    await page.waitForFunction((t) => document.querySelector('li.case[data-id="C1"] .due .ct')?.textContent !== t, first, { timeout: 3000 });

    // a case opened through the core appears without a reload, within 2 s
    await run('zhang', '/complaint new unit=OUT-12 category=transaction channel=phone 系统切换后无法转账');
    await page.waitForFunction(() => !!document.querySelector('li.case[data-id="C3"]'), undefined, { timeout: 2000 });
    // a sibling branch's new case does not
    await run('feng', '/complaint new unit=BR02 channel=phone 另一分行');
    await page.waitForFunction(() => !document.querySelector('li.case[data-id="C4"]') && document.querySelectorAll('li.case').length === 2);

    // the virtual clock passes C1's on-site deadline: the scheduler's breach reaches the board and the row turns red
    expect(await page.locator('li.case[data-id="C1"]').getAttribute('class')).not.toContain('red');
    clock.advance(55 * 60_000);
    await new Scheduler(rig.core.desk.ctx, rig.core.store, clock, []).tick();
    await page.waitForFunction(() => document.querySelector('li.case[data-id="C1"]')?.classList.contains('red'), undefined, { timeout: 2000 });
    expect(await page.locator('li.case[data-id="C1"] .due').innerText()).toMatch(/已超时\s+0:0[45]:\d\d/);
    // C3's on-site hour has 5 minutes (≤ 20 %) left: amber
    await page.waitForFunction(() => document.querySelector('li.case[data-id="C3"]')?.classList.contains('amber'));
    expect(await page.locator('li.case[data-id="C3"]').getAttribute('class')).not.toContain('red');

    // an escalation reaches the feed
    await run('zhang', '/complaint escalate C1 客户要求见行长');
    await page.waitForFunction(() => !!document.querySelector('#feed li[data-case="C1"]'), undefined, { timeout: 2000 });

    // a resolved case leaves the list
    await run('zhang', '/complaint resolve C3 fault=not_at_fault valid=no 已处理');
    await page.waitForFunction(() => !document.querySelector('li.case[data-id="C3"]'), undefined, { timeout: 2000 });

    // a click opens the card and the timeline
    await page.locator('li.case[data-id="C1"] a.cid').click();
    await page.waitForFunction(() => (document.getElementById('case') as HTMLDialogElement).open);
    const card = await page.locator('#case-body').innerText();
    expect(card).toContain('C1');
    expect(card).toContain('138****5678');
    expect(card).toContain('@zhang');
    await page.locator('#case button').click();

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'board-desk-zh-CN.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a phone can use it: one column, no horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(rig.linkFor('zhang'));
    await page.waitForFunction(() => document.querySelectorAll('#tiles .tile').length > 0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'board-phone-zh-CN.png') });
    await page.close();
  }, 30_000);

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`the wall view (tv=1) in ${locale} on 1920×1080: large type, no controls`, async () => {
      const other = locale === 'zh-CN' ? null : await startBoardRig({ roster: rosterIn(locale), clock, core: rig.core });
      try {
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.goto(`${(other ?? rig).linkFor('chen')}&tv=1`); // the province's leader
        await page.waitForFunction(() => document.querySelectorAll('#tiles .tile').length > 0 && document.querySelectorAll('li.case').length >= 3);
        await page.waitForFunction(() => (document.getElementById('chart') as HTMLImageElement).complete && (document.getElementById('chart') as HTMLImageElement).naturalWidth > 0);
        expect(await page.locator('body').getAttribute('class')).toBe('tv');
        expect(await page.locator('#more').isVisible()).toBe(false);
        const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
        expect(size).toBeGreaterThanOrEqual(20);
        const text = await page.locator('body').innerText();
        expect(text).toContain(locale === 'en' ? 'Open cases' : '未办结案件');
        await page.screenshot({ path: join(ARTIFACTS, `board-tv-${locale}.png`) });
        // a list longer than the screen scrolls itself
        await page.setViewportSize({ width: 1920, height: 400 });
        await page.waitForFunction(() => (document.scrollingElement?.scrollTop ?? 0) > 0);
        await page.close();
      } finally {
        await other?.close();
      }
    }, 30_000);
  }
});
