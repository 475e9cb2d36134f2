/** §12 `complaint-desk export --worklog`: the work log of a unit subtree over a date range, unmasked, CSV or JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/export.ts';
import { DEMO_DUTY_ROSTER } from '../../src/cli/config.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { sink } from '../helpers/sink.ts';

let d: TestDesk;
beforeAll(async () => {
  d = await testDesk({ roster: parseRoster(readFileSync(DEMO_DUTY_ROSTER, 'utf8')) });
  await d.at('09:10');
  await d.run('zhang', '/complaint log 客户13800001111来电，已安抚');
  await d.run('zhang', '/complaint new unit=OUT-12 customer=王芳 phone=13800002222 取不出钱');
  await d.run('deng', '/complaint log 城西支行：一切正常'); // SB02: a sibling of SB01
  await d.at('10:00');
  await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes');
});
afterAll(async () => {
  await d?.close();
});

async function exportTo(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr = sink();
  const stdout = sink();
  const code = await exportCommand(args, {
    env: { DATABASE_URL: d.url, ROSTER: DEMO_DUTY_ROSTER },
    cwd: d.dir,
    stderr,
    stdout,
    clock: d.clock,
  });
  return { code, stderr: stderr.text(), stdout: stdout.text() };
}

describe('export --worklog', () => {
  it('JSON: entries, handovers and case events of the subtree in time order, unmasked, not the sibling’s', async () => {
    const r = await exportTo([
      '--worklog',
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-01',
      '--unit',
      'SB01',
      '--format',
      'json',
      '--out',
      '-',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { at: string; unit: string; actor: string; kind: string; case: string; text: string }[];
    expect(rows.map((x) => [x.at.slice(11, 16), x.kind, x.actor, x.case])).toEqual([
      ['09:00', 'handover', 'bot', ''],
      ['09:10', 'entry', 'zhang', ''],
      ['09:10', 'event', 'zhang', 'C1'],
      ['10:00', 'event', 'zhang', 'C1'],
    ]);
    expect(rows[1]).toMatchObject({ unit: 'OUT-12', text: '客户13800001111来电，已安抚' });
    expect(rows[3].text).toContain('已办结');
    // a case event is filed under the case's unit (#21 item 15: the column was empty)
    for (const e of rows.filter((x) => x.kind === 'event')) expect(e.unit).toBe('OUT-12');
    expect(JSON.stringify(rows)).not.toContain('城西');
    expect(r.stderr).toContain('已导出工作日志 4 条');
    expect(r.stderr).toContain('未脱敏');
  });

  it('CSV with a BOM and localized headers; the default file under data/exports/', async () => {
    const r = await exportTo(['--worklog', '--from', '2026-12-01', '--to', '2026-12-01', '--unit', 'BR01']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(d.dir, 'data', 'exports', 'work-log-BR01-2026-12-01-2026-12-01.csv'), 'utf8');
    expect(text.startsWith('\uFEFF时间,单位,记录人,类型,案件,内容\r\n')).toBe(true);
    expect(text).toContain('城西支行：一切正常');
    expect(text).toContain(',日志,');
    expect(text).toMatch(/\r\n[^\r\n]*,OUT-12,zhang,案件事件,C1,/);
  });

  it('refuses --forms with --worklog, and a bad range (exit 2)', async () => {
    expect((await exportTo(['--worklog', '--forms', '--from', '2026-12-01', '--to', '2026-12-01'])).code).toBe(2);
    expect((await exportTo(['--worklog', '--from', '2026-12-02', '--to', '2026-12-01'])).code).toBe(2);
  });
});
