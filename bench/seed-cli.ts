/** `tsx bench/seed-cli.ts FILE N FROM_ISO SPAN_MS`: creates the database and seeds N cases (run in its own process). */
import { createCore, loadRoster } from '../src/cli/app.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { DEMO_ROSTER } from '../src/cli/config.ts';
import { seedCases } from './seed.ts';

const [file, n, from, span] = process.argv.slice(2);
const core = await createCore({ databaseUrl: `file:${file}`, roster: loadRoster(DEMO_ROSTER), clock: new ManualClock(from) });
await seedCases(core, Number(n), new Date(from), Number(span), { openShare: 1, file });
await core.close();
