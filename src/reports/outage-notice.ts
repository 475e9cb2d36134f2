/**
 * The outage notice for a unit's door (§15.5; §三.2 "对外公布的公告内容中必须明确标注本网点负责人及业务咨询受理人的办公电话和
 * 手机电话，并保证手机24小时开通"): one A4 page, drawn like the handling form (./case-form.ts) with pdfkit and the
 * CJK font shipped through npm (./fonts.ts), so it renders on a machine without system fonts and a PDF text tool
 * gets the words back. The core words it (OutageNoticeData); this file only draws.
 */
import type { OutageNoticeData } from '../core/ports/documents.ts';
import { loadPdfkit } from './case-form.ts';
import { cjkFontFiles, fontBytes } from './fonts.ts';

const A4 = { w: 595.28, h: 841.89 };
const M = 56;
const W = A4.w - 2 * M;
const INK = '#111111';
const LABEL_BG = '#EEF1F5';

export async function renderOutageNotice(
  data: OutageNoticeData,
  opts: { fonts?: { regular: string; bold: string } } = {},
): Promise<Buffer> {
  const fonts = opts.fonts ?? cjkFontFiles();
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: M,
    info: { Title: `${data.unitName} ${data.title}`, Subject: data.unitCode, Creator: 'complaint-desk' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('end', () => res(Buffer.concat(chunks)));
    doc.on('error', rej);
  });
  const src = (f: string) => (/\.(otf|ttf|ttc)$/i.test(f) ? fontBytes(f) : f);
  doc.registerFont('notice', src(fonts.regular));
  doc.registerFont('notice-bold', src(fonts.bold));
  doc.strokeColor(INK).fillColor(INK);

  let y = M + 10;
  doc.font('notice-bold').fontSize(34).text(data.title, M, y, { width: W, align: 'center' });
  y = doc.y + 4;
  doc.font('notice').fontSize(16).text(data.unitName, M, y, { width: W, align: 'center' });
  y = doc.y + 28;
  doc.font('notice').fontSize(14).text(data.greeting, M, y, { width: W });
  y = doc.y + 8;
  doc.text(data.explanation, M + 28, y, { width: W - 28, lineGap: 6 });
  y = doc.y + 12;
  if (data.window) {
    doc.font('notice-bold').fontSize(15).text(data.window, M, y, { width: W });
    y = doc.y + 16;
  }

  // the head and the enquiry contact, each with office and mobile and "24小时开机"
  const cols = [W * 0.24, W * 0.2, W * 0.26, W * 0.3];
  const rowH = 30;
  const row = (cells: string[], header: boolean) => {
    let x = M;
    cells.forEach((text, i) => {
      if (header) doc.rect(x, y, cols[i], rowH).fillAndStroke(LABEL_BG, INK);
      else doc.rect(x, y, cols[i], rowH).stroke(INK);
      doc
        .fillColor(INK)
        .font(header ? 'notice-bold' : 'notice')
        .fontSize(12)
        .text(text, x + 4, y + 9, { width: cols[i] - 8, align: 'center', lineBreak: false });
      x += cols[i];
    });
    y += rowH;
  };
  row(data.columns, true);
  for (const p of data.people) row([p.title, p.name, p.office, p.mobile], false);
  y += 10;
  doc.font('notice-bold').fontSize(13).text(data.alwaysOnNote, M, y, { width: W });
  y = doc.y + 22;
  doc.font('notice-bold').fontSize(16).text(data.hotline, M, y, { width: W, align: 'center' });
  y = doc.y + 40;
  doc.font('notice').fontSize(13).text(data.footer, M, y, { width: W, align: 'right' });
  doc.end();
  return done;
}
