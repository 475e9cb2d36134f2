/**
 * The Documents port (src/core/ports/documents.ts) on files: a form is rendered (./case-form.ts) and written under
 * a folder, `data/forms/C12.pdf` by default; written whole then renamed, so a reader or an upload never sees half a
 * file. The chat copy is masked; an archive copy (export --forms) goes wherever the export says.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Roster } from '../core/domain/roster.ts';
import { caseLabel } from '../core/domain/case.ts';
import {
  DocumentWriteError,
  type CaseFormData,
  type Documents,
  type OutageNoticeData,
  type RenderedDocument,
} from '../core/ports/documents.ts';
import { reasonOf } from '../startup-error.ts';
import { renderCaseForm } from './case-form.ts';
import { renderOutageNotice } from './outage-notice.ts';

const DEFAULT_FORMS_DIR = join('data', 'forms');

/** Writes bytes to `path` atomically (a temporary file beside it, then a rename). */
export function writeFileAtomic(path: string, bytes: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true, recursive: true });
    throw e;
  }
}

/** A path as people should read it: relative to the working folder when it is under it. */
function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function fileDocuments(
  roster: Roster,
  opts: { dir?: string; cwd?: string; noticesDir?: string } = {},
): Documents & { readonly dir: string } {
  const cwd = opts.cwd ?? process.cwd();
  const dir = isAbsolute(opts.dir ?? DEFAULT_FORMS_DIR) ? opts.dir! : join(cwd, opts.dir ?? DEFAULT_FORMS_DIR);
  // §15.5 notices go beside the forms unless told otherwise (a drill keeps its own, §11)
  const noticesDir = opts.noticesDir ? (isAbsolute(opts.noticesDir) ? opts.noticesDir : join(cwd, opts.noticesDir)) : dir;
  return {
    dir,
    async renderForm(data: CaseFormData, o: { masked: boolean; asOf: Date }): Promise<RenderedDocument> {
      const pdf = await renderCaseForm(roster, data, o);
      const filename = `${caseLabel(data.case.id)}.pdf`;
      const path = join(dir, filename);
      try {
        mkdirSync(dir, { recursive: true });
        writeFileAtomic(path, pdf);
      } catch (e) {
        // a folder that cannot be written (EACCES, a file in the way, a full disk) is the operator's to fix: said
        // to the person who asked, and the desk runs on
        throw new DocumentWriteError(shownPath(dir, cwd), reasonOf(e), { cause: e });
      }
      return { path: shownPath(path, cwd), filename, bytes: pdf.length };
    },
    /** §15.5 the outage notice, `notice-OUT-12.pdf` beside the forms */
    async renderNotice(data: OutageNoticeData): Promise<RenderedDocument> {
      const pdf = await renderOutageNotice(data);
      const filename = `notice-${data.unitCode}.pdf`;
      const path = join(noticesDir, filename);
      try {
        mkdirSync(noticesDir, { recursive: true });
        writeFileAtomic(path, pdf);
      } catch (e) {
        throw new DocumentWriteError(shownPath(noticesDir, cwd), reasonOf(e), { cause: e });
      }
      return { path: shownPath(path, cwd), filename, bytes: pdf.length };
    },
  };
}
