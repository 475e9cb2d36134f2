/**
 * Intake first (issue 16): while commands are being answered, a network send of the outbox waits for them (up to
 * Scheduler.YIELD_MS each), so a burst of slash commands is acked before the messages it caused go out; delivery
 * still moves when commands never stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, loadRoster, type AppCore } from '../../src/cli/app.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import type { OutboxRecord } from '../../src/core/domain/case.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import type { Notifier } from '../../src/core/ports/store.ts';
import { CHAT_KINDS } from '../../src/core/ports/outbox.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { deliverOutbox } from '../../src/scheduler/deliver-outbox.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { until } from '../helpers/until.ts';

/** A network platform that records what it sent. */
class Recorder implements Notifier {
  readonly platform = 'net';
  readonly local = false;
  readonly kinds = CHAT_KINDS;
  readonly sent: string[] = [];
  async send(m: OutboxRecord): Promise<void> {
    this.sent.push(m.key);
  }
}

describe('intake first: delivery yields to commands in flight', () => {
  let dir: string;
  let core: AppCore;
  const clock = new ManualClock(atLocal('2026-12-01', '09:00', 'Asia/Shanghai'));
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-intake-'));
    core = await createCore({ databaseUrl: `file:${join(dir, 'db.sqlite')}`, roster: loadRoster(DEMO_ROSTER), clock });
  });
  afterEach(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the desk says when no command is running', async () => {
    const desk = core.desk.desk;
    let idle = false;
    await desk.whenIdle(); // none running: at once
    const running = core.desk.handleText('zhang', '/complaint new category=atm 取款机吞卡');
    void desk.whenIdle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    expect((await running).ok).toBe(true);
    await until(() => idle, 'the desk to be idle');
  });

  it('a network send waits for the command in flight, then goes', async () => {
    expect((await core.desk.handleText('zhang', '/complaint new category=atm 取款机吞卡')).ok).toBe(true);
    const net = new Recorder();
    let release!: () => void;
    const commandDone = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const waiting = new Promise<void>((r) => (reached = r));
    const delivering = deliverOutbox(core.store, [net], clock, 'r1', {
      yieldToCommands: () => {
        reached();
        return commandDone;
      },
    });
    await waiting; // the sender is at its yield: nothing can be sent until the command is done
    expect(net.sent).toEqual([]); // held while the command runs
    release();
    const r = await delivering;
    expect(r.sent).toBeGreaterThan(0);
    expect(net.sent).toHaveLength(r.sent);
  });

  it('the scheduler still delivers while commands never stop (each send waits at most YIELD_MS)', async () => {
    expect((await core.desk.handleText('zhang', '/complaint new category=atm 取款机吞卡')).ok).toBe(true);
    const pending = await core.store.outboxBacklog();
    expect(pending).toBeGreaterThan(0);
    const net = new Recorder();
    const never = new Promise<void>(() => {});
    const scheduler = new Scheduler(core.desk.ctx, core.store, clock, [net], { owner: 'r1', commandsIdle: () => never });
    await scheduler.tick();
    expect(net.sent).toHaveLength(pending);
    expect(await core.store.outboxBacklog()).toBe(0);
  });
});
