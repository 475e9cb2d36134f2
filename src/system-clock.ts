import type { Clock } from './core/ports/clock.ts';

/** Real time, for the composition root; the core only ever sees the injected Clock. */
export const systemClock: Clock = { now: () => new Date() };
