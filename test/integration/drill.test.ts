import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runDrill, parseDrillScript, DrillScriptError } from '../../src/cli/drill.ts';
import { SOURCE_BIN } from '../helpers/bin.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

/** SPEC §10, the drill JSON Lines contract, exactly. */
const base = {
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
  to: z.string().min(1),
  case: z
    .string()
    .regex(/^C\d+$/)
    .nullable(),
  mentions: z.array(z.string()),
  text: z.string().min(1),
};
const deadline = z.enum(['onsite', 'reply', 'report', 'transfer', 'start', 'oral_loss_report', 'contact', 'promise']);
const ZLine = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('ack'), to: z.string().regex(/^@/) }),
  z.strictObject({ ...base, kind: z.literal('error'), to: z.string().regex(/^@/) }),
  z.strictObject({ ...base, kind: z.literal('case') }),
  z.strictObject({ ...base, kind: z.literal('update') }),
  z.strictObject({ ...base, kind: z.literal('reminder'), deadline }),
  z.strictObject({ ...base, kind: z.literal('breach'), deadline }),
  z.strictObject({ ...base, kind: z.literal('expiry'), deadline }),
  z.strictObject({
    ...base,
    kind: z.literal('escalation'),
    reason: z.enum(['media', 'repeat', 'skip_level', 'cluster', 'cross_province', 'manual', 'breach', 'anger']),
  }),
  // §14: a mail line is addressed to the unit's mailbox and carries the unit; its text is the subject
  z.strictObject({ ...base, kind: z.literal('mail'), to: z.email(), case: z.null(), mentions: z.tuple([]), unit: z.string() }),
  // §12: a handover carries its unit
  z.strictObject({ ...base, kind: z.literal('handover'), case: z.null(), unit: z.string() }),
  z.strictObject({
    ...base,
    kind: z.literal('summary'),
    case: z.null(),
    unit: z.string(),
    stats: z.strictObject({
      ...(Object.fromEntries(
        [
          'received',
          'open',
          'resolved',
          'not_counted',
          'consultation',
          'complaint',
          'overdue',
          'escalated',
          'carried_over',
          'carried_over_overdue',
          'callbacks',
        ].map((k) => [k, z.number().int().min(0)]),
      ) as Record<string, z.ZodNumber>),
      // §16.5 the satisfaction rate of the window's callbacks, 0–1; null without callbacks
      satisfaction: z.number().min(0).max(1).nullable(),
    }),
  }),
]);

function script(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'drill-'));
  const p = join(dir, 'test.drill');
  writeFileSync(p, text);
  return p;
}

