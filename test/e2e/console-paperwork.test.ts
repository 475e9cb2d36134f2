/**
 * §14 on the console (npm start without tokens, stdin piped): `/complaint form C1` prints the path of the PDF it
 * wrote under the working folder (data/forms/C1.pdf), customer masked.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPoppler, pdfText } from '../helpers/pdf.ts';
import { runConsole } from '../helpers/console.ts';

describe('console: the handling form', () => {
  it('prints the path of the PDF it wrote', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cd-console-form-'));
    const r = await runConsole(
      'as zhang\n/complaint new customer=王芳 phone=13800001111 取不出钱\n/complaint form C1\nquit\n',
      {},
      { cwd },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('案件 C1 的处理单已生成：data/forms/C1.pdf');
    const pdf = join(cwd, 'data', 'forms', 'C1.pdf');
    expect(existsSync(pdf)).toBe(true);
    if (hasPoppler()) {
      const text = pdfText(readFileSync(pdf));
      expect(text).toContain('C1');
      expect(text).toContain('138****1111');
      expect(text).not.toContain('13800001111');
    }
  });
});
