/**
 * §14 the handling form (客户投诉处理单) as a PDF: what a PDF tool reads from it and what a render shows. Needs
 * poppler-utils (pdftotext, pdftoppm): .ci/run installs it; without it (outside CI) these tests skip and say why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster, Roster } from '../../src/core/domain/roster.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { renderCaseForm, receivedText } from '../../src/reports/case-form.ts';
import { FULL_PHONE, MASKED_PHONE, formFixture } from '../helpers/form-fixture.ts';
import { drawnInk, hasPoppler, inkShare, pageWords, pdfPages, pdfText, renderGray, wordBox } from '../helpers/pdf.ts';
import { at } from '../helpers/records.ts';

const poppler = hasPoppler();
if (!poppler && process.env.CI) throw new Error('poppler-utils (pdftotext, pdftoppm) is missing: .ci/run installs it');

const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));
const en = new Roster({ ...roster.settings, locale: 'en' }, roster.units, roster.members);
const asOf = at(600);
/** a Chinese word drawn in 9 pt fills about a third of its box with ink; an empty box has none */
const DRAWN = 0.1;

describe.skipIf(!poppler)('the handling form (PDF)', () => {
  it('the chat copy: case id, 受理时间 with weekday and the masked phone are in the text; the customer is masked', async () => {
    const pdf = await renderCaseForm(roster, formFixture(), { masked: true, asOf });
    const text = pdfText(pdf);
    expect(text).toContain('客户投诉处理单');
    expect(text).toContain('C12');
    expect(text).toContain('受理时间');
    expect(text).toContain(receivedText('zh-CN', at(0), roster.settings.timezone));
    expect(text).toMatch(/2026年12月01日 08时30分 星期二/);
    expect(text).toContain(MASKED_PHONE);
    expect(text).not.toContain(FULL_PHONE);
    expect(text).not.toContain('李小红');
    for (const w of [
      '受理形式',
      '投诉事由',
      '客户要求',
      '处理指引',
      '首问负责人',
      '承办人',
      '办理环节与时限',
      '升级情况',
      '处理结果',
      '责任认定',
      '投诉性质',
      '统计口径',
      '处理过程记录',
    ])
      expect(text, w).toContain(w);
    // each step with whether it met its deadline; the escalation's reason; the class
    expect(text).toMatch(/到场\s+2026-12-01 10:00\s+2026-12-01 10:10\s+超时完成/);
    expect(text).toContain('媒体风险');
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('the archive copy shows the customer whole', async () => {
    const text = pdfText(await renderCaseForm(roster, formFixture(), { masked: false, asOf }));
    expect(text).toContain(FULL_PHONE);
    expect(text).toContain('李小红');
    expect(text).not.toContain(MASKED_PHONE);
  });

  it('renders: the page is not blank and the Chinese labels are drawn where the text layer says they are', async () => {
    const pdf = await renderCaseForm(roster, formFixture(), { masked: true, asOf });
    expect(inkShare(renderGray(pdf, 50))).toBeGreaterThan(0.02);
    for (const w of ['客户投诉处理单', '受理时间', '投诉事由']) expect(drawnInk(pdf, w), w).toBeGreaterThan(DRAWN);
  });

  it('the intake channel is ticked: ink in its box, none in the others', async () => {
    const pdf = await renderCaseForm(roster, formFixture(), { masked: true, asOf });
    const boxInk = (word: string) => {
      const b = wordBox(pdf, word)!;
      // the box is drawn just left of its word: measure its inside, not its border
      return inkShare(renderGray(pdf, 300, { x: b.x - 8.2, y: b.y + b.h / 2 - 2.2, w: 4.4, h: 4.4 }));
    };
    expect(boxInk('来电')).toBeGreaterThan(0.1);
    expect(boxInk('来访')).toBeLessThan(0.02);
    expect(boxInk('来函')).toBeLessThan(0.02);
  });

  it('the check catches a form whose Chinese is not drawn: a font without CJK, or a text layer with no glyphs', async () => {
    const noCjk = await renderCaseForm(roster, formFixture(), {
      masked: true,
      asOf,
      fonts: { regular: 'Helvetica', bold: 'Helvetica-Bold' },
    });
    expect(inkShare(renderGray(noCjk, 50))).toBeGreaterThan(0.02); // Latin garbage is drawn, so "not blank" alone would pass
    expect(drawnInk(noCjk, '受理时间')).toBeLessThan(DRAWN);
    // text render mode 3: the text layer is right, nothing is drawn
    const invisible = await renderCaseForm(roster, formFixture(), {
      masked: true,
      asOf,
      decorate: (doc) => {
        const add = doc.addContent.bind(doc);
        doc.addContent = (s: string) => add(s === 'BT' ? 'BT 3 Tr' : s);
      },
    });
    expect(pdfText(invisible)).toContain('受理时间');
    expect(drawnInk(invisible, '受理时间')).toBeLessThan(DRAWN);
  });

  it('en: the same form in English', async () => {
    const pdf = await renderCaseForm(en, formFixture(), { masked: true, asOf });
    const text = pdfText(pdf);
    expect(text).toContain('Customer complaint handling form');
    expect(text).toContain('Received at');
    expect(text).toMatch(/2026-12-01 08:30 Tue/);
    expect(text).toContain(MASKED_PHONE);
    expect(drawnInk(pdf, '城东第十二网点(OUT-12)')).toBeGreaterThan(DRAWN); // the roster's Chinese names still draw
  });

  it('a long timeline goes on over pages, each numbered, none blank', async () => {
    const data = formFixture();
    for (let i = 0; i < 80; i++) data.timeline.push({ ...data.timeline[2], at: at(300 + i), text: `跟进记录 ${i}` });
    const pdf = await renderCaseForm(roster, data, { masked: true, asOf });
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(text).toContain('跟进记录 79');
    expect(text).toContain(`第 ${pages} 页/${pages}`);
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('long notes (~1,900 characters) break across pages cleanly: nothing past the bottom margin, the footer alone below the table, no mostly blank page', async () => {
    const word = '客户在切换期间柜面无法取款，多次排队仍未办理，情绪激动要求立即处理并给出说法';
    for (const [r, fill] of [
      [roster, word],
      [en, 'The customer could not withdraw cash during the cutover and queued twice; they want it settled today. '],
    ] as const) {
      const data = formFixture();
      for (let i = 0; i < 4; i++)
        data.timeline.push({ ...data.timeline[2], at: at(300 + i), text: `N${i} ${fill.repeat(80).slice(0, 1900)} E${i}` });
      const pdf = await renderCaseForm(r, data, { masked: true, asOf });
      const pages = pageWords(pdf);
      // the table ends 20 pt above the bottom margin (36 pt); the footer line is the only text below it
      const tableEnd = pages[0].h - 36 - 20;
      pages.forEach((p, i) => {
        const below = p.words.filter((w) => w.y + w.h > tableEnd);
        const footer = p.words.filter((w) => w.y > tableEnd + 4 && w.y + w.h < p.h - 36 + 2);
        expect(below.map((w) => w.text).join(' '), `page ${i + 1}`).toBe(footer.map((w) => w.text).join(' '));
        expect(footer.map((w) => w.text).join(' ')).toMatch(new RegExp(`C12.*${i + 1}.*/${pages.length}`));
        // no cell border runs into the footer's band (ink in the band is the footer's text only)
        const band = renderGray(pdf, 72, { x: 36, y: tableEnd + 1, w: 523, h: 6 }, i + 1);
        expect(inkShare(band), `page ${i + 1} band`).toBe(0);
        // every page but the last is filled: its lowest text is in the bottom fifth of the page
        if (i < pages.length - 1)
          expect(Math.max(...p.words.filter((w) => w.y < tableEnd).map((w) => w.y + w.h)), `page ${i + 1}`).toBeGreaterThan(p.h * 0.8);
      });
      // every note is whole, from its first word to its last
      const text = pdfText(pdf).replace(/\s+/g, '');
      for (let i = 0; i < 4; i++) {
        expect(text).toContain(`N${i}`);
        expect(text).toContain(`E${i}`);
      }
    }
  }, 60_000);
});
