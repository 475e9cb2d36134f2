/**
 * §14 `complaint-desk export --forms`: one unmasked handling form per case in the range and unit subtree, with the
 * register's PII warning; bad combinations are refused with the usage (exit 2).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../helpers/desk.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { hasPoppler, pdfText } from '../helpers/pdf.ts';
import { sink } from '../helpers/sink.ts';

let d: TestDesk;

async function exportTo(args: string[]) {
  const stderr = sink();
  const code = await exportCommand(args, { env: { DATABASE_URL: d.url }, cwd: d.dir, stderr, stdout: sink(), clock: d.clock });
  return { code, stderr: stderr.text() };
}

describe('export --forms', () => {
  beforeAll(async () => {
    d = await testDesk();
    await d.at('09:00');
    await d.run('zhang', '/complaint new unit=OUT-12 customer=王芳 phone=13800002222 取不出钱');
    await d.run('hu', '/complaint new unit=OUT-31 phone=13800003333 ATM 吞卡');
    await d.at('10:00');
    await d.run('zhang', '/complaint resolve C1 fault=not_at_fault valid=yes 已处理');
  });
  afterAll(async () => d?.close());

  it('writes one unmasked form per case of the unit subtree, and warns about the PII', async () => {
    const r = await exportTo(['--forms', '--from', '2026-12-01', '--to', '2026-12-01', '--unit', 'BR01', '--out', 'archive']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('已导出客户投诉处理单 1 份');
    expect(r.stderr).toContain('未脱敏');
    const dir = join(d.dir, 'archive');
    expect(readdirSync(dir)).toEqual(['C1.pdf']);
    if (hasPoppler()) {
      const text = pdfText(readFileSync(join(dir, 'C1.pdf')));
      expect(text).toContain('13800002222');
      expect(text).toContain('王芳');
      expect(text).toContain('受理时间');
    }
  });

  it('defaults to a folder under data/exports and covers the whole province', async () => {
    const r = await exportTo(['--forms', '--from', '2026-12-01', '--to', '2026-12-01']);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(d.dir, 'data', 'exports', 'complaint-forms-PROV-2026-12-01-2026-12-01');
    expect(readdirSync(dir).sort()).toEqual(['C1.pdf', 'C2.pdf']);
  });

  it('refuses --format and --out - with the usage', async () => {
    for (const extra of [
      ['--format', 'json'],
      ['--out', '-'],
    ]) {
      const r = await exportTo(['--forms', '--from', '2026-12-01', '--to', '2026-12-01', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('complaint-desk export --forms');
    }
    expect(existsSync(join(d.dir, '-'))).toBe(false);
  });
});
