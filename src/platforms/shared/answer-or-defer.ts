/**
 * Slack and Discord forget a request not answered within 3 s. Every front end acks first when the work is slow:
 * the answer goes with the ack when the use case is done within the budget, else the ack says "in hand" (after
 * the command is journalled, so a crash loses nothing acknowledged) and the answer follows when it is done.
 */
import type { Clock } from '../../core/ports/clock.ts';
import type { RequestJournal } from '../../core/ports/requests.ts';
import { journalEntry, type JournalledCommand } from './journal.ts';

/** Ack "in hand" when the work has not finished after this long (Slack's and Discord's limit is 3 s). */
export const DEFER_AFTER_MS = 1500;

/** The work's result if it is done within `ms`, else null (the work keeps running). `ms` ≤ 0: always null. */
export async function inTime<T>(work: Promise<T>, ms: number): Promise<T | null> {
  if (ms <= 0) return null;
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, budget]);
  } finally {
    clearTimeout(timer);
  }
}

interface Deferral<T> {
  deferAfterMs: number;
  /** In time: the ack carries the answer. */
  answer(result: T): Promise<void>;
  /** Too slow: ack "in hand". */
  defer(): Promise<void>;
  /** The answer to a deferred request, when the work is done. */
  late(result: T): Promise<void>;
  /** Journal the command before the "in hand" ack and forget it once answered (a crash in between replays it). */
  journal?: { to: Pick<RequestJournal, 'journalRequest' | 'forgetRequest'>; clock: Clock; entry: JournalledCommand };
}

/**
 * Commands that render a document (§14 the handling form, §15.5 the outage notice): drawing a PDF holds the event
 * loop for longer than a timer can interrupt under load, so these are deferred before their work starts.
 */
export const DOCUMENT_COMMANDS: ReadonlySet<string> = new Set(['form', 'notice']);

/**
 * Answers in time or defers; says which it did. `work` is the running work, or a function that starts it: then with
 * `deferAfterMs` ≤ 0 the command is journalled and deferred before its work starts.
 */
export async function answerOrDefer<T>(start: Promise<T> | (() => Promise<T>), d: Deferral<T>): Promise<'answered' | 'deferred'> {
  if (typeof start === 'function' && d.deferAfterMs <= 0) {
    if (d.journal) await d.journal.to.journalRequest(journalEntry(d.journal.entry, d.journal.clock));
    await d.defer();
    const late = await start();
    if (d.journal) await d.journal.to.forgetRequest(d.journal.entry.key);
    await d.late(late);
    return 'deferred';
  }
  const work = typeof start === 'function' ? start() : start;
  const res = await inTime(work, d.deferAfterMs);
  if (res !== null) {
    await d.answer(res);
    return 'answered';
  }
  if (d.journal) await d.journal.to.journalRequest(journalEntry(d.journal.entry, d.journal.clock));
  await d.defer();
  const late = await work;
  if (d.journal) await d.journal.to.forgetRequest(d.journal.entry.key);
  await d.late(late);
  return 'deferred';
}
