/** §12 the shipped duty drill does what its comments say; the duty roster is the demo organisation plus shifts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DUTY_ROSTER, DEMO_ROSTER, PROJECT_ROOT } from '../../src/cli/config.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import type { DrillMessage } from '../../src/platforms/console/console-notifier.ts';
import { runDrill } from '../../src/cli/drill.ts';

describe('examples/duty-roster.yml', () => {
  it('is the demo roster (same settings, units and members) plus duty shifts and the §16 calendar; the demo roster has none', () => {
    const demo = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));
    const duty = parseRoster(readFileSync(DEMO_DUTY_ROSTER, 'utf8'));
    // §16: `npm start` shows the outage phase and a holiday; the demo roster's drills run without them
    const { cutover, holidays, ...rest } = duty.settings;
    expect(cutover).toEqual({ outage_from: '2026-12-05 18:00', outage_to: '2026-12-07 08:00' });
    expect(holidays).toEqual(['2026-12-08']);
    expect(demo.settings.cutover).toBeUndefined();
    expect({ ...rest, holidays: demo.settings.holidays }).toEqual(demo.settings);
    expect(duty.units).toEqual(demo.units);
    expect(duty.members).toEqual(demo.members);
    expect(demo.duty).toEqual([]);
    expect(duty.duty.length).toBeGreaterThan(0);
  });
});

describe('examples/drills/duty-night.drill', () => {
  let out: DrillMessage[];
  beforeAll(async () => {
    out = await runDrill(join(PROJECT_ROOT, 'examples', 'drills', 'duty-night.drill'));
  });
  const at = (m: DrillMessage) => m.at.slice(0, 16).replace('T', ' ');
  const handover = (unit: string, when: string) => out.find((m) => m.kind === 'handover' && m.unit === unit && at(m) === when)!;

  it('at night the branch’s night shift and the province’s dated cutover shift are on; 城东支行 has nobody', async () => {
    expect(out.find((m) => m.to === '@qian' && at(m) === '2026-12-01 00:10')!.text).toBe(
      '一分行(BR01) 当前值守：@qian 至 08:00。\n下一班：@zhao，08:00 起。',
    );
  });

  it('the media threat reaches the leaders and who is on duty in each group on the way up', () => {
    const esc = Object.fromEntries(out.filter((m) => m.kind === 'escalation').map((m) => [m.to, m.mentions]));
    expect(esc).toEqual({ 'sb01-group': ['chen', 'zhou'], 'br01-group': ['chen', 'zhou', 'qian'], 'prov-group': ['chen', 'zhou', 'sun'] });
  });

  it('the branch leader covers 城东支行 for an hour, then a gap its leader hears; an outlet liaison may not take the branch’s duty', () => {
    expect(handover('SB01', '2026-12-01 01:00').mentions).toEqual(['liu']);
    const gap = handover('SB01', '2026-12-01 02:00');
    expect(gap.mentions).toEqual(['liu', 'li']);
    expect(gap.text).toContain('此后无人值守');
    expect(out.find((m) => m.to === '@zhang' && at(m) === '2026-12-01 01:05')!.kind).toBe('error');
  });

  it('at 08:00 the morning shift’s handover lists what is still open and what happened overnight', () => {
    const morning = handover('BR01', '2026-12-01 08:00');
    expect(morning.mentions).toEqual(['zhao', 'qian']);
    expect(morning.text).toContain('未办结案件 1 件（下一时限）：C1');
    expect(morning.text).toContain('本班内到期的时限 1 个：C1 报告结果 08:20');
    expect(morning.text).toContain('上次交接以来的升级 1 件：C1 00:40');
    expect(morning.text).toContain('上次交接以来的工作日志 2 条');
    expect(morning.text).not.toContain('13800000301');
    // the province's cutover shift ends with nobody after it: its leaders hear it
    expect(handover('PROV', '2026-12-01 08:00').mentions).toEqual(['sun', 'chen', 'zhou']);
  });

  it('at 20:00 the summary names who was on duty and counts the log entries; the day shift hands over to the night', () => {
    const summary = out.find((m) => m.kind === 'summary' && m.unit === 'BR01')!;
    // §8: over the report's window, so the previous night's shift (he) comes first
    expect(summary.text).toContain('值守：BR01 @qian @zhao；SB01 @he @liu');
    expect(summary.text).toContain('工作日志 3 条');
    expect(handover('BR01', '2026-12-01 20:00').mentions).toEqual(['qian', 'zhao']);
    expect(handover('SB01', '2026-12-01 21:00').mentions).toEqual(['he', 'li']);
  });
});
