/**
 * The largest realistic inputs for the chat platforms' limits (issue 21 items 7, 8): a province of 40 units with
 * 300 open cases, one case with a 2,000-character matter and a 200-entry timeline of long notes.
 */
import { parseRoster } from '../../src/core/domain/roster.ts';
import { demoRosterText, testDesk, type TestDesk } from './desk.ts';

export const BIG_UNITS = 40;

/** The demo roster plus outlets under the sub-branches, so the province has 40 units (locale as given). */
export function bigRosterText(locale: 'zh-CN' | 'en'): string {
  const base = demoRosterText().replace(/^(\s+locale:).*$/m, `$1 ${locale}`);
  const have = (base.match(/^\s+- \{ code:/gm) ?? []).length;
  const parents = ['SB01', 'SB02', 'SB03'];
  const extra = Array.from({ length: BIG_UNITS - have }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return `  - { code: OUT-9${n}, name: ${locale === 'en' ? `Riverside Industrial Park Outlet ${n}` : `滨江工业园区第${n}营业网点`}, level: outlet, parent: ${parents[i % 3]} }`;
  });
  return base.replace(/^members:/m, `${extra.join('\n')}\n\nmembers:`);
}

export interface BigDesk {
  t: TestDesk;
  /** the case with the 2,000-character matter and the 200-entry timeline */
  bigCase: string;
}

/** A desk holding the largest inputs: 300 open cases over the 40 units, one of them with 200 long notes. */
export async function bigDesk(locale: 'zh-CN' | 'en'): Promise<BigDesk> {
  const roster = parseRoster(bigRosterText(locale));
  const t = await testDesk({ roster });
  const units = roster.units.filter((u) => u.level === 'outlet').map((u) => u.code);
  const word =
    locale === 'en'
      ? 'The customer could not withdraw cash at the counter during the cutover window '
      : '客户在切换期间柜面无法取款，多次排队仍未办理，情绪激动要求立即处理并给出说法';
  const matter = (word.repeat(Math.ceil(2000 / word.length)) + word).slice(0, 2000);
  const first = await t.core.desk.handleText('zhang', `/complaint new category=urgent_cash customer=王小明 phone=13800001111 ${matter}`);
  if (!first.ok) throw new Error(first.text);
  const bigCase = /C\d+/.exec(first.text)![0];
  const note = (i: number) => `${i} ${word.repeat(60)}`.slice(0, 1900);
  for (let i = 1; i < 200; i++) {
    const r = await t.core.desk.handleText('zhang', `/complaint note ${bigCase} ${note(i)}`);
    if (!r.ok) throw new Error(r.text);
  }
  for (let i = 1; i < 300; i++) {
    const r = await t.core.desk.handleText(
      'chen',
      `/complaint new unit=${units[i % units.length]} category=${1 + (i % 15)} ${word.slice(0, 60)} ${i}`,
    );
    if (!r.ok) throw new Error(r.text);
  }
  return { t, bigCase };
}
