/**
 * src/platforms/shared: what Slack and Discord both do, once (issue 12). Answer-or-defer with a use case the test
 * holds back (no timers to wait for), the request journal's one format stamped with the injected clock, the §2
 * channel rule, and case-id parsing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../../src/core/domain/roster.ts';
import { ManualClock } from '../../../src/core/ports/clock.ts';
import type { PendingRequestRecord } from '../../../src/core/ports/requests.ts';
import { answerOrDefer, DOCUMENT_COMMANDS, inTime } from '../../../src/platforms/shared/answer-or-defer.ts';
import { journalEntry, readEntry } from '../../../src/platforms/shared/journal.ts';
import { channelOn, consoleChannel } from '../../../src/platforms/shared/routing.ts';
import { caseIdPrefix, caseNumber, clip, keepEnds, splitText } from '../../../src/platforms/shared/text.ts';
import { DEMO_ROSTER } from '../../../src/cli/config.ts';

function journal() {
  const rows = new Map<string, PendingRequestRecord>();
  const log: string[] = [];
  return {
    rows,
    log,
    async journalRequest(r: PendingRequestRecord) {
      log.push(`journal ${r.key}`);
      rows.set(r.key, r);
    },
    async forgetRequest(key: string) {
      log.push(`forget ${key}`);
      rows.delete(key);
    },
  };
}

describe('answer or defer (Slack and Discord: ack within 3 s)', () => {
  const entry = {
    key: 'k1',
    platform: 'slack',
    actor: 'zhang',
    command: { line: '/complaint new 取不出钱' },
    replyTo: 'https://hooks.example/r',
  };

  it('answers with the ack when the work is done in time, and journals nothing', async () => {
    const j = journal();
    const said: string[] = [];
    const how = await answerOrDefer(Promise.resolve('done'), {
      deferAfterMs: 60_000,
      answer: async (r) => void said.push(`answer ${r}`),
      defer: async () => void said.push('defer'),
      late: async (r) => void said.push(`late ${r}`),
      journal: { to: j, clock: new ManualClock('2026-12-01T01:00:00Z'), entry },
    });
    expect(how).toBe('answered');
    expect(said).toEqual(['answer done']);
    expect(j.log).toEqual([]);
  });

  it('too slow: journals (stamped by the clock), acks "in hand", answers late, then forgets', async () => {
    const j = journal();
    const said: string[] = [];
    let finish!: (v: string) => void;
    const work = new Promise<string>((r) => (finish = r));
    const clock = new ManualClock('2026-12-01T01:00:00Z');
    const done = answerOrDefer(work, {
      deferAfterMs: 0, // the budget is spent at once: nothing to wait for
      answer: async (r) => void said.push(`answer ${r}`),
      defer: async () => {
        said.push('defer');
        // acknowledged means journalled: a crash from here on replays it
        expect(j.rows.get('k1')).toMatchObject({
          at: new Date('2026-12-01T01:00:00Z'),
          platform: 'slack',
          actor: 'zhang',
          replyTo: 'https://hooks.example/r',
        });
        finish('late answer');
      },
      late: async (r) => void said.push(`late ${r}`),
      journal: { to: j, clock, entry },
    });
    expect(await done).toBe('deferred');
    expect(said).toEqual(['defer', 'late late answer']);
    expect(j.log).toEqual(['journal k1', 'forget k1']);
    expect(j.rows.size).toBe(0);
  });

  it('a document command (§14, §15.5): journalled and deferred before its work even starts, then answered late', async () => {
    const j = journal();
    const said: string[] = [];
    const done = answerOrDefer(
      async () => {
        // drawing a PDF holds the event loop: "thinking…" must already be out
        said.push('work starts');
        return 'the form';
      },
      {
        deferAfterMs: 0,
        answer: async (r) => void said.push(`answer ${r}`),
        defer: async () => {
          expect(j.rows.get('k1')).toBeDefined();
          said.push('defer');
        },
        late: async (r) => void said.push(`late ${r}`),
        journal: { to: j, clock: new ManualClock('2026-12-01T01:00:00Z'), entry },
      },
    );
    expect(await done).toBe('deferred');
    expect(said).toEqual(['defer', 'work starts', 'late the form']);
    expect(j.log).toEqual(['journal k1', 'forget k1']);
    expect(DOCUMENT_COMMANDS.has('form') && DOCUMENT_COMMANDS.has('notice')).toBe(true);
  });

  it('inTime gives the result, or null when the budget is 0', async () => {
    expect(await inTime(Promise.resolve(1), 60_000)).toBe(1);
    expect(await inTime(Promise.resolve(1), 0)).toBeNull();
  });
});

describe('the request journal: one format for every front end', () => {
  const clock = new ManualClock('2026-12-01T02:03:04Z');

  it('stores a typed line or a validated command as JSON, stamped with the injected clock', () => {
    const line = journalEntry(
      { key: 'slack:cmd:1', platform: 'slack', actor: 'zhang', command: { line: '/complaint show C1' }, replyTo: null },
      clock,
    );
    const cmd = journalEntry(
      {
        key: 'discord:9',
        platform: 'discord',
        actor: 'li',
        command: { name: 'pay', values: { case: 1, amount: 1200 } },
        replyTo: 'app/token',
      },
      clock,
    );
    expect(line.at).toEqual(new Date('2026-12-01T02:03:04Z'));
    expect(readEntry(line)).toEqual({ line: '/complaint show C1' });
    expect(readEntry(cmd)).toEqual({ command: 'pay', values: { case: 1, amount: 1200 } });
  });

  it('reads rows journalled before (a bare Slack line) and refuses what it cannot run', () => {
    const row = (text: string): PendingRequestRecord => ({
      key: 'k',
      at: new Date(0),
      platform: 'slack',
      actor: 'zhang',
      text,
      replyTo: null,
    });
    expect(readEntry(row('/complaint new 取不出钱'))).toEqual({ line: '/complaint new 取不出钱' });
    expect(readEntry(row('not json'))).toBeNull();
    expect(readEntry(row('{"command": 3}'))).toBeNull();
  });
});

describe('§2 channel routing, one rule', () => {
  const demo = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));

  it("an outlet's group messages go to its group's channel on each platform", () => {
    expect(channelOn(demo, 'OUT-12', 'slack')).toBe('C0SB01');
    expect(channelOn(demo, 'OUT-12', 'discord')).toBe('900000000000000004');
    expect(consoleChannel(demo, 'OUT-12')).toBe('sb01-group');
    // SB02 has no channels: its group is BR01
    expect(channelOn(demo, 'OUT-21', 'slack')).toBe('C0BR01');
    expect(consoleChannel(demo, 'OUT-21')).toBe('br01-group');
  });

  it('a group without a channel on a platform reaches it through the nearest unit above that has one', () => {
    const text = readFileSync(DEMO_ROSTER, 'utf8').replace(
      'channels: { console: sb01-group, slack: C0SB01, discord: "900000000000000004" }',
      'channels: { console: sb01-group, slack: C0SB01 }',
    );
    const r = parseRoster(text);
    expect(channelOn(r, 'OUT-12', 'slack')).toBe('C0SB01');
    expect(channelOn(r, 'OUT-12', 'discord')).toBe('900000000000000002');
  });
});

describe('case ids and clip', () => {
  it('reads case labels and what a picker is typing', () => {
    expect(caseNumber('C12')).toBe(12);
    expect(caseNumber('c7')).toBe(7);
    expect(caseNumber('12')).toBeNull();
    expect(caseNumber('C')).toBeNull();
    expect(caseIdPrefix('C1')).toBe('1');
    expect(caseIdPrefix('')).toBe('');
    expect(caseIdPrefix('取不出钱')).toBeNull();
  });
  it('clips to the limit with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
});

describe('splitting a long answer into parts (issue 21 items 7, 8)', () => {
  it('cuts at line ends, keeps every character, and never makes a part longer than asked', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `  C${i + 1} 已受理 · OUT-12 · 紧急取现 · @zhang — 客户取不出钱`);
    const text = [...lines, '还有 240 件未显示：/complaint list open page=2'].join('\n');
    const parts = splitText(text, 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(500);
    expect(parts.join('\n')).toBe(text);
    expect(parts.at(-1)).toMatch(/page=2$/);
  });

  it('cuts a line longer than a part after a separator, else hard', () => {
    const long = Array.from({ length: 200 }, (_, i) => `OUT-${i}·ATM不可用 1`).join('，');
    const parts = splitText(long, 300);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(300);
      expect(p.endsWith('，') || p === parts.at(-1)).toBe(true);
    }
    expect(parts.join('')).toBe(long);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('past the most parts an answer may have, keeps the first ones and the last', () => {
    const parts = ['a', 'b', 'c', 'd', 'e', 'more: page=2'];
    expect(keepEnds(parts, 6, 100)).toEqual(parts);
    expect(keepEnds(parts, 3, 100)).toEqual(['a', 'b', '…\nmore: page=2']);
  });
});
