/**
 * Every command's use case, by command name. The binding to the grammar (commands/) is typed where the two
 * meet (src/platforms/shared/front-desk.ts): a command without a use case, or one whose values the use case
 * does not accept, does not compile.
 */
import { assignCase } from './assign-case.ts';
import { escalateCase } from './escalate-case.ts';
import { listCases } from './list-cases.ts';
import { arriveOnSite, markContacted, replyToCustomer, reportResult } from './mark-step.ts';
import { showPhone } from './show-phone.ts';
import { noteCase } from './note-case.ts';
import { openCase } from './open-case.ts';
import { payCase } from './pay-case.ts';
import { reopenCase } from './reopen-case.ts';
import { resolveCase } from './resolve-case.ts';
import { showCase } from './show-case.ts';
import { showHelp } from './show-help.ts';
import { showSummary } from './show-summary.ts';
import { startCase } from './start-case.ts';
import { transferCase } from './transfer-case.ts';
import { formCase } from './form-case.ts';
import { openBoard } from './open-board.ts';
import { dutyUseCase } from './duty.ts';
import { addLogEntry, showWorkLog } from './work-log.ts';
import { promiseCase } from './promise-case.ts';
import { formalCase } from './formal-case.ts';
import { callbackCase } from './callback-case.ts';
import { showScorecard } from './show-scorecard.ts';
import { showContacts } from './show-contacts.ts';
import { printNotice } from './print-notice.ts';
import { lineCase } from './report-to-line.ts';

export const USE_CASES = {
  new: openCase,
  assign: assignCase,
  transfer: transferCase,
  start: startCase,
  arrive: arriveOnSite,
  reply: replyToCustomer,
  report: reportResult,
  resolve: resolveCase,
  note: noteCase,
  escalate: escalateCase,
  reopen: reopenCase,
  pay: payCase,
  promise: promiseCase,
  formal: formalCase,
  callback: callbackCase,
  scorecard: showScorecard,
  contacted: markContacted,
  phone: showPhone,
  show: showCase,
  list: listCases,
  summary: showSummary,
  form: formCase,
  board: openBoard,
  duty: dutyUseCase,
  log: addLogEntry,
  worklog: showWorkLog,
  contacts: showContacts,
  notice: printNotice,
  line: lineCase,
  help: showHelp,
} as const;

export type { Reply, UseCase } from './use-case.ts';
export { ComplaintDesk } from './complaint-desk.ts';
