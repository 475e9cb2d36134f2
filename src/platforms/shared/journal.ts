/**
 * The request journal, one format for every front end: a command acknowledged "in hand" is stored as the command's
 * name and its validated values (or, for a line whose grammar the desk parses itself, the line), stamped with the
 * desk's clock, with where its answer goes. After a restart each is run again under its original request key (a
 * no-op returning the stored reply when it had in fact completed) and answered there.
 */
import { findCommand, type ParsedCommand } from '../../../commands/index.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { PendingRequestRecord, RequestJournal } from '../../core/ports/requests.ts';
import type { FrontDesk, Reply } from './front-desk.ts';

export interface JournalledCommand {
  key: string;
  platform: string;
  actor: string;
  /** the command as validated, or the typed line (`/complaint …`) */
  command: { name: string; values: Record<string, unknown> } | { line: string };
  /** where the late answer goes (Slack: the response_url; Discord: "applicationId/token") */
  replyTo: string | null;
}

/** The stored form: JSON `{command, values}` or `{line}`. */
export function journalEntry(c: JournalledCommand, clock: Clock): PendingRequestRecord {
  const text =
    'line' in c.command ? JSON.stringify({ line: c.command.line }) : JSON.stringify({ command: c.command.name, values: c.command.values });
  return { key: c.key, at: clock.now(), platform: c.platform, actor: c.actor, text, replyTo: c.replyTo };
}

/** A journalled command as the desk runs it; rows written before this format (a bare `/complaint …` line) too. */
export function readEntry(row: PendingRequestRecord): { line: string } | { command: string; values: Record<string, unknown> } | null {
  let saved: unknown;
  try {
    saved = JSON.parse(row.text);
  } catch {
    return row.text.startsWith('/') ? { line: row.text } : null;
  }
  if (saved && typeof saved === 'object') {
    const s = saved as { line?: unknown; command?: unknown; values?: unknown };
    if (typeof s.line === 'string') return { line: s.line };
    if (typeof s.command === 'string' && s.values && typeof s.values === 'object')
      return { command: s.command, values: s.values as Record<string, unknown> };
  }
  return null;
}

interface ReplayLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * Runs a platform's journalled commands again (oldest first), hands each reply to `answer` (with the row's
 * `replyTo`), and forgets each. Returns how many there were.
 */
export async function replayJournal(o: {
  platform: string;
  journal: Pick<RequestJournal, 'pendingRequests' | 'forgetRequest'>;
  desk: FrontDesk;
  log: ReplayLog;
  /** after a command that changed something: wake the outbox sender */
  poke?: () => void;
  answer: (row: PendingRequestRecord, reply: Reply) => Promise<void>;
}): Promise<number> {
  const rows = await o.journal.pendingRequests(o.platform);
  for (const row of rows) {
    const saved = readEntry(row);
    let reply: Reply | null = null;
    if (saved && 'line' in saved) reply = await o.desk.handleText(row.actor, saved.line, { requestKey: row.key });
    else if (saved) {
      const member = o.desk.roster.member(row.actor);
      const def = findCommand(saved.command);
      // the values were validated before they were journalled
      if (member && def) reply = await o.desk.handle(member, { def, values: saved.values } as ParsedCommand, { requestKey: row.key });
    }
    if (reply) {
      if (reply.ok) o.poke?.();
      if (row.replyTo)
        await o
          .answer(row, reply)
          .catch((e: unknown) => o.log.warn({ err: e, key: row.key }, `${o.platform}: could not answer a replayed command`));
      o.log.info(
        { key: row.key, ok: reply.ok, case: reply.caseId != null ? `C${reply.caseId}` : undefined },
        `${o.platform}: replayed a command acknowledged before a restart`,
      );
    }
    await o.journal.forgetRequest(row.key);
  }
  return rows.length;
}
