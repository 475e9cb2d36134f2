/**
 * A scheduler process for the restart test: opens the desk on DATABASE_URL at the virtual time AT, fires
 * everything due and delivers it, appending each delivered message key to OUT (one line each), then exits.
 * ROSTER (optional): a roster file instead of the demo roster.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import type { Notifier } from '../../src/core/ports/store.ts';
import { ALL_KINDS } from '../../src/core/ports/outbox.ts';
import { demoRosterText } from './desk.ts';

const clock = new ManualClock(process.env.AT!);
const core = await createCore({
  databaseUrl: process.env.DATABASE_URL!,
  roster: parseRoster(process.env.ROSTER ? readFileSync(process.env.ROSTER, 'utf8') : demoRosterText()),
  clock,
});
const notifier: Notifier = {
  platform: 'file',
  kinds: ALL_KINDS,
  async send(m) {
    appendFileSync(process.env.OUT!, `${m.key}\n`);
  },
};
const scheduler = new Scheduler(core.desk.ctx, core.store, clock, [notifier], { owner: `child-${process.pid}` });
await scheduler.tick();
await core.close();
process.stdout.write('done\n');
