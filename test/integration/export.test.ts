import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { csvUnguard, REGISTER_COLUMNS, registerRows, type RegisterRow } from '../../src/reports/export-register.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { sink } from '../helpers/sink.ts';
import { SOURCE_BIN } from '../helpers/bin.ts';

/** A strict RFC 4180 parser (CRLF or LF record ends, quoted fields with doubled quotes and embedded newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        if (i < text.length && !',\r\n'.includes(text[i])) throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const TZ = 'Asia/Shanghai';
const MATTER = '排队两小时, 说"系统又坏了"\n还要等多久？';
let d: TestDesk;

async function exportTo(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr = sink();
  const stdout = sink();
  const code = await exportCommand(args, { env: { DATABASE_URL: d.url }, cwd: d.dir, stderr, stdout, clock: d.clock });
  return { code, stderr: stderr.text(), stdout: stdout.text() };
}

function csvRecords(text: string): RegisterRow[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual(REGISTER_COLUMNS.map((c) => c['zh-CN']));
  const keys = header.map((h) => REGISTER_COLUMNS.find((c) => c['zh-CN'] === h)!.key);
  return rows.map((r) => {
    expect(r).toHaveLength(keys.length);
    return Object.fromEntries(keys.map((k, i) => [k, csvUnguard(r[i])]));
  });
}

beforeAll(async () => {
  // the day before the demo's start, one minute before local midnight
  d = await testDesk({ start: atLocal('2026-11-30', '23:59', TZ) });
  const at = (date: string, hm: string) => d.clock.set(atLocal(date, hm, TZ));
  // C1: 2026-11-30 23:59, BR01 subtree; commas, quotes and a newline in the matter
  expect(
    (await d.run('zhang', `/complaint new unit=OUT-12 category=waiting customer=王小明 phone=13800001111 ${MATTER} / 当面道歉, 并说明原因`))
      .ok,
  ).toBe(true);
  // C2: 2026-12-01 00:01, BR02 subtree; a VIP with an emergency payment
  at('2026-12-01', '00:01');
  expect(
    (await d.run('hu', '/complaint new unit=OUT-31 category=urgent_cash customer=李四 phone=13912345678 vip=yes 卡被吞 / 当天取现')).ok,
  ).toBe(true);
  expect((await d.run('hu', '/complaint pay C2 3000')).ok).toBe(true);
  // C3: 2026-12-01 09:00, BR01; worked and resolved, with a note holding a newline and a comma
  at('2026-12-01', '09:00');
  expect((await d.run('ma', '/complaint new unit=OUT-11 category=atm customer=赵六 phone=13700000000 ATM吞卡')).ok).toBe(true);
  at('2026-12-01', '09:20');
  expect((await d.run('ma', '/complaint note C3 客户回电,\n要求当天处理')).ok).toBe(true);
  expect((await d.run('ma', '/complaint reply C3')).ok).toBe(true);
  expect((await d.run('ma', '/complaint resolve C3 fault=not_at_fault valid=yes 已退卡')).ok).toBe(true);
  // C4: 2026-12-02 10:00, BR01; text a spreadsheet would run as a formula
  at('2026-12-02', '10:00');
  expect((await d.run('zhang', '/complaint new unit=OUT-12 customer=钱七 phone=13600000000 =SUM(A1:A9) / @cmd')).ok).toBe(true);
  // C5: 2026-12-02 11:00, BR01; transferred, so its deadlines run in two rounds (§五)
  at('2026-12-02', '11:00');
  expect((await d.run('ma', '/complaint new unit=OUT-11 category=transaction 转账未到账')).ok).toBe(true);
  expect((await d.run('ma', '/complaint transfer C5 网点无法处理')).ok).toBe(true);
  at('2026-12-02', '12:00');
});

afterAll(async () => {
  await d.close();
});

describe('complaint register export (§六.7)', () => {
  it('writes CSV that parses back (RFC 4180) to exactly the JSON export, PII in full', async () => {
    const csv = await exportTo(['--from', '2026-11-30', '--to', '2026-12-02', '--out', 'reg.csv']);
    expect(csv.code).toBe(0);
    const json = await exportTo(['--from=2026-11-30', '--to=2026-12-02', '--format', 'json', '--out', 'reg.json']);
    expect(json.code).toBe(0);
    const raw = readFileSync(join(d.dir, 'reg.csv'), 'utf8');
    const fromJson = JSON.parse(readFileSync(join(d.dir, 'reg.json'), 'utf8')) as RegisterRow[];
    const fromCsv = csvRecords(raw);
    expect(fromCsv).toEqual(fromJson);
    expect(fromJson.map((r) => r.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(Object.keys(fromJson[0])).toEqual(REGISTER_COLUMNS.map((c) => c.key));

    // commas, quotes, newlines and Chinese survive; quotes are doubled in the file; records end in CRLF
    const c1 = fromJson[0];
    expect(c1.matter).toBe(MATTER);
    expect(c1.request).toBe('当面道歉, 并说明原因');
    expect(raw).toContain('"排队两小时, 说""系统又坏了""\n还要等多久？"');
    expect(raw.split('\r\n')[0]).toContain('案件编号,受理时间,星期');
    // the register is the one place with the customer's name and phone in full (§3)
    expect(c1).toMatchObject({ customerName: '王小明', customerPhone: '13800001111', vip: '否', weekday: '周一' });
    expect(c1.receivedAt).toBe('2026-11-30T23:59:00+08:00');
    expect(fromJson[1]).toMatchObject({
      customerName: '李四',
      customerPhone: '13912345678',
      vip: '是',
      paymentsTotal: '3000',
      weekday: '周二',
    });
    expect(fromJson[1].category).toBe('4 紧急取现');

    const c3 = fromJson[2];
    expect(c3).toMatchObject({
      status: '已办结',
      responsibility: '无责',
      validity: '有效投诉',
      statClass: '不纳入统计',
      resolvedAt: '2026-12-01T09:20:00+08:00',
    });
    expect(c3.owner).toBe('马超(@ma)');
    expect(c3.deadline_reply).toBe('按时完成（期限 2026-12-01 13:00，完成 2026-12-01 09:20）');
    expect(c3.deadline_transfer).toBe('未移交（期限 2026-12-01 10:00）');
    expect(c3.timeline.split('\n')[0]).toBe('2026-12-01 09:00 @ma 受理：ATM吞卡');
    expect(c3.timeline).toContain('@ma 备注：客户回电,\n要求当天处理');

    // C1 was never worked: its reply deadline has passed by 12-02 12:00, so it is a complaint (§7)
    expect(c1.deadline_reply).toMatch(/^已超时未完成/);
    expect(c1.statClass).toBe('纳入投诉统计');

    // formula guard in the CSV only, undone by csvUnguard; the JSON keeps the text as typed
    expect(fromJson[3].matter).toBe('=SUM(A1:A9)');
    expect(fromJson[3].request).toBe('@cmd');
    expect(raw).toContain(",'=SUM(A1:A9),'@cmd,");

    // a transfer restarts the deadlines at the receiving level: both rounds are on record
    const c5 = fromJson[4];
    expect(c5).toMatchObject({ transferred: '是', customerName: '', customerPhone: '' });
    expect(c5.deadline_transfer).toBe(
      '第1轮 按时完成（期限 2026-12-02 12:00，完成 2026-12-02 11:00）；第2轮 未移交（期限 2026-12-02 12:00）',
    );
    expect(c5.deadline_reply).toMatch(/^第1轮 已取消（期限 2026-12-02 15:00）；第2轮 未到期/);
    expect(c5.timeline).toContain('@ma 移交 城东第十一网点(OUT-11) → 城东支行(SB01)：网点无法处理');

    // the command says the file holds unmasked PII
    expect(csv.stderr).toContain('未脱敏的客户个人信息');
    expect(csv.stderr).toContain('5 件');
    expect(statSync(join(d.dir, 'reg.csv')).mode & 0o077).toBe(0);
    expect(readdirSync(d.dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('without --out writes under data/exports/ (created, git-ignored), never loose in the current folder, and says where', async () => {
    const before = readdirSync(d.dir);
    const r = await exportTo(['--from', '2026-12-01', '--to', '2026-12-01']);
    expect(r.code).toBe(0);
    const target = join(d.dir, 'data', 'exports', 'complaint-register-PROV-2026-12-01-2026-12-01.csv');
    expect(csvRecords(readFileSync(target, 'utf8')).map((x) => x.id)).toEqual(['C2', 'C3']);
    expect(statSync(target).mode & 0o077).toBe(0);
    // nothing new beside the database but the data/ folder
    expect(readdirSync(d.dir).filter((f) => !before.includes(f))).toEqual(before.includes('data') ? [] : ['data']);
    expect(r.stderr).toContain(target);
    expect(r.stderr).toContain('未脱敏的客户个人信息');
    // a checkout keeps the register out of git: data/ is ignored
    const ROOT = join(import.meta.dirname, '../..');
    const ignored = spawnSync('git', ['check-ignore', '-q', 'data/exports/complaint-register-PROV-2026-12-01-2026-12-01.csv'], {
      cwd: ROOT,
    });
    expect(ignored.status).toBe(0);
  });

  it('takes local dates: 23:59 and 00:01 fall on their own days', async () => {
    const toStdout = await exportTo(['--from', '2026-11-30', '--to', '2026-11-30', '--format', 'json', '--out', '-']);
    // the notice names standard output in the roster's words (issue 17)
    expect(toStdout.stderr).toContain('至 标准输出。');
    expect(toStdout.stderr).not.toContain('standard output');
    const day1 = JSON.parse(toStdout.stdout) as RegisterRow[];
    expect(day1.map((r) => r.id)).toEqual(['C1']);
    const day2 = JSON.parse(
      (await exportTo(['--from', '2026-12-01', '--to', '2026-12-01', '--format', 'json', '--out', '-'])).stdout,
    ) as RegisterRow[];
    expect(day2.map((r) => r.id)).toEqual(['C2', 'C3']);
    const none = await exportTo(['--from', '2026-12-03', '--to', '2026-12-31', '--out', 'none.csv']);
    expect(none.code).toBe(0);
    expect(csvRecords(readFileSync(join(d.dir, 'none.csv'), 'utf8'))).toEqual([]);
  });

  it('filters by unit subtree', async () => {
    const run = async (unit: string) =>
      (
        JSON.parse(
          (await exportTo(['--from', '2026-11-01', '--to', '2026-12-31', '--unit', unit, '--format', 'json', '--out', '-'])).stdout,
        ) as RegisterRow[]
      ).map((r) => r.id);
    expect(await run('BR01')).toEqual(['C1', 'C3', 'C4', 'C5']);
    expect(await run('br02')).toEqual(['C2']);
    expect(await run('OUT-11')).toEqual(['C3', 'C5']);
    expect(await run('PROV')).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
  });

  it('reads page by page with the same result', async () => {
    const q = { from: '2026-11-01', to: '2026-12-31', unitCode: 'PROV', asOf: d.clock.now() };
    const all = async (pageSize: number) => {
      const out: RegisterRow[] = [];
      for await (const r of registerRows(d.core.store, d.core.roster, q, pageSize)) out.push(r);
      return out;
    };
    const big = await all(1000);
    expect(await all(1)).toEqual(big);
    expect(await all(3)).toEqual(big);
  });

  it('refuses bad arguments with exit code 2 and a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--to', '2026-12-01'], /--from is required/],
      [['--from', '2026-12-01'], /--to is required/],
      [['--from', '2026-02-30', '--to', '2026-03-01'], /--from "2026-02-30" is not a valid date/],
      [['--from', '2026-12-02', '--to', '2026-12-01'], /--from 2026-12-02 is after --to 2026-12-01/],
      [['--from', '2026-12-01', '--to', '2026-12-01', '--unit', 'NOPE'], /no unit with code "NOPE"/],
      [['--from', '2026-12-01', '--to', '2026-12-01', '--format', 'xlsx'], /--format "xlsx" is not valid/],
      [['--from', '2026-12-01', '--to', '2026-12-01', '--since', 'x'], /unknown option --since/],
      [['--from', '2026-12-01', '--to'], /--to needs a value/],
      [['--from', '2026-12-01', '--to', '2026-12-01', 'extra'], /unexpected argument "extra"/],
    ];
    for (const [args, msg] of cases) {
      const r = await exportTo(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).toContain('usage: complaint-desk export');
    }
    expect(existsSync(join(d.dir, 'complaint-register-PROV-2026-12-01-2026-12-01.csv'))).toBe(false);
  });

  it('does not create a database that is not there', async () => {
    const stderr = sink();
    const url = `file:${join(d.dir, 'missing.sqlite')}`;
    const code = await exportCommand(['--from', '2026-12-01', '--to', '2026-12-01'], { env: { DATABASE_URL: url }, cwd: d.dir, stderr });
    expect(code).toBe(1);
    expect(stderr.text()).toContain('no database at');
    expect(existsSync(join(d.dir, 'missing.sqlite'))).toBe(false);
  });

  it('is a subcommand of the CLI (bad arguments: exit 2)', () => {
    const r = spawnSync(process.execPath, [...SOURCE_BIN, 'export', '--from', '2026-12-01'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: d.url },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--to is required');
  });
});
