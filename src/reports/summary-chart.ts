/**
 * The chart that goes with each end-of-day summary (§8): cases by hour of the day stacked by statistic class
 * (§7), and the day's hot spots. Drawn with @napi-rs/canvas (Skia, prebuilt binaries inside the npm packages).
 * Chinese labels use the CJK font shipped through npm (./fonts.ts, as the PDF forms do; a font file given in the
 * options comes first, system fonts last). A font counts only when it really draws the characters the chart
 * needs, so a missing or partial font falls back to English labels instead of empty boxes.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { STAT_CLASSES, type StatClass } from '../core/domain/categories.ts';
import { label, type Locale } from '../core/i18n/messages.ts';
import { CHART_WORDS } from '../core/i18n/chart-words.ts';
import type { DailySummary } from '../core/domain/daily-summary.ts';
import type { HourlyRow } from './hourly.ts';
import { shippedCjkFont } from './fonts.ts';

export interface SummaryChartOptions {
  locale: Locale;
  /** Shown at the top. Replaced by an English title when it needs a CJK font and none is available. */
  title?: string;
  /** Force the English labels (the fallback used when no CJK font is available). */
  english?: boolean;
  /** A font file to register and prefer for Chinese labels (TTF/OTF/TTC). */
  fontFile?: string;
  /** A unit's display name (e.g. from the roster); the code is shown without it. */
  unitName?: (code: string) => string | undefined;
  width?: number;
  height?: number;
}

export interface SummaryChart {
  png: Buffer;
  /** true when the labels are Chinese, drawn with a CJK font */
  cjk: boolean;
  /** the font family used for the labels */
  font: string;
}

const COLORS: Record<StatClass, string> = { not_counted: '#8FA3B8', consultation: '#F0A030', complaint: '#D9453B' };
const INK = '#1F2933';
const MUTED = '#616E7C';
const GRID = '#E4E7EB';
const BAR = '#3E6FA8';
const LATIN = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';

/** Family names of common CJK fonts, most preferred first. */
const KNOWN_CJK = [
  /noto sans (cjk|sc)/i,
  /source han sans/i,
  /wenquanyi micro hei/i,
  /wenquanyi zen hei/i,
  /wqy/i,
  /droid sans fallback/i,
  /microsoft yahei/i,
  /pingfang/i,
  /hiragino sans gb/i,
  /heiti/i,
  /simhei/i,
  /sarasa/i,
  /noto serif (cjk|sc)/i,
  /source han serif/i,
  /ar pl/i,
  /simsun/i,
  /songti/i,
  /cjk/i,
];
/** Font folders that are not always scanned; loaded once if present. */
const EXTRA_FONT_DIRS = ['/usr/local/share/fonts', join(homedir(), '.fonts'), join(homedir(), '.local/share/fonts')];

const WIDE = /[\u2E80-\u9FFF\uA000-\uA4CF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const hasWide = (s: string): boolean => WIDE.test(s);
const WIDE_ALL = new RegExp(WIDE.source, 'gu');

let extraDirsLoaded = false;
const registeredFiles = new Map<string, string | null>();
const glyphCache = new Map<string, boolean>();
const tofuCache = new Map<string, string>();

function registerFontFile(path: string): string | null {
  if (registeredFiles.has(path)) return registeredFiles.get(path)!;
  let family: string | null = null;
  if (existsSync(path)) {
    const before = new Set(GlobalFonts.families.map((f) => f.family));
    const alias = `complaint-desk-cjk-${registeredFiles.size + 1}`;
    try {
      if (GlobalFonts.registerFromPath(path, alias)) family = alias;
      else family = GlobalFonts.families.map((f) => f.family).find((f) => !before.has(f)) ?? null;
    } catch {
      family = null;
    }
  }
  registeredFiles.set(path, family);
  return family;
}

/** The alpha mask of one character drawn in `family` alone: to tell real glyphs from empty boxes. */
function glyphMask(ch: string, family: string): { ink: number; bits: string } {
  const size = 32;
  const c = createCanvas(size, size);
  const g = c.getContext('2d');
  g.font = `24px "${family}"`;
  g.fillStyle = '#000';
  g.textBaseline = 'alphabetic';
  g.fillText(ch, 4, 26);
  const data = g.getImageData(0, 0, size, size).data;
  let ink = 0;
  let bits = '';
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] > 0) ink++;
    bits += data[i] > 127 ? '1' : '0';
  }
  return { ink, bits };
}

