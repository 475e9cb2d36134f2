/**
 * Reading a PDF the way a person would (poppler-utils): the text a PDF tool extracts, and what a render of the page
 * actually shows. A PDF can carry a correct text layer and draw nothing (missing or blank glyphs), so the tests
 * check both: where the text layer says a word is, the render must have ink.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasPoppler = (): boolean => spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdftoppm', ['-v']).status === 0;

function withFile<T>(pdf: Buffer, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cd-pdf-'));
  try {
    const path = join(dir, 'f.pdf');
    writeFileSync(path, pdf);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text `pdftotext` extracts (reading order, layout kept). */
export const pdfText = (pdf: Buffer): string => withFile(pdf, (p) => execFileSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' }));

export const pdfPages = (pdf: Buffer): number =>
  withFile(pdf, (p) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [p], { encoding: 'utf8' }))?.[1] ?? 0));

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Every word of every page with its box, in points (pdftotext's text layer), page by page. */
export function pageWords(pdf: Buffer): { w: number; h: number; words: (Box & { text: string })[] }[] {
  const html = withFile(pdf, (p) => execFileSync('pdftotext', ['-bbox', p, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((pg) => ({
    w: Number(pg[1]),
    h: Number(pg[2]),
    words: [...pg[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => {
      const [x0, y0, x1, y1] = m.slice(1, 5).map(Number);
      return { x: x0, y: y0, w: x1 - x0, h: y1 - y0, text: m[5] };
    }),
  }));
}

/** Where the text layer puts a word on page 1, in points (null when the text layer does not have it). */
export function wordBox(pdf: Buffer, word: string): Box | null {
  const html = withFile(pdf, (p) => execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', p, '-'], { encoding: 'utf8' }));
  for (const m of html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[5] === word) {
      const [x0, y0, x1, y1] = m.slice(1, 5).map(Number);
      return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    }
  }
  return null;
}

/** Renders page 1 (or `page`, or an area of it, in points) to grey levels: one byte per pixel, 0 black … 255 white. */
export function renderGray(pdf: Buffer, dpi = 100, box?: Box, page = 1): { w: number; h: number; px: Buffer } {
  return withFile(pdf, (p, dir) => {
    const s = dpi / 72;
    const args = ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile'];
    if (box)
      args.push(
        '-x',
        String(Math.floor(box.x * s)),
        '-y',
        String(Math.floor(box.y * s)),
        '-W',
        String(Math.ceil(box.w * s)),
        '-H',
        String(Math.ceil(box.h * s)),
      );
    execFileSync('pdftoppm', [...args, p, join(dir, 'page')]);
    return parsePgm(readFileSync(join(dir, 'page.pgm')));
  });
}

/** A binary PGM (P5, 8-bit). */
function parsePgm(b: Buffer): { w: number; h: number; px: Buffer } {
  const tokens: string[] = [];
  let i = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(b[i]))) i++;
    if (b[i] === 0x23) {
      while (b[i] !== 0x0a) i++;
      continue;
    }
    let t = '';
    while (!/\s/.test(String.fromCharCode(b[i]))) t += String.fromCharCode(b[i++]);
    tokens.push(t);
  }
  if (tokens[0] !== 'P5' || tokens[3] !== '255') throw new Error(`not an 8-bit P5 PGM: ${tokens.join(' ')}`);
  const w = Number(tokens[1]);
  const h = Number(tokens[2]);
  return { w, h, px: b.subarray(i + 1, i + 1 + w * h) };
}

/** The share of dark pixels (below mid-grey). */
export const inkShare = (img: { px: Buffer }): number => {
  let dark = 0;
  for (const v of img.px) if (v < 128) dark++;
  return img.px.length ? dark / img.px.length : 0;
};

/**
 * The check that a word is really drawn: the text layer has it, and the render has ink where the text layer says
 * it is. Returns the share of dark pixels in the word's box (0 when the text layer lacks the word).
 */
export function drawnInk(pdf: Buffer, word: string): number {
  const box = wordBox(pdf, word);
  return box ? inkShare(renderGray(pdf, 150, box)) : 0;
}
