/**
 * §14 `/complaint form CASE` through the desk, on a real SQLite store: the reply carries the PDF (masked, as every
 * chat post) and its path under the forms folder; an unknown case is refused and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type AppCore } from '../../src/cli/app.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { hasPoppler, pdfText } from '../helpers/pdf.ts';

const poppler = hasPoppler();

describe('/complaint form', () => {
  let dir: string;
  let core: AppCore;
  let clock: ManualClock;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-form-'));
    const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));
    clock = new ManualClock(atLocal('2026-12-01', '09:00', roster.settings.timezone));
    core = await createCore({ databaseUrl: `file:${join(dir, 'db.sqlite')}`, roster, clock, formsDir: join(dir, 'forms') });
  });
  afterAll(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the masked form and answers with its path and the file to attach', async () => {
    const opened = await core.desk.handleText(
      'zhang',
      '/complaint new unit=OUT-12 category=urgent_cash customer=王芳 phone=13800002222 取不出钱，电话13800002222 / 当天取现',
    );
    expect(opened.ok).toBe(true);
    clock.set(clock.now().getTime() + 20 * 60_000);
    await core.desk.handleText('zhang', '/complaint arrive C1');
    const r = await core.desk.handleText('yang', '/complaint form c1');
    expect(r.ok, r.text).toBe(true);
    expect(r.caseId).toBe(1);
    expect(r.file?.filename).toBe('C1.pdf');
    expect(r.text).toContain(r.file!.path);
    const path = r.file!.path.startsWith('/') ? r.file!.path : join(process.cwd(), r.file!.path);
    expect(path).toBe(join(dir, 'forms', 'C1.pdf'));
    expect(existsSync(path)).toBe(true);
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (poppler) {
      const text = pdfText(pdf);
      expect(text).toContain('C1');
      expect(text).toContain('受理时间');
      expect(text).toContain('138****2222');
      expect(text).not.toContain('13800002222');
      expect(text).not.toContain('王芳');
    }
  });

  it('refuses an unknown case, naming the expected form', async () => {
    const r = await core.desk.handleText('zhang', '/complaint form C99');
    expect(r.ok).toBe(false);
    expect(r.code).toBe('err_unknown_case');
    expect(r.text).toContain('/complaint form CASE');
    expect(existsSync(join(dir, 'forms', 'C99.pdf'))).toBe(false);
  });
});
