/**
 * The CJK font the reports draw with (§14: Chinese must render on a fresh machine with no system fonts): Noto Sans
 * SC (思源黑体, SIL OFL 1.1) as shipped by the npm package @embedpdf/fonts-sc, so it installs with `npm ci` like
 * any dependency. The PDF forms embed a per-document subset of it (pdfkit); the summary chart registers it with
 * Skia. The package exports only its JS entry, so the .otf files are found next to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function fontDir(): string {
  // dist/index.cjs → ../fonts
  return join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
}

interface CjkFontFiles {
  regular: string;
  bold: string;
}

let cached: CjkFontFiles | null = null;

/** The font files; throws naming the package when it is missing (a broken install, not a user error). */
export function cjkFontFiles(): CjkFontFiles {
  if (cached) return cached;
  const dir = fontDir();
  const files = { regular: join(dir, 'NotoSansHans-Regular.otf'), bold: join(dir, 'NotoSansHans-Medium.otf') };
  for (const f of Object.values(files)) {
    if (!existsSync(f)) throw new Error(`font file ${f} is missing: reinstall the npm package @embedpdf/fonts-sc (npm ci)`);
  }
  cached = files;
  return files;
}

const bytes = new Map<string, Buffer>();

/** A font file's bytes, read once per process (each is about 8 MB; every form embeds a subset of it). */
export function fontBytes(path: string): Buffer {
  let b = bytes.get(path);
  if (!b) bytes.set(path, (b = readFileSync(path)));
  return b;
}

/** The shipped regular CJK font file, or null when its npm package is missing (the chart then looks elsewhere). */
export function shippedCjkFont(): string | null {
  try {
    return cjkFontFiles().regular;
  } catch {
    return null;
  }
}
