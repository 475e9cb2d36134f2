/** §16.5 `complaint-desk export --scorecard`: the per-unit, per-person table as CSV with a BOM. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/export.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { sink } from '../helpers/sink.ts';

let d: TestDesk;
beforeAll(async () => {
  d = await testDesk();
  await d.run('zhang', '/complaint new unit=OUT-12 category=atm ATM不能用');
  await d.run('zhang', '/complaint assign C1 @yang');
  await d.run('yang', '/complaint reply C1 已引导至他行');
  await d.run('yang', '/complaint resolve C1 fault=at_fault valid=yes');
  await d.run('zhang', '/complaint callback C1 result=unsatisfied');
  await d.run('ma', '/complaint new unit=OUT-11 category=waiting 排队久');
  await d.run('deng', '/complaint new unit=OUT-21 category=waiting 排队久');
});
afterAll(async () => {
  await d?.close();
});

async function exportTo(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr = sink();
  const stdout = sink();
  const code = await exportCommand(args, { env: { DATABASE_URL: d.url, ROSTER: DEMO_ROSTER }, cwd: d.dir, stderr, stdout, clock: d.clock });
  return { code, stderr: stderr.text(), stdout: stdout.text() };
}

describe('export --scorecard', () => {
  it('writes units then people (as owner and as handler) of the subtree, with a BOM and localized headers', async () => {
    const r = await exportTo(['--scorecard', '--from', '2026-12-01', '--to', '2026-12-01', '--unit', 'SB01']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(d.dir, 'data', 'exports', 'scorecard-SB01-2026-12-01-2026-12-01.csv'), 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFF范围,单位/人员,代码,受理,办结,超时,有责,纳入投诉,回访,满意率');
    expect(lines).toContain('单位,城东支行(SB01) 合计,SB01*,2,1,0,1,0,1,0%');
    expect(lines).toContain('单位,城东第十二网点(OUT-12),OUT-12,1,1,0,1,0,1,0%');
    expect(lines).toContain('单位,城东第十一网点(OUT-11),OUT-11,1,0,0,0,0,0,—');
    expect(lines).toContain('首问,张伟,zhang,1,1,0,1,0,1,0%');
    expect(lines).toContain('承办,杨洋,yang,1,1,0,1,0,1,0%');
    // not the sibling sub-branch's case
    expect(text).not.toContain('deng');
    expect(r.stderr).toContain('已导出绩效表');
  });

  it('refuses a format other than CSV and a second export kind (exit 2)', async () => {
    expect((await exportTo(['--scorecard', '--format', 'json', '--from', '2026-12-01', '--to', '2026-12-01'])).code).toBe(2);
    expect((await exportTo(['--scorecard', '--worklog', '--from', '2026-12-01', '--to', '2026-12-01'])).code).toBe(2);
  });
});
