import { UserError } from '../domain/errors.ts';
import type { TMember } from '../domain/roster.ts';
import { localDate } from '../domain/time.ts';
import type { OutageNoticeData } from '../ports/documents.ts';
import { unitLabel } from '../i18n/render.ts';
import { ok, type UseCase } from './use-case.ts';

export interface NoticeInput {
  unit?: string;
}

/**
 * §15.5 (§三.2 "对外公布的公告内容中必须明确标注本网点负责人及业务咨询受理人的办公电话和手机电话，并保证手机24小时开通"):
 * `/complaint notice [unit=CODE]` renders the unit's outage notice as an A4 PDF: its name, the unified explanation,
 * the outage window (§16.1) when set, the head (the unit's leader, else its liaison) and the enquiry contact (its
 * liaison) with office and mobile numbers and "24小时开机", and the provincial 24-hour line (`settings.hotline`).
 * A number missing from the roster is named in the answer and the PDF is still made; a unit with no number at all
 * is refused, naming what is missing. Nothing is written to the database.
 */
export const printNotice: UseCase<NoticeInput> = {
  run: async ({ desk, actor, usage }, v) => {
    const { roster } = desk;
    const unit = roster.unit(v.unit ?? actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const render = desk.deps.documents?.renderNotice;
    if (!render) throw new UserError('err_notice_unavailable', {}, usage);
    const s = roster.settings;
    const here = roster.members.filter((m) => m.unit === unit.code);
    const of = (role: TMember['role']) => here.find((m) => m.role === role);
    const liaison = of('liaison');
    const head = of('leader') ?? of('deputy') ?? liaison;
    const roles = (...r: TMember['role'][]) => r.map((x) => desk.label('role', x)).join(desk.t('fmt_enum_sep'));
    const headTitle = desk.t('notice_head');
    const enquiryTitle = desk.t('notice_enquiry');
    const missing: string[] = [];
    if (!head) missing.push(desk.t('notice_missing_person', { role: headTitle, roles: roles('leader', 'deputy', 'liaison') }));
    if (!liaison) missing.push(desk.t('notice_missing_person', { role: enquiryTitle, roles: roles('liaison') }));
    const people = [head && { title: headTitle, m: head }, liaison && { title: enquiryTitle, m: liaison }].filter((x) => !!x);
    let numbers = 0;
    for (const p of people) {
      for (const [key, what] of [
        ['office_phone', desk.t('notice_office')],
        ['phone', desk.t('notice_mobile')],
      ] as const) {
        if (p.m[key]) numbers++;
        else missing.push(desk.t('notice_missing_number', { role: p.title, name: p.m.name, what }));
      }
    }
    const sep = desk.t('fmt_enum_sep');
    if (!numbers) throw new UserError('err_notice_no_contact', { unit: unitLabel(desk.r, unit.code), missing: missing.join(sep) }, usage);
    const unknown = desk.t('contacts_unknown');
    const window = s.cutover ? desk.t('notice_window', { from: s.cutover.outage_from, to: s.cutover.outage_to }) : null;
    const data: OutageNoticeData = {
      unitCode: unit.code,
      title: desk.t('notice_title'),
      unitName: unit.name,
      greeting: desk.t('notice_greeting'),
      explanation: s.unified_explanation,
      window,
      people: people.map((p) => ({ title: p.title, name: p.m.name, office: p.m.office_phone ?? unknown, mobile: p.m.phone ?? unknown })),
      columns: [
        desk.t('notice_duty'),
        desk.t('notice_name'),
        desk.t('notice_office'),
        desk.t('notice_mobile') + desk.t('fmt_paren', { x: desk.t('notice_always_on') }),
      ],
      alwaysOnNote: desk.t('notice_always_on_note'),
      hotline: desk.t('notice_hotline', { hotline: s.hotline }),
      footer: desk.t('notice_footer', { unit: unit.name, date: localDate(desk.now(), desk.r.tz) }),
    };
    // the PDF is drawn after the (read-only) transaction, as the handling form is
    return {
      afterCommit: async () => {
        const doc = await render(data);
        const lines = [desk.t('ack_notice', { unit: unitLabel(desk.r, unit.code), path: doc.path })];
        if (missing.length) lines.push(desk.t('notice_missing', { missing: missing.join(sep) }));
        return ok(lines.join('\n'), null, {
          file: { path: doc.path, filename: doc.filename, title: desk.t('notice_filename_title', { unit: unit.name }) },
        });
      },
    };
  },
};
