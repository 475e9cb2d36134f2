import { caseLabel, type CaseRecord, type OutboxInput } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import type { BusinessLine } from '../domain/roster.ts';
import { unitLabel } from '../i18n/render.ts';
import { maskFreeText } from '../rules/masking.ts';
import type { DeskContext } from './desk-context.ts';
import { caseUseCase } from './use-case.ts';

export interface LineCaseInput {
  case: number;
  line: BusinessLine;
  text?: string;
}

/**
 * §15.7 (§四(三)6, 7, 10 "按业务条线上报"): the post that reports a case to business lines, in its branch's group
 * channel, mentioning the branch's members of those lines. `reached` is false when the branch has none of them on
 * the roster (the post then says to call them), so the report is not recorded as made.
 */
export function lineReportPosts(
  desk: DeskContext,
  c: CaseRecord,
  lines: readonly BusinessLine[],
  keySuffix: string,
  text: string | null,
  actor?: string,
): { post: OutboxInput; reached: boolean; who: string[] } {
  const { roster } = desk;
  const branch = roster.branchOf(c.unitCode);
  const people = roster.members.filter((m) => m.unit === branch.code && m.line && lines.includes(m.line)).map((m) => m.handle);
  const names = lines.map((l) => desk.label('line', l)).join(desk.t('fmt_enum_sep'));
  const who = people.length ? people.map((h) => `@${h}`).join(' ') : desk.t('line_nobody', { branch: branch.name, lines: names });
  const extra = [actor ? `(@${actor})` : '', text ? maskFreeText(text, c.customerName) : ''].filter(Boolean).join(' ');
  const post = desk.toGroup(
    `line:${c.id}:${lines.join('+')}:${keySuffix}`,
    'update',
    c,
    branch.code,
    desk.t('post_line', {
      id: caseLabel(c.id),
      lines: names,
      unit: unitLabel(desk.r, c.unitCode),
      category: desk.label('category', c.category),
      matter: maskFreeText(c.matter, c.customerName).slice(0, 120),
      who,
      owner: c.ownerHandle,
      extra: extra ? ` ${extra}` : '',
    }),
    people,
  );
  return { post, reached: people.length > 0, who: people };
}

/** §15.7 `/complaint line CASE LINE [text]`: reports a case to a business line by hand, as intake does. */
export const lineCase = caseUseCase<LineCaseInput>('line', async ({ desk, actor }, c, v) => {
  const report = lineReportPosts(desk, c, [v.line], `v${c.version + 1}`, v.text ?? null, actor.handle);
  const lines = desk.label('line', v.line);
  return {
    timeline: { action: 'line_reported', text: v.text ?? null, data: { lines: [v.line] } },
    posts: [report.post],
    ack: desk.t('ack_line', {
      id: caseLabel(c.id),
      lines,
      who: report.who.length
        ? report.who.map((h) => `@${h}`).join(' ')
        : desk.t('line_nobody', { branch: desk.roster.branchOf(c.unitCode).name, lines }),
    }),
  };
});

/** §15.7 (§四(三)10 "会同条线部门共同协商处理"): a claim is not resolved before a business line has it. */
export async function requireLineForClaim(
  desk: DeskContext,
  tx: { timeline(id: number): Promise<{ action: string }[]> },
  c: CaseRecord,
  usage: string,
): Promise<void> {
  if (c.category !== 'claim') return;
  if ((await tx.timeline(c.id)).some((e) => e.action === 'line_reported')) return;
  const line = desk.roster.settings.category_lines.claim?.[0] ?? 'personal_banking';
  throw new UserError('err_claim_no_line', { id: caseLabel(c.id), command: `/complaint line ${caseLabel(c.id)} ${line}` }, usage);
}
