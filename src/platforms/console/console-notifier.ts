import type { OutboxRecord } from '../../core/domain/case.ts';
import type { Notifier } from '../../core/ports/store.ts';
import { CHAT_KINDS } from '../../core/ports/outbox.ts';
import type { MessageKind } from '../../core/domain/case.ts';
import type { Roster } from '../../core/domain/roster.ts';
import { caseLabel } from '../../core/domain/case.ts';
import { isoLocal } from '../../core/domain/time.ts';
import { consoleChannel } from '../shared/routing.ts';

/** The drill contract's JSON object for one message (SPEC §10). */
export interface DrillMessage {
  at: string;
  to: string;
  kind: string;
  case: string | null;
  mentions: string[];
  text: string;
  deadline?: string;
  reason?: string;
  unit?: string;
  stats?: Record<string, number>;
}

/** Where a message goes in the console: a group's console channel name, or `@handle`. */
function consoleAddress(
  roster: Roster,
  m: Pick<OutboxRecord, 'toUnit' | 'toHandle'> & Partial<Pick<OutboxRecord, 'kind' | 'payload'>>,
): string {
  // §10: a `mail` line is addressed to the mailbox
  if (m.kind === 'mail' && m.payload?.mailTo) return m.payload.mailTo;
  if (m.toHandle) return `@${m.toHandle}`;
  return consoleChannel(roster, m.toUnit);
}

function toDrillMessage(roster: Roster, m: OutboxRecord): DrillMessage {
  const out: DrillMessage = {
    at: isoLocal(m.at, roster.settings.timezone),
    to: consoleAddress(roster, m),
    kind: m.kind,
    case: m.caseId != null ? caseLabel(m.caseId) : null,
    mentions: m.payload.mentions ?? [],
    text: m.payload.text,
  };
  if (m.payload.deadline && ['reminder', 'breach', 'expiry'].includes(m.kind)) out.deadline = m.payload.deadline;
  if (m.kind === 'escalation' && m.payload.reason) out.reason = m.payload.reason;
  // §10: a handover (§12) carries its unit
  if (m.kind === 'handover') out.unit = m.payload.unit;
  // §10, §14: a `mail` line carries the unit; its text is the subject
  if (m.kind === 'mail') out.unit = m.payload.unit;
  if (m.kind === 'summary') {
    out.unit = m.payload.unit;
    out.stats = { ...(m.payload.stats as unknown as Record<string, number>) };
  }
  return out;
}

export function readableLine(msg: DrillMessage): string {
  const time = msg.at.slice(0, 16).replace('T', ' ');
  const tag = [msg.kind, msg.case, msg.deadline, msg.reason].filter(Boolean).join(' ');
  const to = msg.to.startsWith('@') || msg.kind === 'mail' ? msg.to : `#${msg.to}`;
  return `${time} ${to} [${tag}] ${msg.text.replace(/\n/g, '\n    ')}`;
}

/**
 * Prints (or collects) every message the bot sends, as the console and drills show them. It takes the chat kinds;
 * next to a mail notifier (a drill, the console) it also prints each mail as a `mail` line (§10, §14): pass
 * ALL_KINDS then. Alone it leaves mails to a mail notifier, so a printed line never stands for a mail not sent.
 */
export class ConsoleNotifier implements Notifier {
  readonly platform = 'console';
  readonly local = true;
  constructor(
    private roster: Roster,
    private sink: (m: DrillMessage) => void,
    readonly kinds: readonly MessageKind[] = CHAT_KINDS,
  ) {}
  async send(m: OutboxRecord): Promise<void> {
    this.sink(toDrillMessage(this.roster, m));
  }
}
