import type { Refusal } from '../src/core/domain/errors.ts';
import type { MessageKey, MessageParams, MessageRef } from '../src/core/i18n/messages.ts';
import { EXPECTED, halfWidth, type CommandDef } from './define.ts';
import { COMMANDS, findCommand, type CommandByName, type CommandName, type CommandValues } from './all.ts';

const argExpected = (name: string, expected: MessageRef): MessageRef => ({ key: 'arg_expected', params: { name, expected } });

/**
 * Input the grammar cannot read: a refusal like any other (a stable code, rendered late in the reader's locale),
 * raised before any use case runs, so nothing is written.
 */
export class CommandSyntaxError extends Error implements Refusal {
  constructor(
    readonly code: MessageKey,
    readonly params: MessageParams = {},
    readonly usage?: string,
  ) {
    super(code);
    this.name = 'CommandSyntaxError';
  }
}

/** A command with its validated, typed values (one member of the union per subcommand). */
export type ParsedCommand = { [N in CommandName]: { def: CommandByName[N]; values: CommandValues[N] } }[CommandName];

/** Longest command line accepted at all; longer input is refused before it is tokenised. */
const MAX_INPUT = 10_000;

type Token = { text: string; start: number; end: number };

/** Splits on white space; `key="a b"` and `"a b"` keep their spaces. */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let text = '';
    while (i < s.length && !/\s/.test(s[i])) {
      const q = s[i];
      if ((q === '"' || q === '“') && (i === start || s[i - 1] === '=')) {
        const close = q === '"' ? '"' : '”';
        const j = s.indexOf(close, i + 1);
        if (j > 0) {
          text += s.slice(i + 1, j);
          i = j + 1;
          continue;
        }
      }
      text += s[i++];
    }
    out.push({ text, start, end: i });
  }
  return out;
}

/**
 * Parses the text of a `/complaint …` line against the subcommand definitions. Throws a CommandSyntaxError naming the
 * problem and carrying the expected form; it never touches state.
 */
export function parseCommandText(input: string): ParsedCommand {
  let s = input.replace(/^\s*[/／]?\s*complaint(?![A-Za-z0-9_])/i, '').trim();
  if (s.length > MAX_INPUT) throw new CommandSyntaxError('err_text_too_long', { field: 'command', length: s.length, max: MAX_INPUT });
  if (!s) throw new CommandSyntaxError('err_empty');
  const first = /^\S+/.exec(s)![0];
  const def = findCommand(halfWidth(first));
  if (!def) {
    throw new CommandSyntaxError('err_unknown_command', {
      name: first.slice(0, 40),
      list: COMMANDS.map((c) => c.name).join(', '),
    }, '/complaint help');
  }
  s = s.slice(first.length);
  return parseArgs(def, s);
}

function parseArgs(def: CommandDef, s: string): ParsedCommand {
  const fail = (code: MessageKey, params: MessageParams = {}) =>
    new CommandSyntaxError(code, params, def.usage);
  const tokens = tokenize(s);
  const raw: Record<string, string> = {};
  const keyed = new Map(def.options.filter((o) => !o.positional).map((o) => [o.name, o]));
  const positionals = def.options.filter((o) => o.positional);
  let pi = 0;
  let textStart = -1;
  const textCut: [number, number][] = [];
  for (const tok of tokens) {
    // `key=value`, also typed with a full-width ＝ or a full-width key (ｃａｔｅｇｏｒｙ＝９)
    const kv = /^([A-Za-z_\uFF21-\uFF3A\uFF41-\uFF5A\uFF3F]+)[=＝](.*)$/s.exec(tok.text)?.map((x, i) => (i === 1 ? halfWidth(x) : x));
    if (kv && keyed.has(kv[1].toLowerCase())) {
      const name = kv[1].toLowerCase();
      if (name in raw) throw fail('err_duplicate_option', { name });
      raw[name] = kv[2];
      if (textStart >= 0) textCut.push([tok.start, tok.end]);
      continue;
    }
    if (textStart >= 0) continue;
    if (kv && keyed.size > 0) {
      throw fail('err_unknown_option', { name: kv[1], allowed: [...keyed.keys()].map((k) => `${k}=`).join(' ') });
    }
    // positionals, in order; an optional one that doesn't fit its type is skipped when text may follow
    let placed = false;
    while (pi < positionals.length) {
      const p = positionals[pi];
      if (p.required || def.text.mode === 'none' || looksLike(p.type, tok.text)) {
        raw[p.name] = tok.text;
        pi++;
        placed = true;
        break;
      }
      pi++;
    }
    if (placed) continue;
    textStart = tok.start;
  }
  let text = '';
  if (textStart >= 0) {
    let rest = s.slice(textStart);
    for (const [a, b] of textCut.reverse()) rest = rest.slice(0, a - textStart) + rest.slice(b - textStart);
    text = rest.replace(/\s+$/g, '').replace(/^\s+/, '');
  }
  for (const p of positionals) {
    if (p.required && !(p.name in raw)) throw fail('err_missing_arg', { field: p.name, what: argExpected(p.name.toUpperCase(), EXPECTED[p.type]) });
  }
  if (text && def.text.mode === 'none') throw fail('err_unexpected_text', { text: text.slice(0, 60) });
  if (!text && def.text.mode === 'required') throw fail('err_missing_arg', { field: 'text', what: argExpected(def.text.name, { key: 'expected_text' }) });
  if (text.length > def.text.max && def.text.mode !== 'none')
    throw fail('err_text_too_long', { field: def.text.name, length: text.length, max: def.text.max });
  for (const o of def.options) {
    if (o.required && !o.positional && !(o.name in raw)) throw fail('err_missing_arg', { field: o.name, what: argExpected(`${o.name}=`, EXPECTED[o.type]) });
  }
  return validate(def, { ...raw, ...(text ? { text } : {}) });
}

/** Validates raw string values (from text, a modal or slash-command options) with the command's zod schema. */
export function validate(def: CommandDef, raw: Record<string, unknown>): ParsedCommand {
  const res = def.schema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    const field = String(issue.path[0] ?? '');
    const opt = def.options.find((o) => o.name === field);
    const value = show(raw[field]).slice(0, 60);
    if (raw[field] === undefined || raw[field] === '') {
      throw new CommandSyntaxError('err_missing_arg', { field, what: opt ? argExpected(field, EXPECTED[opt.type]) : field }, def.usage);
    }
    if (field === 'text') {
      if (typeof raw.text !== 'string') throw new CommandSyntaxError('err_bad_value', { field: def.text.name || 'text', value, expected: { key: 'expected_text' } }, def.usage);
      throw new CommandSyntaxError('err_text_too_long', { field: def.text.name, length: raw.text.length, max: def.text.max }, def.usage);
    }
    throw new CommandSyntaxError('err_bad_value', { field, value, expected: opt ? EXPECTED[opt.type] : issue.message }, def.usage);
  }
  return { def, values: res.data } as ParsedCommand;
}

/** A value as a person would see it in an error message; never throws, whatever the payload held. */
function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}

function looksLike(type: string, raw: string): boolean {
  const v = halfWidth(raw);
  switch (type) {
    case 'filter':
      return /^(open|mine|overdue)$/i.test(v);
    case 'take':
      return /^(take|接班)$/i.test(v);
    case 'date':
      return /^\d{4}-\d{1,2}-\d{1,2}$/.test(v);
    case 'command':
      return /^[a-z]+$/i.test(v);
    default:
      return true;
  }
}
