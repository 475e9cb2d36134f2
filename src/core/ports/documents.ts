import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../domain/case.ts';

/** Everything the handling form (§14) shows: the case and its history, read in the command's transaction. */
export interface CaseFormData {
  case: CaseRecord;
  deadlines: DeadlineRecord[];
  timeline: TimelineRecord[];
  paidFen: number;
}

/** A document written for someone to open or attach. */
export interface RenderedDocument {
  /** where it was written (relative to the working folder when under it), e.g. `data/forms/C12.pdf` */
  path: string;
  /** the name to attach it under */
  filename: string;
  bytes: number;
}

/**
 * The plan's paperwork (§14), rendered outside the core (src/reports): the core decides what goes on the form
 * and whether the customer is masked; how a PDF is drawn is not its business.
 */
export interface Documents {
  /** §14: the case's handling form as a PDF; `masked` for chat (§3), whole for the archive. */
  renderForm(data: CaseFormData, opts: { masked: boolean; asOf: Date }): Promise<RenderedDocument>;
}

/** The document could not be written where documents go (a folder not writable, a file in the way): the reader is told so. */
export class DocumentWriteError extends Error {
  constructor(
    /** the folder, as people should read it */
    readonly dir: string,
    /** the cause in words: "permission denied (EACCES)" */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write documents to ${dir}: ${reason}`, options);
    this.name = 'DocumentWriteError';
  }
}
