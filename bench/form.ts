/**
 * §14 the handling form: how long `/complaint form CASE` takes through the desk (case read, PDF rendered with the
 * embedded CJK subset, file written) and how big the PDF is. The first form pays for loading the font (~8 MB).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/cli/app.ts';
import { DEMO_ROSTER } from '../src/cli/config.ts';
import { ManualClock } from '../src/core/ports/clock.ts';
import { parseRoster } from '../src/core/domain/roster.ts';
import { atLocal } from '../src/core/domain/time.ts';

export async function benchForm(n: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-bench-form-'));
  const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));
  const clock = new ManualClock(atLocal('2026-12-01', '09:00', roster.settings.timezone));
  const core = await createCore({
    databaseUrl: `file:${join(dir, 'db.sqlite')}`,
    roster,
    clock,
    formsDir: join(dir, 'forms'),
    throwaway: true,
  });
  try {
    const run = async (text: string) => {
      const r = await core.desk.handleText('zhang', text);
      if (!r.ok) throw new Error(r.text);
      return r;
    };
    // a case with a history: transferred, noted, on site, replied, resolved
    await run('/complaint new unit=OUT-12 category=urgent_cash customer=王芳 phone=13800002222 系统切换期间取不出钱 / 当天取现');
    for (let i = 0; i < 8; i++) {
      clock.set(clock.now().getTime() + 10 * 60_000);
      await run(`/complaint note C1 第${i + 1}次回访客户，客户情绪稳定`);
    }
    await run('/complaint arrive C1');
    await run('/complaint reply C1 已解释切换原因');
    await run('/complaint resolve C1 fault=not_at_fault valid=yes 已紧急取现 2000 元');
    let t0 = performance.now();
    const first = await run('/complaint form C1');
    const firstMs = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      t0 = performance.now();
      await run('/complaint form C1');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const bytes = statSync(join(dir, 'forms', first.file!.filename)).size;
    return {
      form_first_ms: Math.round(firstMs),
      form_ms: Math.round(times[Math.floor(times.length / 2)]),
      form_p90_ms: Math.round(times[Math.floor(times.length * 0.9)]),
      form_kb: Math.round(bytes / 102.4) / 10,
    };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
