import { UserError } from '../domain/errors.ts';
import type { DeskContext } from './desk-context.ts';
import { ok, type UseCase } from './use-case.ts';

interface ShowHelpInput {
  command?: string;
}

export const showHelp: UseCase<ShowHelpInput> = {
  run: async ({ desk }, v) => ok(helpText(desk, v.command)),
};

function helpText(desk: DeskContext, command?: string): string {
  const L = desk.locale;
  const { commands, expected } = desk.catalog;
  const list = commands.map((c) => c.name).join(', ');
  if (command) {
    const def = commands.find((c) => c.name === command.toLowerCase());
    if (!def) throw new UserError('err_unknown_command', { name: command, list }, '/complaint help');
    const lines = [def.usage, def.summary[L]];
    for (const o of def.options) {
      const e = expected[o.type];
      const what = e ? desk.t('fmt_paren', { x: desk.t(e.key, e.params) }) : '';
      lines.push(`  ${o.positional ? o.name.toUpperCase() : `${o.name}=`}  ${o.description[L]}${what}${o.required ? ' *' : ''}`);
    }
    if (def.text.mode !== 'none') lines.push(`  ${def.text.name}  ${def.text.description[L]}`);
    lines.push(`${desk.t('label_example')}: ${typeof def.example === 'string' ? def.example : def.example[L]}`);
    if (def.options.some((o) => !o.positional)) lines.push(desk.t('help_quoting'));
    return lines.join('\n');
  }
  return [desk.t('label_help_title'), ...commands.map((c) => `  ${c.usage}\n      ${c.summary[L]}`), desk.t('help_quoting')].join('\n');
}
