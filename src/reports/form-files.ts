/**
 * The Documents port (src/core/ports/documents.ts) on files: a form is rendered (./case-form.ts) and written under
 * a folder, `data/forms/C12.pdf` by default; written whole then renamed, so a reader or an upload never sees half a
 * file. The chat copy is masked; an archive copy (export --forms) goes wherever the export says.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Roster } from '../core/domain/roster.ts';
import { caseLabel } from '../core/domain/case.ts';
import type { CaseFormData, Documents, RenderedDocument } from '../core/ports/documents.ts';
import { renderCaseForm } from './case-form.ts';

const DEFAULT_FORMS_DIR = join('data', 'forms');

/** Writes bytes to `path` atomically (a temporary file beside it, then a rename). */
export function writeFileAtomic(path: string, bytes: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** A path as people should read it: relative to the working folder when it is under it. */
function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function fileDocuments(roster: Roster, opts: { dir?: string; cwd?: string } = {}): Documents & { readonly dir: string } {
  const cwd = opts.cwd ?? process.cwd();
  const dir = isAbsolute(opts.dir ?? DEFAULT_FORMS_DIR) ? opts.dir! : join(cwd, opts.dir ?? DEFAULT_FORMS_DIR);
  return {
    dir,
    async renderForm(data: CaseFormData, o: { masked: boolean; asOf: Date }): Promise<RenderedDocument> {
      const pdf = await renderCaseForm(roster, data, o);
      mkdirSync(dir, { recursive: true });
      const filename = `${caseLabel(data.case.id)}.pdf`;
      const path = join(dir, filename);
      writeFileAtomic(path, pdf);
      return { path: shownPath(path, cwd), filename, bytes: pdf.length };
    },
  };
}