describe('drills (SPEC §10)', () => {
  const drills = readdirSync(join(ROOT, 'examples/drills')).filter((f) => f.endsWith('.drill'));
  it.each(drills)(
    'ships %s, whose --json output follows the contract',
    async (f) => {
      const { stdout } = await run(process.execPath, [...SOURCE_BIN, 'drill', join(ROOT, 'examples/drills', f), '--json'], {
        cwd: tmpdir(),
      });
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.length).toBeGreaterThan(5);
      for (const l of lines) expect(() => ZLine.parse(l)).not.toThrow();
      const times = lines.map((l) => new Date(l.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      // one summary per branch and the province roll-up, each day the drill covers (holiday-week.drill runs six days)
      const units = lines.filter((l) => l.kind === 'summary').map((l) => l.unit as string);
      expect([...new Set(units)].sort()).toEqual(['BR01', 'BR02', 'PROV']);
      expect(units.filter((u) => u === 'PROV').length * 3).toBe(units.length);
    },
    60_000,
  );

  // The shipped drills do what their comments say.
  it('cutover-night.drill: C7 is transferred late (after the 1-hour window) and the night summary lists it', async () => {
    const { stdout } = await run(process.execPath, [...SOURCE_BIN, 'drill', join(ROOT, 'examples/drills/cutover-night.drill'), '--json'], {
      cwd: tmpdir(),
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const opened = lines.find((l) => l.kind === 'case' && l.case === 'C7')!;
    const transfer = lines.find((l) => l.kind === 'ack' && l.case === 'C7' && /移交/.test(l.text))!;
    expect(new Date(transfer.at).getTime() - new Date(opened.at).getTime()).toBeGreaterThan(60 * 60_000);
    expect(transfer.text).toMatch(/移交超时/);
    const summary = lines.find((l) => l.kind === 'ack' && l.to === '@liu' && /投诉日报/.test(l.text))!;
    expect(summary.text).toMatch(/移交超时[：:]\s*C7/);
    expect(summary.text).toMatch(/超时 1 件/);
    // the group complaint: three ATM customers in one branch
    expect(lines.filter((l) => l.kind === 'escalation' && l.reason === 'cluster').map((l) => l.case)).toContain('C4');
    expect(lines.some((l) => l.kind === 'case' && l.case === 'C5' && /口头挂失/.test(l.text))).toBe(true);
  }, 60_000);

  it('§11: a drill writes its forms and mails in a folder of its own (or --out DIR), never under the live data/', async () => {
    // a live desk's folder, with its own C1 form
    const desk = mkdtempSync(join(tmpdir(), 'live-desk-'));
    mkdirSync(join(desk, 'data', 'forms'), { recursive: true });
    writeFileSync(join(desk, 'data', 'forms', 'C1.pdf'), 'the live desk’s own C1');
    const drill = script(
      `@date 2026-12-03\n@roster ${join(ROOT, 'examples/mail-roster.yml')}\n10:00 ma: /complaint new unit=OUT-11 category=atm 吞卡\n10:05 ma: /complaint form C1\n`,
    );
    const { stdout, stderr } = await run(process.execPath, [...SOURCE_BIN, 'drill', drill, '--json'], { cwd: desk });
    expect(readFileSync(join(desk, 'data', 'forms', 'C1.pdf'), 'utf8')).toBe('the live desk’s own C1');
    expect(existsSync(join(desk, 'data', 'mail'))).toBe(false);
    const ack = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.kind === 'ack' && /C1\.pdf/.test(l.text));
    const path = /(\/\S+C1\.pdf)/.exec(ack.text)![1];
    expect(path.startsWith(join(desk, 'data'))).toBe(false);
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(stderr).toContain(path.replace(/\/forms\/C1\.pdf$/, ''));
    // --out DIR: forms/ and mail/ there
    const out = join(mkdtempSync(join(tmpdir(), 'drill-out-')), 'paper');
    await run(process.execPath, [...SOURCE_BIN, 'drill', drill, '--out', out], { cwd: desk });
    expect(readdirSync(join(out, 'forms'))).toEqual(['C1.pdf']);
    expect(readdirSync(join(out, 'mail')).some((f) => f.endsWith('.eml'))).toBe(true);
    expect(readdirSync(join(desk, 'data', 'forms'))).toEqual(['C1.pdf']);
  }, 60_000);

  it('complaint-desk --help lists every export, --forms and --worklog included, and the drill’s --out', async () => {
    const { stdout } = await run(process.execPath, [...SOURCE_BIN, '--help'], { cwd: tmpdir() });
    expect(stdout).toMatch(/export --forms --from DATE --to DATE/);
    expect(stdout).toMatch(/export --worklog --from DATE --to DATE/);
    expect(stdout).toMatch(/drill SCRIPT .*--out DIR/);
  });

  it('calm-morning.drill is calm: no reminder, breach or escalation, and the passed-up case is a consultation', async () => {
    const out = await runDrill(join(ROOT, 'examples/drills/calm-morning.drill'));
    expect(out.filter((l) => ['reminder', 'breach', 'escalation', 'error'].includes(l.kind))).toEqual([]);
    expect(out.some((l) => l.kind === 'update' && l.case === 'C4' && /移交/.test(l.text))).toBe(true);
    expect(out.find((l) => l.kind === 'summary' && l.unit === 'BR01')!.stats).toMatchObject({
      received: 4,
      resolved: 4,
      overdue: 0,
      consultation: 1,
    });
  });

  it('media-afternoon.drill escalates the press threat, the regulator referral and the returning customer level by level', async () => {
    const out = await runDrill(join(ROOT, 'examples/drills/media-afternoon.drill'));
    const esc = out.filter((l) => l.kind === 'escalation').map((l) => `${l.case} ${l.reason} ${l.to}`);
    for (const [c, reason] of [
      ['C1', 'media'],
      ['C2', 'skip_level'],
      ['C1', 'repeat'],
    ])
      expect(esc.filter((e) => e.startsWith(`${c} ${reason} `))).toEqual([
        `${c} ${reason} sb01-group`,
        `${c} ${reason} br01-group`,
        `${c} ${reason} prov-group`,
      ]);
  });

  it('fires each deadline at its exact virtual minute and the summary at 20:00', async () => {
    const out = await runDrill(
      script(
        `@date 2026-12-01\n09:00 zhang: /complaint new unit=OUT-12 category=urgent_cash phone=13800001111 取不出钱\n09:40 li: /complaint note C1 客户说要找记者曝光\n`,
      ),
    );
    const at = (kind: string, extra: (l: (typeof out)[number]) => boolean = () => true) =>
      out.filter((l) => l.kind === kind && extra(l)).map((l) => l.at);
    expect(at('reminder', (l) => l.deadline === 'reply')).toEqual(['2026-12-01T12:12:00+08:00']);
    const breaches = [
      '2026-12-01T13:00:00+08:00',
      '2026-12-01T13:30:00+08:00',
      '2026-12-01T14:00:00+08:00',
      '2026-12-01T14:30:00+08:00',
      '2026-12-01T15:00:00+08:00',
    ];
    expect(at('breach', (l) => l.deadline === 'reply' && !l.to.startsWith('@'))).toEqual(breaches);
    // §5: the breach and each repeat also reach the handler directly, at the same minutes
    expect(at('breach', (l) => l.deadline === 'reply' && l.to === '@zhang')).toEqual(breaches);
    expect(out.filter((l) => l.kind === 'escalation').map((l) => [l.at, l.to, l.reason])).toEqual([
      ['2026-12-01T09:40:00+08:00', 'sb01-group', 'media'],
      ['2026-12-01T09:40:00+08:00', 'br01-group', 'media'],
      ['2026-12-01T09:40:00+08:00', 'prov-group', 'media'],
    ]);
    const br01 = out.find((l) => l.kind === 'summary' && l.unit === 'BR01')!;
    expect(br01.at).toBe('2026-12-01T20:00:00+08:00');
    expect(br01.stats).toEqual({
      received: 1,
      open: 1,
      resolved: 0,
      not_counted: 0,
      consultation: 0,
      complaint: 1,
      overdue: 1,
      escalated: 1,
      carried_over: 0,
      carried_over_overdue: 0,
      callbacks: 0,
      satisfaction: null,
    });
    expect(out.find((l) => l.kind === 'summary' && l.unit === 'BR02')!.stats!.received).toBe(0);
  });

  it('stops at --until and treats a non-roster actor as a refusal', async () => {
    const out = await runDrill(
      script(`@date 2026-12-01\n09:00 nobody: /complaint help\n09:01 zhang: /complaint new category=other_emergency channel=phone 电话\n`),
      { until: '10:00' },
    );
    expect(out[0]).toMatchObject({ to: '@nobody', kind: 'error', case: null });
    expect(out.at(-1)!.at <= '2026-12-01T10:00:00+08:00').toBe(true);
    expect(out.some((l) => l.kind === 'breach' && l.at === '2026-12-01T10:01:00+08:00')).toBe(false);
    expect(out.some((l) => l.kind === 'reminder' && l.at === '2026-12-01T09:49:00+08:00')).toBe(true);
  });

  it('accepts full ISO times and runs across days', async () => {
    const out = await runDrill(
      script(`2026-12-01T09:00 zhang: /complaint new category=loss_report 口头挂失\n2026-12-01T09:05 zhang: /complaint report C1\n`),
      {
        until: '2026-12-06T12:00',
      },
    );
    // §16.2: in the group, and to the owner directly
    expect(out.filter((l) => l.deadline === 'oral_loss_report').map((l) => [l.kind, l.at, l.to])).toEqual([
      ['reminder', '2026-12-05T09:00:00+08:00', 'sb01-group'],
      ['reminder', '2026-12-05T09:00:00+08:00', '@zhang'],
      ['expiry', '2026-12-06T09:00:00+08:00', 'sb01-group'],
      ['expiry', '2026-12-06T09:00:00+08:00', '@zhang'],
    ]);
    expect(out.filter((l) => l.kind === 'summary' && l.unit === 'PROV')).toHaveLength(5);
  });

  it.each([
    ['@date 2026-12-01\n@speed 10\n', /line 2: unknown directive "@speed"/],
    ['# comment\n\n09:00 zhang /complaint help\n', /line 3: malformed line/],
    ['@date 2026-02-30\n', /line 1: bad @date/],
    ['25:00 zhang: /complaint help\n', /line 1: bad time/],
    ['09:00 zhang:\n', /line 1: missing command text/],
    ['13:99 zhang: /complaint help\n', /line 1: bad time "13:99"/],
    ['2026-12-01T25:00 zhang: /complaint help\n', /line 1: bad time "2026-12-01T25:00"/],
    ['2026-02-30T09:00 zhang: /complaint help\n', /line 1: bad time "2026-02-30T09:00"/],
    ['2026-12-01T09:00+25:00 zhang: /complaint help\n', /line 1: bad time/],
  ])('refuses a malformed script, naming the line (%#)', (text, pattern) => {
    expect(() => parseDrillScript(text)).toThrow(pattern);
    try {
      parseDrillScript(text);
    } catch (e) {
      expect(e).toBeInstanceOf(DrillScriptError);
    }
  });

  it('refuses a script whose time goes backwards, naming the line', async () => {
    const p = script('@date 2026-12-01\n09:00 zhang: /complaint help\n# later\n08:59 zhang: /complaint help\n');
    await expect(runDrill(p)).rejects.toThrow(/line 4: time 08:59 goes backwards/);
    const err = await run(process.execPath, [...SOURCE_BIN, 'drill', p, '--json']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stdout).toBe('');
  });

  it('exits 2 for a malformed script through the bin, naming the line', async () => {
    const p = script('09:00 zhang: /complaint help\nthis is not a line\n');
    const err = await run(process.execPath, [...SOURCE_BIN, 'drill', p]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/line 2: malformed line/);
  });

  it('exits 2 when the @roster file is missing or invalid, naming the line', async () => {
    const p = script('# roster\n@roster nowhere.yml\n09:00 zhang: /complaint help\n');
    const err = await run(process.execPath, [...SOURCE_BIN, 'drill', p]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/line 2: cannot read roster/);
  });

  it('resolves @roster relative to the script folder', async () => {
    const p = script(`@roster ${join(ROOT, 'examples/demo-roster.yml')}\n09:00 zhang: /complaint help\n`);
    const out = await runDrill(p, { until: '09:30' });
    expect(out[0].kind).toBe('ack');
  });
  describe('--until is checked like a script line (exit 2, nothing printed)', () => {
    const p = script('@date 2026-12-01\n# first line\n09:00 zhang: /complaint new channel=phone 电话\n10:00 zhang: /complaint help\n');
    it.each([
      ['25:99', /bad --until "25:99": expected HH:MM between 00:00 and 23:59 or an ISO time such as 2026-12-01T09:00/],
      ['13:99', /bad --until "13:99": expected HH:MM between 00:00 and 23:59/],
      ['2026-12-01T24:30', /bad --until "2026-12-01T24:30": expected HH:MM .* or an ISO time/],
      ['tomorrow', /bad --until "tomorrow"/],
      [
        '08:59',
        /--until 08:59 \(2026-12-01T08:59:00\+08:00\) is before the script's first line \(line 3, 2026-12-01T09:00:00\+08:00\): the drill would run nothing/,
      ],
      ['2026-11-30T23:00', /--until 2026-11-30T23:00 .* is before the script's first line/],
    ])(
      'refuses --until %s through the bin',
      async (until, pattern) => {
        const err = await run(process.execPath, [...SOURCE_BIN, 'drill', p, '--json', '--until', until], { cwd: tmpdir() }).catch((e) => e);
        expect(err.code).toBe(2);
        expect(err.stdout).toBe('');
        expect(err.stderr).toMatch(pattern);
      },
      30_000,
    );

    it('runs to an --until at the first line exactly, and to one given with an offset', async () => {
      expect((await runDrill(p, { until: '09:00' })).map((l) => l.kind)).toEqual(['ack', 'case']);
      const out = await runDrill(p, { until: '2026-12-01T02:00:00Z' });
      expect(out.at(-1)!.at).toBe('2026-12-01T10:00:00+08:00');
    });
  });
});
