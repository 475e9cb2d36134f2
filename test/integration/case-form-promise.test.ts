/** §16.3: the handling form shows the promise made to the customer (each promise a row of the steps, with its outcome). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { DEMO_ROSTER } from '../../src/cli/config.ts';
import { renderCaseForm } from '../../src/reports/case-form.ts';
import { formFixture } from '../helpers/form-fixture.ts';
import { hasPoppler, pdfText } from '../helpers/pdf.ts';
import { at } from '../helpers/records.ts';

const roster = parseRoster(readFileSync(DEMO_ROSTER, 'utf8'));

describe.skipIf(!hasPoppler())('the handling form: §16.3 promises', () => {
  it('lists the promise with its due time, completion and whether it was kept, without a round number', async () => {
    const f = formFixture();
    const base = f.deadlines[0];
    f.deadlines.push(
      {
        ...base,
        id: 7,
        kind: 'promise',
        generation: 0,
        startAt: at(60),
        dueAt: at(240),
        state: 'cancelled',
        completedAt: null,
        breachedAt: null,
      },
      {
        ...base,
        id: 8,
        kind: 'promise',
        generation: 1,
        startAt: at(120),
        dueAt: at(280),
        state: 'done',
        completedAt: at(300),
        breachedAt: at(280),
      },
    );
    const text = pdfText(await renderCaseForm(roster, f, { masked: true, asOf: at(600) }));
    expect(text).toMatch(/承诺办结\s+2026-12-01 13:10\s+2026-12-01 13:30\s+超时完成/);
    expect(text).not.toMatch(/第\d轮\s*承诺办结/);
  });
});
