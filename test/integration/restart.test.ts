import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDesk } from '../helpers/desk.ts';
import { createPrismaClient } from '../helpers/prisma-client.ts';
import { killWhen } from '../helpers/until.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function child(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/scheduler-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('restart: a scheduler killed mid-schedule loses no nag and doubles none (SPEC §5)', () => {
  it('fires every (case, deadline, stage) exactly once across a SIGKILL and a restart', async () => {
    const d = await testDesk();
    await d.at('09:00');
    const N = 60;
    // §16.4: a general case would take one working day; `other_emergency` keeps §5's windows and never clusters
    for (let i = 0; i < N; i++)
      await d.core.desk.handleText(
        i % 2 ? 'zhang' : 'ma',
        `/complaint new unit=${i % 2 ? 'OUT-12' : 'OUT-11'} category=other_emergency channel=phone phone=139${String(i).padStart(8, '0')} 电话投诉 ${i}`,
      );
    const url = d.url;
    const out = join(d.dir, 'delivered.txt');
    await d.scheduler.stop();
    await d.core.close();
    // Every stage of every deadline is due by 23:00: reminder, breach, 4 repeats for onsite/reply/report.
    const env = { DATABASE_URL: url, AT: '2026-12-01T15:00:00Z', OUT: out };
    const first = child(env);
    // kill it once it has delivered part of the work
    const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').length : 0);
    await killWhen(first, () => lines() > 120, 'the child to deliver part of the work', { everyMs: 20, tries: 3000 });
    await new Promise((r) => first.on('close', r));
    const partial = readFileSync(out, 'utf8').trim().split('\n').length;
    // restarted two minutes later: the killed process's lease on its in-flight message has expired
    const second = child({ ...env, AT: '2026-12-01T15:02:00Z' });
    let err = '';
    second.stderr.on('data', (x) => (err += x));
    const code = await new Promise((r) => second.on('close', r));
    expect(err).toBe('');
    expect(code).toBe(0);

    const db = createPrismaClient(url);
    const keys = (await db.prisma.outboxMessage.findMany({ where: { key: { startsWith: 'dl:' } }, select: { key: true } })).map(
      (r) => r.key,
    );
    const pending = await db.prisma.outboxMessage.count({ where: { status: 'pending' } });
    const deadlines = await db.prisma.deadline.count({ where: { kind: { in: ['onsite', 'reply', 'report'] }, state: 'pending' } });
    await db.close();
    // nothing lost: 6 stages (reminder, breach, 4 repeats) for each pending nagged deadline, and the handler's direct
    // message with the breach and each repeat (§5)
    expect(keys.filter((k) => !k.endsWith(':dm')).length).toBe(deadlines * 6);
    expect(keys.filter((k) => k.endsWith(':dm')).length).toBe(deadlines * 5);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pending).toBe(0);
    const delivered = readFileSync(out, 'utf8').trim().split('\n');
    const counts = new Map<string, number>();
    for (const k of delivered) counts.set(k, (counts.get(k) ?? 0) + 1);
    const dl = [...counts.keys()].filter((k) => k.startsWith('dl:'));
    expect(new Set(dl)).toEqual(new Set(keys));
    // at-least-once delivery: only a message in flight at the moment of the kill can go out twice
    const twice = [...counts.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(1);
    expect(partial).toBeLessThan(delivered.length);
    await d.close().catch(() => undefined);
  }, 120_000);
});
