/** Every /complaint subcommand, in the order help lists them. Front ends are built from this list. */
import { newCommand } from './new.ts';
import { assignCommand } from './assign.ts';
import { transferCommand } from './transfer.ts';
import { startCommand } from './start.ts';
import { arriveCommand } from './arrive.ts';
import { replyCommand } from './reply.ts';
import { reportCommand } from './report.ts';
import { resolveCommand } from './resolve.ts';
import { noteCommand } from './note.ts';
import { escalateCommand } from './escalate.ts';
import { reopenCommand } from './reopen.ts';
import { payCommand } from './pay.ts';
import { showCommand } from './show.ts';
import { listCommand } from './list.ts';
import { summaryCommand } from './summary.ts';
import { helpCommand } from './help.ts';
import { formCommand } from './form.ts';
import { boardCommand } from './board.ts';
import { dutyCommand } from './duty.ts';
import { logCommand } from './log.ts';
import { worklogCommand } from './worklog.ts';
import { promiseCommand } from './promise.ts';
import { formalCommand } from './formal.ts';
import { callbackCommand } from './callback.ts';
import { scorecardCommand } from './scorecard.ts';
import { contactsCommand } from './contacts.ts';
import { noticeCommand } from './notice.ts';
import { lineCommand } from './line.ts';
import { contactedCommand } from './contacted.ts';
import { phoneCommand } from './phone.ts';
import type { ValuesOf } from './define.ts';

export const COMMANDS = [
  newCommand,
  assignCommand,
  transferCommand,
  startCommand,
  arriveCommand,
  replyCommand,
  reportCommand,
  resolveCommand,
  noteCommand,
  escalateCommand,
  reopenCommand,
  payCommand,
  promiseCommand,
  formalCommand,
  callbackCommand,
  contactedCommand,
  phoneCommand,
  showCommand,
  listCommand,
  summaryCommand,
  scorecardCommand,
  formCommand,
  boardCommand,
  dutyCommand,
  logCommand,
  worklogCommand,
  contactsCommand,
  noticeCommand,
  lineCommand,
  helpCommand,
] as const;

/** Every subcommand by name, each with its typed values. */
type AnyCommand = (typeof COMMANDS)[number];
export type CommandName = AnyCommand['name'];
export type CommandByName = { [C in AnyCommand as C['name']]: C };
export type CommandValues = { [N in CommandName]: ValuesOf<CommandByName[N]> };

export const SLASH_COMMAND = '/complaint';

export function findCommand(name: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.name === name.toLowerCase());
}
