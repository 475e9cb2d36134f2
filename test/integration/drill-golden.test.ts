/**
 * The house rebuild changed no behaviour: every shipped example drill gives the same JSON Lines as before it
 * (test/golden/*.jsonl, recorded from the drills before the rebuild), apart from the deliberate changes listed
 * below. Regenerate a golden only for a deliberate change, and say which in the commit.
 * §15.2 (deliberate): a step recorded by someone other than the first-responsible owner mentions the owner in the
 * update post and sends the owner a direct message (`update`, "to": "@owner"); after `resolve` it asks for the form.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { runDrill } from '../../src/cli/drill.ts';
import type { DrillMessage } from '../../src/platforms/console/console-notifier.ts';

const DRILLS = join(PROJECT_ROOT, 'examples', 'drills');
const GOLDEN = join(PROJECT_ROOT, 'test', 'golden');

/** §5 (a deliberate change of the rebuild): a breach, and each repeat, also reaches the handler directly. */
const isHandlerDm = (m: DrillMessage) => m.kind === 'breach' && m.to.startsWith('@');

describe('example drills give the same messages as before the house rebuild', () => {
  const names = readdirSync(DRILLS).filter((f) => f.endsWith('.drill'));
  it('has a golden file for every shipped drill', () => {
    expect(names.map((n) => n.replace(/\.drill$/, '.jsonl')).sort()).toEqual(
      readdirSync(GOLDEN)
        .filter((f) => f.endsWith('.jsonl'))
        .sort(),
    );
  });
  it.each(names)('%s', async (name) => {
    const out: DrillMessage[] = [];
    // §11 (#21 item 4): a drill's paperwork goes to a folder of its own, named <drill-out> in the goldens
    const outDir = mkdtempSync(join(tmpdir(), 'golden-out-'));
    await runDrill(join(DRILLS, name), {
      outDir,
      onMessage: (m) => out.push({ ...m, text: m.text.split(`${outDir}/`).join('<drill-out>/') }),
    });
    rmSync(outDir, { recursive: true, force: true });
    const golden = readFileSync(join(GOLDEN, name.replace(/\.drill$/, '.jsonl')), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as DrillMessage);
    const dms = out.filter(isHandlerDm);
    expect(JSON.parse(JSON.stringify(out.filter((m) => !isHandlerDm(m))))).toEqual(golden);
    // each group breach notice (and repeat) has its direct message to the case's handler, at the same moment
    const groupBreaches = out.filter((m) => m.kind === 'breach' && !m.to.startsWith('@'));
    expect(dms.length).toBe(groupBreaches.length);
    for (const b of groupBreaches) expect(dms.some((d) => d.at === b.at && d.case === b.case && d.deadline === b.deadline)).toBe(true);
  });
});
