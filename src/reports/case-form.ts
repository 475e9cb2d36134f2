/**
 * The handling form (客户投诉处理单, part 2's annex), §14: one case on an A4 page (more when its timeline is long),
 * laid out like the bank's paper form — a bordered table, the intake channel as a row of tick boxes, each step
 * with its deadline and whether it was met, the escalations, the result and the timeline as rows — in the roster's
 * locale. §三.1: "整个办理过程和办理结果由首问负责人形成书面记录存档备查".
 *
 * The chat copy masks the customer (§3, as every post); the archive copy (`export --forms`) shows them whole.
 * Text is drawn with the CJK font shipped through npm (./fonts.ts), embedded as a per-document subset, so the
 * form renders on a machine without system fonts and a PDF text tool gets the words back. Tick boxes are drawn
 * as rectangles: ☐/☑ are not in the font.
 */
import type PDFDocumentCtor from 'pdfkit';

/** pdfkit is loaded on the first form, not at every start-up (it costs ~0.2 s to load). */
let pdfkit: Promise<typeof PDFDocumentCtor> | null = null;
export const loadPdfkit = () => (pdfkit ??= import('pdfkit').then((m) => m.default));
import { categoryNumber, FAULTS, INTAKE_CHANNELS, STAT_CLASSES, type StatClass } from '../core/domain/categories.ts';
import type { CaseFormData } from '../core/ports/documents.ts';
import { caseLabel } from '../core/domain/case.ts';
import type { Roster } from '../core/domain/roster.ts';
import { isoLocal, localMinute } from '../core/domain/time.ts';
import { label, type Locale } from '../core/i18n/messages.ts';
import { formWord, type FormWord } from '../core/i18n/paperwork.ts';
import { actionText, fmtYuan, guideText, unitLabel, type RenderCtx } from '../core/i18n/render.ts';
import { maskFreeText, maskName, maskPhone } from '../core/rules/masking.ts';
import { currentStatClass } from '../core/rules/statistics.ts';
import { cjkFontFiles, fontBytes } from './fonts.ts';
import { memberText, receivedText, stepState, STEP_ORDER } from './form-text.ts';

export { receivedText };

export type { CaseFormData };

interface CaseFormOptions {
  /** §3: the chat copy masks the customer; the archive copy does not */
  masked: boolean;
  /** the moment deadlines and the statistic class are judged at, and the form's print time */
  asOf: Date;
  /**
   * Font files (or pdfkit standard font names) to draw with; default the shipped CJK font. Tests pass a font
   * without CJK glyphs to prove the render check tells a blank form from a drawn one.
   */
  fonts?: { regular: string; bold: string };
  /**
   * Called with the document before anything is drawn. Tests use it to make the text invisible (text render mode
   * 3): a PDF with a correct text layer and no glyphs drawn, the failure a text check alone cannot see.
   */
  decorate?: (doc: PDFKit.PDFDocument) => void;
}

const A4 = { w: 595.28, h: 841.89 };
const M = 36;
const W = A4.w - 2 * M;
const PAD = 3;
const SIZE = 9;
const LABEL_BG = '#EEF1F5';
const INK = '#111111';
const BOX = 7;
/** Where the table ends on a page: the footer sits below, in the bottom margin. */
const BOTTOM = A4.h - M - 20;
/** A row at most this tall goes to the next page whole when it does not fit; a taller one is split across pages. */
const KEEP_WHOLE = 120;
/** The least room worth starting a split row in (about three lines). */
const MIN_PART = 40;

interface Cell {
  /** width in points */
  w: number;
  text?: string;
  label?: boolean;
  align?: 'left' | 'center';
  /** tick boxes instead of text: each option with whether it is ticked */
  boxes?: { text: string; on: boolean }[];
}

