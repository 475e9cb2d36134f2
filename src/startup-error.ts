import { redactUrl } from './redact-url.ts';

/**
 * Start-up failures an operator can fix (a bad variable, an unwritable database, a busy port, an unreachable
 * server): one line saying what failed, where, why and what to do, printed once by src/cli/main.ts. Anything else
 * thrown at start-up is a bug: one line too, and the stack only with LOG_LEVEL=debug.
 */
interface StartupProblem {
  /** what failed: "cannot create the database folder" */
  what: string;
  /** the path, URL, port or variable it is about */
  where?: string;
  /** the cause in words: "permission denied" */
  why?: string;
  /** what to do: "set DATABASE_URL=file:PATH to a writable place" */
  hint?: string;
}

export class StartupError extends Error {
  readonly problem: StartupProblem;
  constructor(problem: StartupProblem, options?: { cause?: unknown }) {
    const { what, where, why, hint } = problem;
    const text = `${what}${where ? ` ${where}` : ''}${why ? `: ${why}` : ''}${hint ? ` — ${hint}` : ''}`;
    super(oneLine(text), options);
    this.name = 'StartupError';
    this.problem = problem;
  }
}

/** Newlines and runs of blanks folded to one space: a message printed by the CLI is one line. */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** The first line of an error's message (drops Rust span traces and the like). */
export function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return (m.split('\n').find((l) => l.trim()) ?? m).trim();
}

const ERRNO: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted (read-only or immutable)',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EEXIST: 'something else is already there',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRINUSE: 'already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/** A system error in words ("permission denied (EACCES)"); other errors by their first line. */
export function reasonOf(e: unknown): string {
  const err = e as { code?: unknown; errors?: unknown[] } | null;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code && ERRNO[code]) return `${ERRNO[code]} (${code})`;
  // Node's happy-eyeballs connect throws an AggregateError with an empty message: use its first error
  if (Array.isArray(err?.errors) && err.errors.length && !(e as Error).message) return reasonOf(err.errors[0]);
  return firstLine(e) || String(code ?? e);
}

/** True for LOG_LEVEL=debug or trace (read raw: it must work when the environment itself is invalid). */
export function wantsStacks(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(debug|trace)$/i.test(env.LOG_LEVEL ?? '');
}

/**
 * What the CLI prints for a failure that ends it: one line; with `stacks` (LOG_LEVEL=debug) the stack and its
 * causes follow.
 */
export function renderFailure(e: unknown, prog: string, stacks: boolean): string {
  const lines: string[] = [];
  if (e instanceof StartupError) lines.push(`${prog}: ${e.message}`);
  else lines.push(`${prog}: unexpected error: ${oneLine(firstLine(e))} (run with LOG_LEVEL=debug for the stack)`);
  if (stacks) {
    let cur: unknown = e;
    for (let depth = 0; cur && depth < 5; depth++) {
      lines.push(depth ? `caused by: ${stackOf(cur)}` : stackOf(cur));
      cur = (cur as { cause?: unknown }).cause;
    }
  }
  // credentials in a URL the error carries (a database or SMTP address) are never printed
  return redactUrl(lines.join('\n')) + '\n';
}

function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
