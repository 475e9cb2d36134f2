import { UserError } from '../domain/errors.ts';
import type { TMember } from '../domain/roster.ts';
import { contactText, unitLabel } from '../i18n/render.ts';
import { dutyNow } from './duty-shifts.ts';
import { ok, type UseCase } from './use-case.ts';

export interface ContactsInput {
  unit?: string;
}

/**
 * §15.5 `/complaint contacts [unit=CODE]`, answered privately: the unit's leaders, liaison and members on duty, each
 * with mobile and office phone, and the press and security contacts of the unit or its nearest ancestor that has
 * them. Any roster member may ask: these are staff numbers, not customer data.
 */
export const showContacts: UseCase<ContactsInput> = {
  run: async ({ tx, desk, actor, usage }, v) => {
    const { roster } = desk;
    const unit = roster.unit(v.unit ?? actor.unit);
    if (!unit) throw new UserError('err_unknown_unit', { code: String(v.unit) }, usage);
    const onDuty = new Set((await dutyNow(desk, tx))(unit.code));
    const here = roster.members.filter((m) => m.unit === unit.code);
    const order = ['leader', 'deputy', 'liaison'] as const;
    const people: TMember[] = [
      ...order.flatMap((role) => here.filter((m) => m.role === role)),
      ...roster.members.filter((m) => onDuty.has(m.handle) && !(m.unit === unit.code && (order as readonly string[]).includes(m.role))),
    ];
    const unknown = desk.t('contacts_unknown');
    const lines = [desk.t('contacts_title', { unit: unitLabel(desk.r, unit.code) })];
    for (const m of people) {
      const role = desk.label('role', m.role) + (onDuty.has(m.handle) ? desk.t('fmt_paren', { x: desk.t('contacts_on_duty') }) : '');
      lines.push(
        desk.t('contacts_person', { role, name: m.name, handle: m.handle, mobile: m.phone ?? unknown, office: m.office_phone ?? unknown }),
      );
    }
    if (!people.length) lines.push(desk.t('contacts_nobody'));
    lines.push(desk.t('contacts_press', { contact: contactText(desk.r, unit.code, 'press_contact') }));
    lines.push(desk.t('contacts_security', { contact: contactText(desk.r, unit.code, 'security_contact') }));
    return ok(lines.join('\n'));
  },
};
