import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Logger } from 'pino';
import type { Notifier } from '../../core/ports/store.ts';
import { ALL_KINDS, CHAT_KINDS } from '../../core/ports/outbox.ts';
import type { DailySummary } from '../../core/domain/daily-summary.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { t } from '../../core/i18n/messages.ts';
import { phaseText } from '../../core/i18n/clock-render.ts';
import type { PassStore } from '../../scheduler/run-pass.ts';
import { Scheduler } from '../../scheduler/scheduler.ts';
import type { SummaryChart } from '../shared/deps.ts';
import type { FrontDesk } from '../shared/front-desk.ts';
import { ConsoleNotifier, readableLine } from './console-notifier.ts';

/** What the console is given: the desk, the clock, what a scheduler pass reads and writes, and the §8 chart renderer. */
export interface ConsoleDeps {
  desk: FrontDesk;
  clock: Clock;
  passes: PassStore;
  chart: SummaryChart;
  /** §14 the daily report mail (on the console: .eml files under data/mail/) */
  mail?: Notifier;
}

/**
 * The terminal front end: `as HANDLE` picks who you are, then type `/complaint …`. Channel posts appear as they
 * are delivered. Works on a TTY and with piped stdin (scripts).
 */
export async function runConsole(
  deps: ConsoleDeps,
  io: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    /** what the banner names: the roster file and the database */
    banner: { roster: string; database: string };
    /** lines said right after the banner (what the console could not start, where its mail goes) */
    notices?: string[];
    chartDir: string;
    /** JSON logs (stderr, at LOG_LEVEL): scheduler failures */
    log?: Logger;
  },
): Promise<void> {
  const { desk, clock } = deps;
  const roster = desk.roster;
  const L = desk.ctx.locale;
  const tty = (io.input as NodeJS.ReadStream).isTTY === true;
  let rl: Interface | undefined;
  /** on a TTY, the prompt (and whatever is typed after it) is on screen, waiting for Enter */
  let prompting = false;
  // A post that arrives while someone is typing goes above the prompt, which is drawn again with the half-typed
  // line (readline's own redraw), as a chat client does.
  const print = (s: string) => {
    if (!(tty && prompting && rl)) return void io.output.write(s + '\n');
    clearLine(io.output, 0);
    cursorTo(io.output, 0);
    io.output.write(s + '\n');
    rl.prompt(true);
  };
  // §14: with a mail notifier, each mail is printed as a line too
  const notifier = new ConsoleNotifier(roster, (m) => print(readableLine(m)), deps.mail ? ALL_KINDS : CHAT_KINDS);
  // §8: the chart that goes with each summary is written to a file on the console (scheduled and on demand)
  const writeChart = async (summary: DailySummary, at: Date) => {
    const { png, filename } = await deps.chart(summary, at);
    mkdirSync(io.chartDir, { recursive: true });
    const file = join(io.chartDir, filename);
    writeFileSync(file, png);
    print(`    📈 ${file}`);
  };
  const charts: Notifier = {
    platform: 'console-chart',
    local: true,
    kinds: ['summary'],
    async send(m) {
      if (!m.payload.summary) return;
      await writeChart(m.payload.summary as DailySummary, m.at);
    },
  };
  const scheduler = new Scheduler(desk.ctx, deps.passes, clock, [notifier, charts, ...(deps.mail ? [deps.mail] : [])], {
    owner: `console-${process.pid}`,
    onError: (e) => {
      io.log?.error({ err: e }, 'scheduler pass failed');
      print(t(L, 'console_scheduler_failed', { message: (e as Error).message }));
    },
  });
  print(t(L, 'console_banner', io.banner));
  for (const n of io.notices ?? []) print(n);
  // §16.1: the cutover phase, when the roster has an outage window
  const phase = phaseText(desk.ctx.r, clock.now());
  if (phase) print(`${t(L, 'label_phase')}: ${phase}`);
  const first =
    roster.members.find((m) => m.role === 'liaison' && roster.unit(m.unit)?.level === 'outlet') ??
    roster.members.find((m) => m.role === 'liaison') ??
    roster.members[0];
  let actor = first?.handle ?? '';
  const handles = () => roster.members.map((x) => x.handle).join(', ');
  print(t(L, 'console_you_are', { actor }));
  await scheduler.tick();
  scheduler.start();
  rl = createInterface({ input: io.input, output: tty ? io.output : undefined, terminal: tty, prompt: `@${actor}> ` });
  const prompt = () => {
    if (tty) {
      rl.setPrompt(`@${actor}> `);
      rl.prompt();
      prompting = true;
    }
  };
  prompt();
  const queue: string[] = [];
  let busy = false;
  /** the input ended: what is queued still runs */
  let ended = false;
  /** quit/exit: nothing after it runs */
  let quitting = false;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  // quit/exit and the end of input both end here, once: the last pass delivers what the last command caused,
  // then the scheduler stops and is waited for (its pass, its timers), and only then may the store be closed.
  let shutdown: Promise<void> | undefined;
  const finish = () =>
    (shutdown ??= (async () => {
      try {
        await scheduler.tick();
      } catch (e) {
        print(t(L, 'console_scheduler_failed', { message: (e as Error).message }));
      }
      await scheduler.stop();
      rl.close();
    })());
  const drain = async () => {
    if (busy) return;
    busy = true;
    while (queue.length && !quitting) {
      const line = queue.shift()!.trim();
      if (!line || line.startsWith('#')) continue;
      if (/^(quit|exit)$/i.test(line)) {
        quitting = true;
        break;
      }
      // `as` is the console's own word, not a subcommand: bare, it says how to use it
      if (/^as$/i.test(line)) {
        print(t(L, 'console_as_usage', { list: handles() }));
        continue;
      }
      const as = /^as\s+@?(\S+)$/i.exec(line);
      if (as) {
        const m = roster.member(as[1]);
        if (m) {
          actor = m.handle;
          print(t(L, 'console_switched', { handle: m.handle, name: m.name, unit: m.unit, role: m.role }));
        } else print(t(L, 'console_not_in_roster', { handle: as[1], list: handles() }));
        continue;
      }
      // a line typed with a full-width slash (／complaint …) is a command as well (help: full-width symbols work)
      const text = /^[/／]/.test(line) ? line : `/complaint ${line}`;
      const reply = await desk.handleText(actor, text);
      print(`${reply.ok ? '✓' : '✗'} ${reply.text.replace(/\n/g, '\n  ')}`);
      if (reply.ok && reply.summary) {
        try {
          await writeChart(reply.summary as DailySummary, clock.now());
        } catch (e) {
          io.log?.error({ err: e }, 'summary chart failed');
          print(t(L, 'console_chart_failed', { message: (e as Error).message }));
        }
      }
      await scheduler.tick();
    }
    busy = false;
    if (quitting || ended) {
      queue.length = 0;
      await finish();
      done();
    } else prompt();
  };
  rl.on('line', (l) => {
    prompting = false;
    if (quitting) return; // typed (or piped) after quit
    queue.push(l);
    void drain();
  });
  rl.on('close', () => {
    ended = true;
    void drain();
  });
  await finished;
}
