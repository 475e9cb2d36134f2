/** §12 duty, duty take, log and worklog through the console front end (the real program, stdin piped). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../helpers/console.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('console: §12 duty, duty take, log, worklog', () => {
  it('shows who is on duty, takes duty (with its handover), logs masked, shows the work log, refuses without writing', async () => {
    // a dated shift around any moment the test may run at, so the answers do not depend on the time of day
    const dir = mkdtempSync(join(tmpdir(), 'cd-roster-'));
    const roster = join(dir, 'r.yml');
    writeFileSync(
      roster,
      readFileSync(join(ROOT, 'examples', 'demo-roster.yml'), 'utf8') +
        '\nduty:\n  - { unit: SB01, handles: [he], from: "2000-01-01 00:00", to: "2099-12-31 23:00" }\n',
    );
    const r = await runConsole(
      [
        'as he',
        '/complaint duty',
        'as zhang',
        '/complaint duty take unit=BR01',
        '/complaint duty take until=25:00',
        '/complaint duty take',
        '/complaint log 客户13800001111来电，已安抚',
        '/complaint worklog unit=SB01',
        '',
      ].join('\n'),
      { ROSTER: roster, DATABASE_URL: `file:${join(dir, 'd.sqlite')}` },
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('城东支行(SB01) 当前值守：@he 至 ');
    expect(r.out).toContain('✗ 您不能在「一分行(BR01)」值守');
    expect(r.out).toContain('✗ until 的值「25:00」无效');
    expect(r.out).toContain('✓ 您已在 城东第十二网点(OUT-12) 接班值守，至 ');
    expect(r.out).toMatch(/#sb01-group \[handover\] 【城东第十二网点\(OUT-12\) 交接班 .*】接班：@zhang/);
    expect(r.out).toContain('✓ 已记入 城东第十二网点(OUT-12) 工作日志：客户138****1111来电，已安抚');
    expect(r.out).toMatch(/城东支行\(SB01\) \d{4}-\d{2}-\d{2} 工作日志】共 \d+ 条/);
    expect(r.out).toContain('@zhang 日志：客户138****1111来电，已安抚');
    expect(r.out).not.toContain('13800001111');
  });
});
