import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../helpers/console.ts';

describe('console front end (npm start without tokens, stdin piped)', () => {
  it('answers help, opens a case and shows it, on the embedded SQLite default', async () => {
    const r = await runConsole(
      '/complaint help\nas zhang\n/complaint new customer=王芳 phone=13800001111 取不出钱 / 今天要取\n/complaint show C1\n/complaint show C9\n',
    );
    expect(r.code).toBe(0);
    // the banner in the roster's words (zh-CN)
    expect(r.out).toMatch(/complaint-desk 控制台 · 名册 .*duty-roster\.yml · 数据库 file:.*data\/complaint-desk\.sqlite/);
    // §16.1: the demo roster of `npm start` has an outage window, so the console names the phase
    expect(r.out).toMatch(/切换阶段: (停业前|停业中|投产后)/);
    expect(r.out).toContain('/complaint new [unit=CODE]');
    expect(r.out).toContain('✓ 已受理，案件编号 C1，您是首问负责人。');
    expect(r.out).toMatch(/#sb01-group \[case C1\]/);
    expect(r.out).toContain('客户: 王* 138****1111');
    expect(r.out).toContain('✗ 没有编号为 C9 的投诉案件。');
    expect(r.out).not.toContain('13800001111');
  });

  it('stops with the line and field of a bad roster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-roster-'));
    const roster = join(dir, 'bad.yml');
    writeFileSync(
      roster,
      'units:\n  - { code: P, name: p, level: province, channels: { console: p } }\n  - { code: B, name: b, level: branch, parent: X }\n',
    );
    const r = await runConsole('', { ROSTER: roster });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 3, field units\[1\] \(B\)\.parent: unknown unit "X"/);
  });
});