/**
 * Does `family` draw every one of these characters as a real glyph? A missing glyph is drawn as nothing or as
 * the font's .notdef box, which is the same picture for every missing character: compare with a private-use one.
 */
export function drawsAll(family: string, text: string): boolean {
  const chars = [...new Set([...text].filter((ch) => hasWide(ch)))];
  if (!chars.length) return true;
  let tofu = tofuCache.get(family);
  if (tofu === undefined) {
    tofu = glyphMask('\uE000', family).bits;
    tofuCache.set(family, tofu);
  }
  return chars.every((ch) => {
    const key = `${family}\u0000${ch}`;
    let ok = glyphCache.get(key);
    if (ok === undefined) {
      const m = glyphMask(ch, family);
      ok = m.ink > 0 && m.bits !== tofu;
      glyphCache.set(key, ok);
    }
    return ok;
  });
}

const PROBE = '投诉统计咨询类时段热点';

/**
 * The family of a usable CJK font, or null (found once per process). Tries `fontFile`, the shipped font, then
 * registered fonts with known CJK names, then every other family; each must draw the probe characters for real.
 */
export function detectCjkFont(fontFile?: string): string | null {
  const key = fontFile ?? '';
  if (!detected.has(key)) detected.set(key, detect(fontFile));
  return detected.get(key)!;
}
const detected = new Map<string, string | null>();

function detect(fontFile?: string): string | null {
  for (const file of [fontFile, shippedCjkFont()].filter((x): x is string => !!x)) {
    const f = registerFontFile(file);
    if (f && drawsAll(f, PROBE)) return f;
  }
  if (!extraDirsLoaded) {
    extraDirsLoaded = true;
    for (const dir of EXTRA_FONT_DIRS) if (existsSync(dir)) GlobalFonts.loadFontsFromDir(dir);
  }
  const families = [...new Set(GlobalFonts.families.map((f) => f.family))];
  const rank = (f: string) => {
    const i = KNOWN_CJK.findIndex((re) => re.test(f));
    return i < 0 ? KNOWN_CJK.length : i;
  };
  const ordered = families.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of ordered) if (drawsAll(f, PROBE)) return f;
  return null;
}