class FormWriter {
  y = M;
  page = 1;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly L: Locale,
  ) {}

  font(bold = false): this {
    this.doc.font(bold ? 'form-bold' : 'form').fontSize(SIZE);
    return this;
  }

  /** Lays out tick boxes in a cell, wrapping; returns the rows of [x offset, option] and the height. */
  private boxLayout(c: Cell): { lines: { dx: number; opt: { text: string; on: boolean } }[][]; h: number } {
    this.font();
    const lines: { dx: number; opt: { text: string; on: boolean } }[][] = [[]];
    let dx = 0;
    const max = c.w - 2 * PAD;
    for (const opt of c.boxes ?? []) {
      const iw = BOX + 3 + this.doc.widthOfString(opt.text) + 10;
      if (dx > 0 && dx + iw > max) {
        lines.push([]);
        dx = 0;
      }
      lines[lines.length - 1].push({ dx, opt });
      dx += iw;
    }
    return { lines, h: lines.length * (SIZE + 5) + 2 * PAD - 3 };
  }

  private cellHeight(c: Cell): number {
    if (c.boxes) return this.boxLayout(c).h;
    this.font(c.label);
    return this.doc.heightOfString(c.text || ' ', { width: c.w - 2 * PAD, lineGap: 1 }) + 2 * PAD;
  }

  /**
   * A row of bordered cells. A short row that does not fit goes to the next page whole; a tall one (a long note)
   * fills the rest of the page and goes on at the top of the next, its text cut between lines, so no cell runs past
   * the bottom margin into the footer and no page is left mostly blank.
   */
  row(cells: Cell[], minH = 0): void {
    const h = Math.max(minH, ...cells.map((c) => this.cellHeight(c)));
    const room = BOTTOM - this.y;
    if (h <= room) return this.drawRow(cells, h);
    const splittable = !cells.some((c) => c.boxes);
    if (!splittable || h <= KEEP_WHOLE || room < MIN_PART) {
      this.newPage();
      if (h <= BOTTOM - this.y || !splittable) return this.drawRow(cells, Math.min(h, BOTTOM - this.y));
    }
    // the part that fits here, then the rest on the next page
    const avail = BOTTOM - this.y;
    const parts = cells.map((c) => this.cut(c, avail - 2 * PAD));
    this.drawRow(
      parts.map((p, i) => ({ ...cells[i], text: p[0] })),
      avail,
    );
    this.newPage();
    this.row(parts.map((p, i) => ({ ...cells[i], text: p[1] })));
  }

  /** A cell's text cut where it stops fitting `height` points: [what fits, the rest]; a Latin word is kept whole. */
  private cut(c: Cell, height: number): [string, string] {
    const text = c.text ?? '';
    this.font(c.label);
    const fits = (n: number) => this.doc.heightOfString(text.slice(0, n) || ' ', { width: c.w - 2 * PAD, lineGap: 1 }) <= height;
    if (fits(text.length)) return [text, ''];
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    let n = lo;
    if (/[A-Za-z0-9]/.test(text[n] ?? '') && /[A-Za-z0-9]/.test(text[n - 1] ?? '')) {
      const space = text.lastIndexOf(' ', n);
      if (space > n * 0.7) n = space + 1;
    }
    return [text.slice(0, n).trimEnd(), text.slice(n).trimStart()];
  }

  private drawRow(cells: Cell[], h: number): void {
    let x = M;
    for (const c of cells) {
      if (c.label) this.doc.rect(x, this.y, c.w, h).fillAndStroke(LABEL_BG, INK);
      else this.doc.rect(x, this.y, c.w, h).stroke(INK);
      this.doc.fillColor(INK);
      if (c.boxes) this.drawBoxes(c, x);
      else {
        this.font(c.label);
        this.doc.text(c.text ?? '', x + PAD, this.y + PAD, { width: c.w - 2 * PAD, lineGap: 1, align: c.align ?? 'left', height: h - PAD });
      }
      x += c.w;
    }
    this.y += h;
  }

  private drawBoxes(c: Cell, x: number): void {
    const { lines } = this.boxLayout(c);
    lines.forEach((line, i) => {
      const ty = this.y + PAD + i * (SIZE + 5);
      for (const { dx, opt } of line) {
        const bx = x + PAD + dx;
        const by = ty + 2;
        this.doc.lineWidth(0.8).rect(bx, by, BOX, BOX).stroke(INK);
        if (opt.on) {
          // a tick drawn as two strokes, plus a filled inner square so the choice reads even when printed small
          this.doc
            .lineWidth(1.4)
            .moveTo(bx + 1.2, by + 3.6)
            .lineTo(bx + 3, by + 5.8)
            .lineTo(bx + 6.2, by + 1.2)
            .stroke(INK);
        }
        this.doc.lineWidth(1);
        this.font(false);
        this.doc.fillColor(INK).text(opt.text, bx + BOX + 3, ty, { lineBreak: false });
      }
    });
  }

  /** A section heading spanning the table. */
  heading(text: string, keepWith = 40): void {
    // a heading never stands alone at the foot of a page
    if (this.y + keepWith + 20 > BOTTOM) this.newPage();
    this.row([{ w: W, text, label: true, align: 'center' }]);
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: M });
    this.page++;
    this.y = M;
  }

  gap(h: number): void {
    this.y += h;
  }
}

