/**
 * Waits for a condition (polling every `everyMs`), never for a length of time: the machine is shared and noisy, so
 * tests wait on what they expect to happen and give up, naming it, only after `tries` polls.
 */
export async function until(cond: () => boolean, what: string, opts: { everyMs?: number; tries?: number } = {}): Promise<void> {
  const { everyMs = 20, tries = 500 } = opts;
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Kills `child` (SIGKILL, as a crash would) once `cond` holds; kills it too and throws if it never does. */
export async function killWhen(
  child: { kill(signal: NodeJS.Signals): unknown },
  cond: () => boolean,
  what: string,
  opts: { everyMs?: number; tries?: number } = {},
): Promise<void> {
  try {
    await until(cond, what, opts);
  } finally {
    child.kill('SIGKILL');
  }
}