/** Every category of the day with its count, largest first (from the unit × category counts). */
function categoryCounts(s: DailySummary): { category: string; count: number }[] {
  const m = new Map<string, number>();
  for (const x of s.byUnitCategory ?? []) m.set(x.category, (m.get(x.category) ?? 0) + x.count);
  if (!m.size) for (const x of s.hotCategories ?? []) m.set(x.category, x.count);
  return [...m.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

/** 1, 2, 5, 10, 20, 50 … : a step giving at most `maxTicks` ticks up to `max`. */
function niceStep(max: number, maxTicks = 6): number {
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (max / (m * p) <= maxTicks) return m * p;
}

function fit(g: SKRSContext2D, text: string, maxWidth: number): string {
  if (g.measureText(text).width <= maxWidth) return text;
  let s = text;
  while (s.length > 1 && g.measureText(s + '…').width > maxWidth) s = s.slice(0, -1);
  return s + '…';
}

/**
 * Renders the day's chart as a PNG (1000×600 by default). `hourly` holds the per-hour class counts
 * (see `loadHourlyCounts`), §8: from the report window's first hour (the first row's); missing hours count as zero.
 */
export async function renderSummaryChart(summary: DailySummary, hourly: HourlyRow[], opts: SummaryChartOptions): Promise<SummaryChart> {
  const W = opts.width ?? 1000;
  const H = opts.height ?? 600;
  const wantZh = opts.locale === 'zh-CN' && !opts.english;
  const cjkFamily = wantZh ? detectCjkFont(opts.fontFile) : null;

  const catsAll = categoryCounts(summary);
  const cats = catsAll.slice(0, 5);
  const units = (summary.hotUnits ?? []).slice(0, 3).map((u) => ({ ...u, name: opts.unitName?.(u.unit) }));
  const unitText = (u: (typeof units)[number], zh: boolean) => (zh && u.name ? `${u.name}(${u.unit})` : u.unit);
  const defaultTitle = (l: Locale) => CHART_WORDS[l].title(summary, opts.unitName?.(summary.unit));
  const texts = (lang: Locale) => {
    const w = CHART_WORDS[lang];
    return [
      opts.title ?? defaultTitle(lang),
      w.hourTitle,
      w.hourAxis,
      w.countAxis,
      w.topCategories,
      w.topUnits,
      w.classes,
      w.empty,
      w.none,
      w.figures(summary.stats),
      ...STAT_CLASSES.map((c) => label(lang, 'class', c)),
      ...cats.map((c) => label(lang, 'category', c.category)),
      ...units.map((u) => unitText(u, lang === 'zh-CN')),
    ].join('');
  };
  // Chinese only when a CJK font draws every character this chart needs.
  const cjk = !!cjkFamily && drawsAll(cjkFamily, texts('zh-CN'));
  const lang: Locale = cjk ? 'zh-CN' : 'en';
  const w = CHART_WORDS[lang];
  const family = cjk ? `"${cjkFamily}", ${LATIN}` : LATIN;
  const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px ${family}`;
  // In English, any text that would need a CJK glyph is replaced (a title) or reduced to what can be drawn.
  const safe = (s: string, fallback: string) => (cjk || !hasWide(s) ? s : fallback.replace(WIDE_ALL, '?'));

  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  g.fillStyle = '#FFFFFF';
  g.fillRect(0, 0, W, H);

  // ---- title and the day's figures ----
  g.fillStyle = INK;
  g.font = font(22, true);
  g.textBaseline = 'alphabetic';
  g.textAlign = 'left';
  g.fillText(fit(g, safe(opts.title ?? defaultTitle(lang), defaultTitle('en')), W - 60), 30, 40);
  g.font = font(14);
  g.fillStyle = MUTED;
  g.fillText(w.figures(summary.stats), 30, 66);

  // ---- left panel: stacked bars by hour ----
  const px0 = 78;
  const px1 = Math.round(W * 0.64);
  const py0 = 130;
  const py1 = H - 78;
  const rows: HourlyRow[] = Array.from({ length: 24 }, (_, i) => ((hourly[0]?.hour ?? 0) + i) % 24).map((h) => {
    const r = hourly.find((x) => x.hour === h);
    return { hour: h, not_counted: r?.not_counted ?? 0, consultation: r?.consultation ?? 0, complaint: r?.complaint ?? 0 };
  });
  const totals = rows.map((r) => STAT_CLASSES.reduce((n, c) => n + r[c], 0));
  const max = Math.max(0, ...totals);
  const step = niceStep(Math.max(max, 5));
  let yMax = Math.ceil(Math.max(max, 4) / step) * step;
  const y = (v: number) => py1 - (v / yMax) * (py1 - py0);
  while (max > 0 && y(max) - 17 < 124) yMax += step; // the tallest bar's total (11 px above it) stays below the legend (to y 124)

  g.fillStyle = INK;
  g.font = font(16, true);
  g.fillText(w.hourTitle, 30, 100);
  g.font = font(13);
  let lx = px0;
  for (const c of STAT_CLASSES) {
    const name = label(lang, 'class', c);
    g.fillStyle = COLORS[c];
    g.fillRect(lx, 110, 12, 12);
    g.fillStyle = INK;
    g.fillText(name, lx + 17, 121);
    lx += 17 + g.measureText(name).width + 22;
  }
  // grid and y ticks
  g.font = font(12);
  g.textAlign = 'right';
  g.strokeStyle = GRID;
  g.lineWidth = 1;
  for (let v = 0; v <= yMax; v += step) {
    const yy = Math.round(y(v)) + 0.5;
    g.beginPath();
    g.moveTo(px0, yy);
    g.lineTo(px1, yy);
    g.stroke();
    g.fillStyle = MUTED;
    g.fillText(String(v), px0 - 8, yy + 4);
  }
  // bars
  const slot = (px1 - px0) / 24;
  const bw = Math.max(4, Math.round(slot * 0.7));
  g.textAlign = 'center';
  rows.forEach((r, h) => {
    const cx = px0 + slot * h + slot / 2;
    let base = 0;
    for (const c of STAT_CLASSES) {
      if (!r[c]) continue;
      const top = y(base + r[c]);
      g.fillStyle = COLORS[c];
      g.fillRect(Math.round(cx - bw / 2), top, bw, y(base) - top);
      base += r[c];
    }
    if (totals[h]) {
      g.fillStyle = INK;
      g.font = font(11);
      g.fillText(String(totals[h]), cx, y(totals[h]) - 4);
    }
    g.fillStyle = MUTED;
    g.font = font(11);
    g.fillText(String(r.hour), cx, py1 + 16);
  });
  g.strokeStyle = MUTED;
  g.beginPath();
  g.moveTo(px0, py1 + 0.5);
  g.lineTo(px1, py1 + 0.5);
  g.stroke();
  g.font = font(13);
  g.fillStyle = MUTED;
  g.fillText(w.hourAxis, (px0 + px1) / 2, py1 + 40);
  g.save();
  g.translate(30, (py0 + py1) / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(w.countAxis, 0, 0);
  g.restore();
  if (max === 0) {
    g.font = font(18);
    g.fillStyle = MUTED;
    g.fillText(w.empty, (px0 + px1) / 2, (py0 + py1) / 2);
  }

  // ---- right panel: hot spots ----
  const rx0 = px1 + 40;
  const rx1 = W - 30;
  g.textAlign = 'left';
  g.strokeStyle = GRID;
  g.beginPath();
  g.moveTo(px1 + 20.5, 90);
  g.lineTo(px1 + 20.5, H - 30);
  g.stroke();
  g.fillStyle = INK;
  g.font = font(16, true);
  g.fillText(w.topCategories, rx0, 100);
  let ry = 126;
  const catMax = Math.max(1, ...cats.map((c) => c.count));
  g.font = font(13);
  if (!cats.length) {
    g.fillStyle = MUTED;
    g.fillText(w.none, rx0, ry + 4);
    ry += 30;
  }
  for (const c of cats) {
    const name = safe(label(lang, 'category', c.category), c.category);
    g.fillStyle = INK;
    g.font = font(13);
    g.fillText(fit(g, name, rx1 - rx0), rx0, ry);
    const barW = Math.max(2, ((rx1 - rx0 - 40) * c.count) / catMax);
    g.fillStyle = BAR;
    g.fillRect(rx0, ry + 6, barW, 14);
    g.fillStyle = INK;
    g.font = font(12, true);
    g.fillText(String(c.count), rx0 + barW + 6, ry + 18);
    ry += 44;
  }
  if (catsAll.length > cats.length) {
    g.fillStyle = MUTED;
    g.font = font(12);
    const more = catsAll.slice(cats.length).reduce((n, c) => n + c.count, 0);
    g.fillText(w.moreCategories(catsAll.length - cats.length, more), rx0, ry - 8);
    ry += 14;
  }

  ry += 10;
  g.fillStyle = INK;
  g.font = font(16, true);
  g.fillText(w.classes, rx0, ry);
  ry += 24;
  g.font = font(13);
  const received = summary.stats.received || 0;
  for (const c of STAT_CLASSES) {
    const n = summary.byClass?.[c] ?? 0;
    g.fillStyle = COLORS[c];
    g.fillRect(rx0, ry - 11, 12, 12);
    g.fillStyle = INK;
    g.fillText(label(lang, 'class', c), rx0 + 18, ry);
    g.textAlign = 'right';
    g.fillText(received ? `${n}  (${Math.round((n / received) * 100)}%)` : String(n), rx1, ry);
    g.textAlign = 'left';
    ry += 22;
  }

  if (units.length && ry + 30 < H - 20) {
    ry += 10;
    g.fillStyle = INK;
    g.font = font(16, true);
    g.fillText(w.topUnits, rx0, ry);
    ry += 22;
    g.font = font(13);
    for (const u of units) {
      if (ry > H - 20) break;
      g.fillStyle = INK;
      g.fillText(fit(g, safe(unitText(u, cjk), u.unit), rx1 - rx0 - 50), rx0, ry);
      g.textAlign = 'right';
      g.fillText(String(u.count), rx1, ry);
      g.textAlign = 'left';
      ry += 20;
    }
  }

  const png = await canvas.encode('png');
  return { png, cjk, font: cjk ? cjkFamily : 'DejaVu Sans' };
}