/** Renders the form as PDF bytes. */
export async function renderCaseForm(roster: Roster, data: CaseFormData, opts: CaseFormOptions): Promise<Buffer> {
  const L = roster.settings.locale;
  const tz = roster.settings.timezone;
  const r: RenderCtx = { roster, locale: L, tz };
  const c = data.case;
  const w = (k: FormWord, p: Record<string, string | number> = {}) => formWord(L, k, p);
  const mask = (s: string) => (opts.masked ? maskFreeText(s, c.customerName) : s);
  const fonts = opts.fonts ?? cjkFontFiles();

  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: M,
    bufferPages: true,
    info: { Title: `${w('title')} ${caseLabel(c.id)}`, Subject: caseLabel(c.id), Creator: 'complaint-desk' },
    lang: L,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('end', () => res(Buffer.concat(chunks)));
    doc.on('error', rej);
  });
  // a standard font name (Helvetica…) is pdfkit's own; a path is read once and kept
  const src = (f: string) => (/\.(otf|ttf|ttc)$/i.test(f) ? fontBytes(f) : f);
  doc.registerFont('form', src(fonts.regular));
  doc.registerFont('form-bold', src(fonts.bold));
  doc.lineWidth(0.8).strokeColor(INK).fillColor(INK);
  opts.decorate?.(doc);

  const f = new FormWriter(doc, L);
  // the title block
  doc.font('form-bold').fontSize(18).text(w('title'), M, f.y, { width: W, align: 'center' });
  f.y = doc.y + 2;
  doc.font('form').fontSize(8).fillColor('#444444').text(w('subtitle'), M, f.y, { width: W, align: 'center' });
  f.y = doc.y + 6;
  doc
    .fillColor(INK)
    .font('form')
    .fontSize(SIZE)
    .text(`${w('case_id')}: ${caseLabel(c.id)}    ${w('printed')}: ${isoLocal(opts.asOf, tz).slice(0, 16).replace('T', ' ')}`, M, f.y, {
      width: W / 2 + 60,
    });
  doc
    .fillColor(opts.masked ? '#444444' : '#B00020')
    .text(opts.masked ? w('masked_note') : w('archive_note'), M + W / 2 + 60, f.y, { width: W / 2 - 60, align: 'right' });
  doc.fillColor(INK);
  f.y = doc.y + 6;

  const LW = 78;
  const VW = (W - 2 * LW) / 2;
  const pair = (l1: string, v1: string, l2: string, v2: string) =>
    f.row([
      { w: LW, text: l1, label: true },
      { w: VW, text: v1 },
      { w: LW, text: l2, label: true },
      { w: VW, text: v2 },
    ]);
  const wide = (l: string, v: string, minH = 0) =>
    f.row(
      [
        { w: LW, text: l, label: true },
        { w: W - LW, text: v },
      ],
      minH,
    );
  const boxes = (l: string, opts2: { text: string; on: boolean }[]) =>
    f.row([
      { w: LW, text: l, label: true },
      { w: W - LW, boxes: opts2 },
    ]);

  pair(w('case_id'), caseLabel(c.id), w('received'), receivedText(L, c.receivedAt, tz));
  pair(w('unit'), unitLabel(r, c.unitCode), w('branch'), unitLabel(r, c.branchCode));
  boxes(
    w('intake'),
    INTAKE_CHANNELS.map((ch) => ({ text: label(L, 'intake', ch), on: c.intake === ch })),
  );
  const name = opts.masked ? maskName(c.customerName) : (c.customerName ?? '');
  const phone = opts.masked ? maskPhone(c.customerPhone) : (c.customerPhone ?? '');
  pair(w('customer'), `${name || w('none')}${c.vip ? `  (${w('vip')})` : ''}`, w('contact'), phone || w('none'));
  wide(w('matter'), mask(c.matter), 34);
  wide(w('request'), c.request ? mask(c.request) : w('none'));
  pair(w('category'), `${categoryNumber(c.category)} ${label(L, 'category', c.category)}`, w('cutover'), c.cutover ? w('yes') : w('no'));
  wide(w('guide'), guideText(r, c.category, c.policy));
  pair(w('owner'), memberText(roster, c.ownerHandle, L), w('handler'), memberText(roster, c.handlerHandle, L));
  pair(w('status'), label(L, 'status', c.status), w('level'), `${label(L, 'level', c.level)} · ${unitLabel(r, c.levelUnitCode)}`);

  // §五: each step with its deadline and whether it was met; a transfer starts the steps again at the new level
  f.heading(w('steps'));
  const SW = [W * 0.28, W * 0.24, W * 0.24, W * 0.24];
  f.row([w('step'), w('due'), w('done_at'), w('met')].map((text, i) => ({ w: SW[i], text, label: true })));
  // §16.3 promises (each replacement listed, with its own outcome) are numbered apart from the rounds of steps
  const rounds = new Set(data.deadlines.filter((d) => d.kind !== 'promise').map((d) => d.generation)).size > 1;
  const steps = [...data.deadlines].sort((a, b) => a.generation - b.generation || STEP_ORDER.indexOf(a.kind) - STEP_ORDER.indexOf(b.kind));
  if (!steps.length) f.row([{ w: W, text: w('none') }]);
  for (const d of steps) {
    const name2 = `${rounds && d.kind !== 'promise' ? `${w('round', { n: d.generation + 1 })} ` : ''}${label(L, 'deadline', d.kind)}`;
    f.row([
      { w: SW[0], text: name2 },
      { w: SW[1], text: localMinute(d.dueAt, tz) },
      { w: SW[2], text: d.completedAt ? localMinute(d.completedAt, tz) : '' },
      { w: SW[3], text: stepState(L, d, c.transferred, opts.asOf) },
    ]);
  }

  // §6: escalations with their reasons
  f.heading(w('escalations'));
  pair(
    w('escalated_at'),
    c.escalatedAt ? localMinute(c.escalatedAt, tz) : w('none'),
    w('reasons'),
    c.escalationReasons.length ? c.escalationReasons.map((x) => label(L, 'reason', x)).join(w('list_sep')) : w('none'),
  );
  const flagKeys = ['mediaThreat', 'repeat', 'skipLevel', 'cluster', 'crossProvince', 'claim', 'aggressive', 'lateTransfer'] as const;
  const flags = flagKeys.filter((k) => c[k]).map((k) => label(L, 'flag', k));
  pair(w('flags'), flags.length ? flags.join(w('list_sep')) : w('none'), w('payments'), data.paidFen ? fmtYuan(data.paidFen) : '0');

  // the result, responsibility, validity and the §7 class (fixed at resolution, else as of now)
  f.heading(w('result'));
  const resolved = [...data.timeline].reverse().find((e) => e.action === 'resolved');
  wide(w('result'), c.status === 'resolved' ? mask(resolved?.text ?? '') || label(L, 'status', 'resolved') : w('pending_result'), 30);
  wide(w('resolved_at'), c.resolvedAt ? localMinute(c.resolvedAt, tz) : w('none'));
  boxes(
    w('responsibility'),
    FAULTS.map((x) => ({ text: label(L, 'fault', x), on: c.responsibility === x })),
  );
  boxes(
    w('validity'),
    (['valid', 'special'] as const).map((x) => ({ text: label(L, 'validity', x), on: c.validity === x })),
  );
  const cls: StatClass = currentStatClass(c, data.deadlines, opts.asOf);
  boxes(
    w('stat_class'),
    STAT_CLASSES.map((x) => ({ text: label(L, 'class', x), on: cls === x })),
  );

  // the timeline as rows
  f.heading(w('timeline'));
  const TW = [W * 0.2, W * 0.2, W * 0.6];
  f.row([w('tl_time'), w('tl_who'), w('tl_what')].map((text, i) => ({ w: TW[i], text, label: true })));
  for (const e of data.timeline) {
    const coded = e.text && /^[a-z_]+:[a-z_0-9]+$/.test(e.text);
    const what = actionText(r, e.action, e.data, e.text) + (e.text && !coded ? w('with_text', { text: mask(e.text) }) : '');
    f.row([
      { w: TW[0], text: localMinute(e.at, tz) },
      { w: TW[1], text: memberText(roster, e.actor, L) },
      { w: TW[2], text: what },
    ]);
  }

  // signatures, as on the paper form
  if (f.y + 50 > BOTTOM) f.newPage();
  f.gap(18);
  doc
    .font('form')
    .fontSize(SIZE + 1)
    .fillColor(INK);
  doc.text(`${w('signature')} ____________    ${w('date')} ____________`, M, f.y, { width: W });
  f.gap(22);
  doc.text(`${w('leader_signature')} ____________    ${w('date')} ____________`, M, f.y, { width: W });

  // footer on every page: the case and the page number
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // the footer sits in the bottom margin: without this pdfkit would start a new page for it
    doc.page.margins.bottom = 0;
    doc
      .font('form')
      .fontSize(7)
      .fillColor('#666666')
      .text(`${w('title')} · ${caseLabel(c.id)} · ${w('page', { n: i + 1 })}/${range.count}`, M, A4.h - M - 8, {
        width: W,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
