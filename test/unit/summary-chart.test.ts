import { describe, expect, it } from 'vitest';
import type { DailySummary } from '../../src/core/domain/daily-summary.ts';
import { detectCjkFont, drawsAll, renderSummaryChart } from '../../src/reports/summary-chart.ts';
import { emptyHourly, hourlyTotals, type HourlyRow } from '../../src/reports/hourly.ts';
import { cjkFontFiles } from '../../src/reports/fonts.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

function summaryOf(hourly: HourlyRow[], cats: { category: string; count: number }[]): DailySummary {
  const byClass = hourlyTotals(hourly);
  const received = byClass.not_counted + byClass.consultation + byClass.complaint;
  return {
    unit: 'BR01',
    date: '2026-12-01',
    stats: {
      received,
      open: Math.floor(received / 3),
      resolved: received - Math.floor(received / 3),
      ...byClass,
      overdue: byClass.complaint,
      escalated: 1,
      carried_over: 0,
      carried_over_overdue: 0,
      callbacks: 0,
      satisfaction: null,
    },
    byUnitCategory: cats.map((c) => ({ unit: 'OUT-12', ...c })),
    byClass,
    byResponsibility: {},
    compliance: {},
    escalations: [],
    openCases: [],
    lateTransfers: [],
    hotCategories: cats.slice(0, 3),
    hotUnits: received ? [{ unit: 'OUT-12', count: received }] : [],
    focusGroups: { cash: 0, card: 0, personal: 0 },
    text: '',
  };
}

const busyHourly = emptyHourly().map((r) =>
  r.hour >= 8 && r.hour < 18 ? { ...r, not_counted: (r.hour % 4) + 1, consultation: r.hour % 3, complaint: r.hour === 10 ? 3 : 0 } : r,
);
const busy = summaryOf(busyHourly, [
  { category: 'waiting', count: 12 },
  { category: 'cutover', count: 8 },
  { category: 'urgent_cash', count: 4 },
  { category: 'repeat', count: 2 },
]);
const empty = summaryOf(emptyHourly(), []);
const cjkFont = detectCjkFont();

describe('summary chart (§8)', () => {
  it('is a 1000×600 PNG that differs between an empty and a busy day', async () => {
    const a = await renderSummaryChart(empty, [], { locale: 'zh-CN' });
    const b = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN' });
    for (const { png } of [a, b]) {
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(size(png)).toEqual({ width: 1000, height: 600 });
    }
    expect(a.png.equals(b.png)).toBe(false);
    // the same input draws the same picture
    expect((await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN' })).png.equals(b.png)).toBe(true);
  });

  it('honours a requested size', async () => {
    const { png } = await renderSummaryChart(busy, busyHourly, { locale: 'en', width: 800, height: 480 });
    expect(size(png)).toEqual({ width: 800, height: 480 });
  });

  it('falls back to English labels when told to (as when no CJK font is found), never drawing a CJK title', async () => {
    const forced = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN', english: true, title: '一分行 2026-12-01 投诉日报' });
    expect(forced.cjk).toBe(false);
    // the Chinese title is replaced by the English one: same picture as with no title given
    const plain = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN', english: true });
    expect(forced.png.equals(plain.png)).toBe(true);
    // and an English-locale roster gets the same English chart
    const en = await renderSummaryChart(busy, busyHourly, { locale: 'en' });
    expect(en.cjk).toBe(false);
    expect(en.png.equals(plain.png)).toBe(true);
  });

  it('ignores a font file that does not exist', async () => {
    const r = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN', fontFile: '/nonexistent/font.ttf' });
    expect(r.cjk).toBe(!!cjkFont);
  });

  it('tells empty boxes from real glyphs', () => {
    // a font only counts when the characters come out as real glyphs (Skia may borrow them from another
    // installed font); an unassigned code point is drawn as the same empty box as any other missing one
    expect(drawsAll('DejaVu Sans', 'abc')).toBe(true);
    expect(drawsAll('DejaVu Sans', '\uFFEF')).toBe(false);
    // the shipped CJK font draws Chinese, and still tells a missing character from a real one
    expect(drawsAll(cjkFont!, '投诉')).toBe(true);
    expect(drawsAll(cjkFont!, '\uFFEF')).toBe(false);
  });

  it('draws Chinese labels with the CJK font shipped through npm, whatever the machine has installed', async () => {
    expect(cjkFont).toMatch(/^complaint-desk-cjk-/);
    expect(drawsAll(cjkFont!, '投诉统计热点类别')).toBe(true);
    const zh = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN' });
    expect(zh.cjk).toBe(true);
    expect(zh.font).toBe(cjkFont);
    const en = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN', english: true });
    expect(zh.png.equals(en.png)).toBe(false);
  });

  it('uses a font file it is given', async () => {
    const given = cjkFontFiles().bold;
    const r = await renderSummaryChart(busy, busyHourly, { locale: 'zh-CN', fontFile: given });
    expect(r.cjk).toBe(true);
    expect(r.font).toMatch(/^complaint-desk-cjk-/);
    expect(r.font).not.toBe(cjkFont);
  });
});

describe('summary chart layout (issue 21 item 17)', () => {
  it("a bar's total never overlaps the legend, whatever hour holds the day's peak", async () => {
    const { loadImage, createCanvas } = await import('@napi-rs/canvas');
    /** the legend's band (under the panel title, above the plot), as pixels */
    const band = async (png: Buffer) => {
      const img = await loadImage(png);
      const c = createCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return Buffer.from(g.getImageData(78, 106, 640 - 78, 128 - 106).data);
    };
    const quiet = await band((await renderSummaryChart(empty, [], { locale: 'zh-CN' })).png);
    // peaks exactly on a tick (the bar reaches the top grid line) in the hours under the legend's words
    for (const peak of [10, 12, 20, 40]) {
      const hourly = emptyHourly().map((r) => (r.hour < 6 ? { ...r, not_counted: peak - 1, complaint: 1 } : r));
      const s = summaryOf(hourly, [{ category: 'waiting', count: peak * 6 }]);
      for (const locale of ['zh-CN', 'en'] as const) {
        const quietIn = locale === 'zh-CN' ? quiet : await band((await renderSummaryChart(empty, [], { locale })).png);
        expect((await band((await renderSummaryChart(s, hourly, { locale })).png)).equals(quietIn), `peak ${peak} ${locale}`).toBe(true);
      }
    }
  });
});
