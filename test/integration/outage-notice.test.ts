/**
 * §15.5 `/complaint notice [unit=CODE]`: the outage notice as an A4 PDF drawn with the form's font and renderer; its
 * text read back with pdftotext and its glyphs checked on a render (pdftoppm). A missing number is named and the PDF
 * still made; a unit with no number at all is refused and nothing is written. A drill keeps its notices in its own
 * folder, never under the live data/.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type AppCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { runDrill } from '../../src/cli/drill.ts';
import { demoRosterText } from '../helpers/desk.ts';
import { drawnInk, hasPoppler, pdfPages, pdfText } from '../helpers/pdf.ts';

const poppler = hasPoppler();
let dir: string | undefined;
let core: AppCore | undefined;
afterEach(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  core = undefined;
  dir = undefined;
});

async function desk(text = demoRosterText()) {
  dir = mkdtempSync(join(tmpdir(), 'cd-notice-'));
  const roster = parseRoster(text);
  const clock = new ManualClock(atLocal('2026-12-01', '09:00', roster.settings.timezone));
  core = await createCore({ databaseUrl: `file:${join(dir, 'db.sqlite')}`, roster, clock, formsDir: join(dir, 'forms') });
  return core.desk;
}
const abs = (p: string) => (isAbsolute(p) ? p : join(process.cwd(), p));

describe('/complaint notice', () => {
  it('renders the outage notice: unit, explanation, window, head and enquiry contact with both numbers, 24小时开机, the hotline', async () => {
    const text = demoRosterText()
      .replace('  hotline: "95566"', '  hotline: "95566"\n  cutover: { outage_from: "2026-12-05 18:00", outage_to: "2026-12-07 08:00" }')
      // SB01 gets a second liaison-free head: its leader li heads it, he is the enquiry contact
      .replace('unit: OUT-12, role: handler', 'unit: OUT-12, role: leader');
    const d = await desk(text);
    const r = await d.handleText('yang', '/complaint notice unit=out-12');
    expect(r.ok, r.text).toBe(true);
    expect(r.file?.filename).toBe('notice-OUT-12.pdf');
    expect(abs(r.file!.path)).toBe(join(dir!, 'forms', 'notice-OUT-12.pdf'));
    expect(r.text).toContain(r.file!.path);
    expect(r.text).not.toContain('名单缺少');
    const pdf = readFileSync(abs(r.file!.path));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!poppler) return;
    expect(pdfPages(pdf)).toBe(1);
    const body = pdfText(pdf).replace(/[ \t]+/g, ' ');
    for (const s of [
      '停业公告',
      '城东第十二网点',
      '核心系统升级切换',
      '停业时间：2026-12-05 18:00 至 2026-12-07 08:00',
      '负责人 杨洋 0571-87100012 13800000012',
      '业务咨询受理人 张伟 0571-87100000 13800000000',
      '24小时开机',
      '24小时客服热线：95566',
    ])
      expect(body).toContain(s);
    // the glyphs are drawn, not only in the text layer
    for (const w of ['停业公告', '城东第十二网点', '0571-87100000']) expect(drawnInk(pdf, w)).toBeGreaterThan(0.03);
  });

  it('a missing number is named in the answer and the PDF is still made; the window is left out when not set', async () => {
    const d = await desk(demoRosterText().replace(', office_phone: "0571-87100000"', ''));
    const r = await d.handleText('zhang', '/complaint notice');
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('名单缺少：负责人 张伟 的办公电话、业务咨询受理人 张伟 的办公电话');
    expect(existsSync(abs(r.file!.path))).toBe(true);
    if (!poppler) return;
    const body = pdfText(readFileSync(abs(r.file!.path))).replace(/[ \t]+/g, ' ');
    expect(body).toContain('张伟 未登记 13800000000');
    expect(body).not.toContain('停业时间');
  });

  it('a unit with no contact at all is refused naming what is missing, and no file is written', async () => {
    const d = await desk(
      demoRosterText().replace(
        '  - { code: OUT-32,',
        '  - { code: OUT-99, name: 空网点, level: outlet, parent: SB03 }\n  - { code: OUT-32,',
      ),
    );
    const r = await d.handleText('zhang', '/complaint notice unit=OUT-99');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('空网点(OUT-99)');
    expect(r.text).toContain('负责人（组长、副组长、联络人）');
    expect(r.text).toContain('业务咨询受理人（联络人）');
    expect(r.text).toContain('/complaint notice [unit=CODE]');
    expect(existsSync(join(dir!, 'forms'))).toBe(false);
    const unknown = await d.handleText('zhang', '/complaint notice unit=NOPE');
    expect(unknown.ok).toBe(false);
  });

  it('in English with the roster locale en', async () => {
    const d = await desk(demoRosterText().replace('locale: zh-CN', 'locale: en'));
    const r = await d.handleText('zhang', '/complaint notice');
    expect(r.text).toMatch(/^The outage notice of 城东第十二网点\(OUT-12\) is ready: /);
    if (!poppler) return;
    const body = pdfText(readFileSync(abs(r.file!.path)));
    expect(body).toContain('Notice of temporary closure');
    expect(body).toContain('24-hour service hotline: 95566');
  });
});

describe('a drill', () => {
  it('writes its notices in its own folder, not under the live data/', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-notice-drill-'));
    const script = join(dir, 't.drill');
    writeFileSync(
      script,
      `@date 2026-12-01\n@roster ${join(PROJECT_ROOT, 'examples', 'demo-roster.yml')}\n09:00 zhang: /complaint notice\n`,
    );
    const live = join(process.cwd(), 'data', 'forms', 'notice-OUT-12.pdf');
    const liveBefore = existsSync(live) ? readFileSync(live) : null;
    const docs = join(dir, 'documents');
    const out = await runDrill(script, { documentsDir: docs, until: '09:30' });
    const ack = out.find((m) => m.kind === 'ack')!;
    expect(ack.text).toContain(join(docs, 'notice-OUT-12.pdf'));
    expect(existsSync(join(docs, 'notice-OUT-12.pdf'))).toBe(true);
    expect(existsSync(live) ? readFileSync(live) : null).toEqual(liveBefore);
  });
});
