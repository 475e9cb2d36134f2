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
  /** §15.5 the outage notice (absent: `/complaint notice` is refused) */
  renderNotice?: NoticeDocuments['renderNotice'];
}

/** §15.5 the outage notice for a unit's door, already worded in the roster's locale. */
export interface OutageNoticeData {
  unitCode: string;
  title: string;
  unitName: string;
  greeting: string;
  /** the unified explanation (统一口径) */
  explanation: string;
  /** §16.1 the outage window, when set */
  window: string | null;
  /** the head and the enquiry contact, each with both numbers; a missing number is `unknown` */
  people: { title: string; name: string; office: string; mobile: string }[];
  /** the table's column heads: role, name, office, mobile */
  columns: [string, string, string, string];
  /** "以上手机号码24小时开机" */
  alwaysOnNote: string;
  hotline: string;
  footer: string;
}

/** §15.5 the outage notice as a PDF, drawn with the form's font and renderer. */
export interface NoticeDocuments {
  renderNotice(data: OutageNoticeData): Promise<RenderedDocument>;
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
