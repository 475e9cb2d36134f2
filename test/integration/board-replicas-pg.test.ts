/**
 * §13 across replicas: two processes' cores on one PostgreSQL database; a change made on one reaches a board
 * connected to the other within 2 s (the other replica's change follower reads the shared change cursor: no
 * message bus), and that board's link was signed with the secret both replicas took from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, loadRoster, type AppCore } from '../../src/cli/app.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { freshPgDatabase, pgUnreachable } from '../helpers/pg.ts';
import { sse, startBoardRig, type BoardRig } from '../helpers/board.ts';

const down = await pgUnreachable();
if (down) console.warn(`board replica test skipped: PostgreSQL at 127.0.0.1:5432 not reachable (${down})`);

describe.skipIf(!!down)('the board across two replicas on PostgreSQL (§13)', () => {
  const clock = new ManualClock('2026-12-01T01:00:00Z');
  const roster = loadRoster(DEMO_ROSTER);
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let a: BoardRig;
  let b: BoardRig;
  let coreB: AppCore;

  beforeAll(async () => {
    db = await freshPgDatabase();
    a = await startBoardRig({ roster, clock, databaseUrl: db.url });
    coreB = await createCore({ databaseUrl: db.url, roster, clock });
    b = await startBoardRig({ roster, clock, core: coreB });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await coreB?.close();
    await db?.drop();
  });

  it('both replicas sign with the one secret kept in the database', () => {
    expect(a.board.secret).toBe(b.board.secret);
    expect(a.board.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('a case opened on replica B reaches a board connected to replica A within 2 s', async () => {
    const link = new URL(b.linkFor('liu')); // handed out by B, opened on A
    const board = sse(`${a.url}/board/events${link.search}&after=0`);
    try {
      await board.until((e) => e.event === 'now');
      const r = await coreB.desk.handleText('zhang', '/complaint new unit=OUT-12 channel=phone 另一副本受理');
      expect(r.ok, r.text).toBe(true);
      const e = await board.until((x) => x.event === 'change' && x.data.includes(`"id":"C${r.caseId}"`), 2000);
      expect(Number(e.id)).toBeGreaterThan(0);
      // and the page on A shows it
      const html = await (await fetch(`${a.url}/board${link.search}`)).text();
      expect(html).toContain(`data-id="C${r.caseId}"`);
    } finally {
      board.close();
    }
  });
});
