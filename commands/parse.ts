import type { Refusal } from '../src/core/domain/errors.ts';
import type { MessageKey, MessageParams, MessageRef } from '../src/core/i18n/messages.ts';
import { EXPECTED, halfWidth, type CommandDef } from './define.ts';
import { COMMANDS, findCommand, type CommandByName, type CommandName, type CommandValues } from './all.ts';

const argExpected = (name: string, expected: MessageRef): MessageRef => ({ key: 'arg_expected', params: { name, expected } });
/** A positional argument or the free text: its placeholder (CASE, TEXT) is the grammar's, so zh-CN names only what it is. */
const placeholderExpected = (name: string, expected: MessageRef): MessageRef => ({
  key: 'arg_expected_placeholder',
  params: { name, expected },
});

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
export const MAX_INPUT = 10_000;

type Token = { text: string; start: number; end: number };

class UnclosedQuote extends Error {
  constructor(
    readonly text: string,
    readonly close: string,
  ) {
    super('unclosed quote');
  }
}

/**
 * Splits on white space; `key="a b"` and `"a b"` keep their spaces. An option's value opened with a quote and never
 * closed (`customer="未闭合 测试`) is refused: storing the quote, or guessing where the value ends, would keep a
 * wrong value. A quote in free text is just a character.
 */
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
        if (i > start) throw new UnclosedQuote(s.slice(start, start + 40), close);
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
  // `/complaint`, also typed with a full-width slash or letters (／ｃｏｍｐｌａｉｎｔ)
  let s = input.replace(/^\s*[/／]?\s*(\S+)/, (m, word: string) => (/^complaint$/i.test(halfWidth(word)) ? '' : m)).trim();
  if (s.length > MAX_INPUT)
    throw new CommandSyntaxError('err_text_too_long', {
      field: 'command',
      thing: { key: 'thing_command' },
      length: s.length,
      max: MAX_INPUT,
    });
  if (!s) throw new CommandSyntaxError('err_empty');
  const first = /^\S+/.exec(s)![0];
  const def = findCommand(halfWidth(first));
  if (!def) {
    throw new CommandSyntaxError(
      'err_unknown_command',
      {
        name: first.slice(0, 40),
        list: COMMANDS.map((c) => c.name).join(', '),
      },
      '/complaint help',
    );
  }
  s = s.slice(first.length);
  return parseArgs(def, s);
}

function parseArgs(def: CommandDef, s: string): ParsedCommand {
  const fail = (code: MessageKey, params: MessageParams = {}) => new CommandSyntaxError(code, params, def.usage);
  let tokens: Token[];
  try {
    tokens = tokenize(s);
  } catch (e) {
    if (e instanceof UnclosedQuote) throw fail('err_unclosed_quote', { text: e.text, close: e.close });
    throw e;
  }
  const raw: Record<string, string> = {};
  const keyed = new Map(def.options.filter((o) => !o.positional).map((o) => [o.name, o]));
  const positionals = def.options.filter((o) => o.positional);
  let pi = 0;
  let textStart = -1;
  const textCut: [number, number][] = [];
  // §16.3 `by=YYYY-MM-DD HH:MM` typed without quotes: the clock time is the next token
  let joinTime: string | null = null;
  for (const tok of tokens) {
    if (joinTime) {
      const name = joinTime;
      joinTime = null;
      if (/^\d{1,2}:\d{2}$/.test(halfWidth(tok.text))) {
        raw[name] += ` ${halfWidth(tok.text)}`;
        if (textStart >= 0) textCut.push([tok.start, tok.end]);
        continue;
      }
    }
    // `key=value`, also typed with a full-width ＝ or a full-width key (ｃａｔｅｇｏｒｙ＝９)
    const kv = /^([A-Za-z_\uFF21-\uFF3A\uFF41-\uFF5A\uFF3F]+)[=＝](.*)$/s.exec(tok.text)?.map((x, i) => (i === 1 ? halfWidth(x) : x));
    if (kv && keyed.has(kv[1].toLowerCase())) {
      const name = kv[1].toLowerCase();
      if (name in raw) throw fail('err_duplicate_option', { name });
      raw[name] = kv[2];
      if (keyed.get(name)?.type === 'moment' && /^\d{4}-\d{1,2}-\d{1,2}$/.test(halfWidth(kv[2]))) joinTime = name;
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
    if (p.required && !(p.name in raw))
      throw fail('err_missing_arg', { field: p.name, what: placeholderExpected(p.name.toUpperCase(), EXPECTED[p.type]) });
  }
  if (text && def.text.mode === 'none') throw fail('err_unexpected_text', { text: text.slice(0, 60) });
  if (!text && def.text.mode === 'required')
    throw fail('err_missing_arg', {
      field: 'text',
      what: { key: 'arg_text_expected', params: { name: def.text.name, expected: { key: 'expected_text' } } },
    });
  if (text.length > def.text.max && def.text.mode !== 'none')
    throw fail('err_text_too_long', { field: def.text.name, thing: { key: 'thing_text' }, length: text.length, max: def.text.max });
  for (const o of def.options) {
    if (o.required && !o.positional && !(o.name in raw))
      throw fail('err_missing_arg', { field: o.name, what: argExpected(`${o.name}=`, EXPECTED[o.type]) });
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
      if (typeof raw.text !== 'string')
        throw new CommandSyntaxError(
          'err_bad_value',
          { field: def.text.name || 'text', value, expected: { key: 'expected_text' } },
          def.usage,
        );
      throw new CommandSyntaxError(
        'err_text_too_long',
        { field: def.text.name, thing: { key: 'thing_text' }, length: raw.text.length, max: def.text.max },
        def.usage,
      );
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