describe("console: its own lines in the roster's words (issue 17)", () => {
  it('a bare `as` answers with its usage and the handles; an unknown handle is named in zh-CN', async () => {
    const r = await runConsole('as\nas nobody\nas zhang\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/当前身份 @\w+。输入「as 用户名」切换身份/);
    expect(r.out).toMatch(/! 用法：as 用户名。名册中的用户：.*\bzhang\b/);
    expect(r.out).not.toContain('未知子命令「as」');
    expect(r.out).toMatch(/! @nobody 不在名册中。名册中的用户：.*\bzhang\b/);
    expect(r.out).not.toMatch(/not in the roster|You are @/);
    expect(r.out).toMatch(/→ @zhang \S+（\S+，\w+）/);
  });
});

describe('console: quit with piped input (issue 17)', () => {
  for (const [name, input] of [
    ['quit as the first input', 'quit\n'],
    ['EXIT after commands', 'as zhang\n/complaint new 取不出钱\n/complaint show C1\nEXIT\n'],
    ['quit after commands, stdin left open', 'as zhang\n/complaint new 取不出钱\nquit\n'],
  ] as const) {
    it(`${name}: exits 0 and never reaches a closed database`, async () => {
      const r = await runConsole(input, {}, { keepOpen: name.includes('left open') });
      expect(r.err).not.toMatch(/database connection is not open/);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    });
  }
});

describe('console: LOG_LEVEL (issue 17)', () => {
  const logLines = (err: string) =>
    err
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { level: number; msg: string; event?: string; command?: string; case?: string; frontEnd?: string });

  it('LOG_LEVEL=debug: JSON lines on stderr (start, each command, stop), stdout unchanged, no customer data', async () => {
    const r = await runConsole('as zhang\n/complaint new customer=王芳 phone=13800001111 取不出钱\nquit\n', { LOG_LEVEL: 'debug' });
    expect(r.code).toBe(0);
    const logs = logLines(r.err);
    expect(logs.map((l) => l.msg)).toContain('complaint-desk console started');
    expect(logs).toContainEqual(expect.objectContaining({ event: 'command', command: 'new', case: 'C1', frontEnd: 'console' }));
    expect(logs.map((l) => l.msg)).toContain('complaint-desk console stopped');
    expect(r.err).not.toMatch(/13800001111|王芳|取不出钱/);
    expect(r.out).toContain('案件编号 C1');
    expect(r.out).not.toMatch(/"level":/);
  });

  it('unset: the console writes no logs (default warn)', async () => {
    const r = await runConsole('as zhang\n/complaint new 取不出钱\nquit\n');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});

describe('console: summary chart', () => {
  it('writes the PNG that goes with each summary to a file and prints its path', async () => {
    const { PassThrough } = await import('node:stream');
    const { existsSync, readFileSync } = await import('node:fs');
    const { createCore, loadRoster } = await import('../../src/cli/app.ts');
    const { ManualClock } = await import('../../src/core/ports/clock.ts');
    const { DEMO_ROSTER } = await import('../../src/cli/config.ts');
    const { runConsole } = await import('../../src/platforms/console/console-app.ts');
    const dir = mkdtempSync(join(tmpdir(), 'cd-chart-'));
    const clock = new ManualClock('2026-12-01T11:59:00Z'); // 19:59 in Asia/Shanghai
    const core = await createCore({ databaseUrl: `file:${join(dir, 'c.sqlite')}`, roster: loadRoster(DEMO_ROSTER), clock });
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    const { once } = await import('node:events').then((m) => m.default);
    output.on('data', (d) => (out += d));
    const { consoleDeps } = await import('../../src/cli/front-ends.ts');
    const done = runConsole(consoleDeps(core, clock), {
      input,
      output,
      banner: { roster: 'test', database: 'test' },
      chartDir: join(dir, 'charts'),
    });
    input.write('/complaint new channel=phone 取不出钱\n');
    // the case is opened at 19:59, before the clock moves past the summary time
    while (!out.includes('✓')) await once(output, 'data');
    clock.set('2026-12-01T12:00:30Z');
    input.end('/complaint list\n');
    await done;
    await core.close();
    const file = join(dir, 'charts', 'summary-BR01-2026-12-01.png');
    expect(out).toContain(file);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('console: on-demand summary and asynchronous posts (issue 17)', () => {
  async function startConsole(opts: { tty?: boolean } = {}) {
    const { PassThrough } = await import('node:stream');
    const { createCore, loadRoster } = await import('../../src/cli/app.ts');
    const { ManualClock } = await import('../../src/core/ports/clock.ts');
    const { DEMO_ROSTER } = await import('../../src/cli/config.ts');
    const { runConsole: run } = await import('../../src/platforms/console/console-app.ts');
    const dir = mkdtempSync(join(tmpdir(), 'cd-console-io-'));
    const clock = new ManualClock('2026-12-01T11:59:00Z'); // 19:59 in Asia/Shanghai
    const core = await createCore({ databaseUrl: `file:${join(dir, 'c.sqlite')}`, roster: loadRoster(DEMO_ROSTER), clock });
    const input = Object.assign(new PassThrough(), opts.tty ? { isTTY: true } : {});
    const output = new PassThrough();
    let out = '';
    const waiters = new Set<() => void>();
    output.on('data', (d) => {
      out += d;
      waiters.forEach((w) => w());
    });
    const { consoleDeps } = await import('../../src/cli/front-ends.ts');
    const done = run(consoleDeps(core, clock), {
      input,
      output,
      banner: { roster: 'test', database: 'test' },
      chartDir: join(dir, 'charts'),
    });
    /** resolves once the output after `from` matches */
    const waitFor = (re: RegExp, from = 0) =>
      new Promise<void>((res) => {
        const check = () => {
          if (re.test(out.slice(from))) {
            waiters.delete(check);
            res();
          }
        };
        waiters.add(check);
        check();
      });
    return {
      dir,
      clock,
      input,
      out: () => out,
      waitFor,
      async end() {
        input.end();
        await done;
        await core.close();
      },
    };
  }

  it('/complaint summary writes its chart and prints the path', async () => {
    const { readFileSync } = await import('node:fs');
    const c = await startConsole();
    c.input.write('/complaint new channel=phone 取不出钱\n/complaint summary\n');
    await c.waitFor(/📈 (\S+summary-\w+-2026-12-01\.png)/);
    const file = /📈 (\S+\.png)/.exec(c.out())![1];
    expect(file.startsWith(join(c.dir, 'charts'))).toBe(true);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    await c.end();
  });

  it('on a TTY, a scheduled post is printed above the prompt, which comes back with the half-typed line', async () => {
    const c = await startConsole({ tty: true });
    await c.waitFor(/@\w+> /);
    c.input.write('/complaint sho'); // typed, not yet sent
    await c.waitFor(/\/complaint sho/);
    const mark = c.out().length;
    c.clock.set('2026-12-01T12:00:30Z'); // 20:00:30: the day's summaries fall due; the scheduler's own timer posts them
    await c.waitFor(/#br01-group \[summary\][\s\S]*📈 [\s\S]*@\w+> \/complaint sho$/, mark);
    const after = c.out().slice(mark);
    // the post starts on a cleared line, and the prompt with the typed text is drawn again below the last output
    expect(after.indexOf('\x1b[')).toBeLessThan(after.indexOf('[summary]'));
    expect(after.lastIndexOf('/complaint sho')).toBeGreaterThan(after.lastIndexOf('📈'));
    c.input.write('w C9\r');
    await c.waitFor(/C9/, mark);
    await c.end();
  });
});
