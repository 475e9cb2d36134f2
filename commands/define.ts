import { z } from 'zod';
import {
  CATEGORY_SLUGS,
  FAULTS,
  INTAKE_CHANNELS,
  parseCategory,
  parseFault,
  parseIntake,
  type CategorySlug,
  type Fault,
  type IntakeChannel,
} from '../src/core/domain/categories.ts';
import { valueOfLabel, type Localized, type MessageRef } from '../src/core/i18n/messages.ts';
import { LINES, type BusinessLine } from '../src/core/domain/categories.ts';

/** Kinds of option a subcommand can take. Each front end renders them its own way (text, select, modal field). */
type OptionType =
  | 'case'
  | 'handle'
  | 'unit'
  | 'category'
  | 'intake'
  | 'phone'
  | 'name'
  | 'yesno'
  | 'fault'
  | 'amount'
  | 'date'
  | 'filter'
  | 'page'
  | 'command'
  | 'time'
  | 'take'
  | 'moment'
  | 'result'
  | 'line'
  | 'level';

export type { Localized };

export interface OptionDef {
  readonly name: string;
  readonly type: OptionType;
  /** `positional` options come first, in order, without a `name=`; the others are `name=value`. */
  readonly positional?: boolean;
  readonly required?: boolean;
  readonly description: Localized;
}

/** Free text after the options: the matter, a reason, a note. */
export interface TextDef {
  readonly mode: 'required' | 'optional' | 'none';
  readonly name: string;
  readonly description: Localized;
  readonly max: number;
}

/** The value a use case receives for each option type (after validation: `C12` → 12, `2000` → 200000 fen). */
interface OptionValueTypes {
  case: number;
  handle: string;
  unit: string;
  category: CategorySlug;
  intake: IntakeChannel;
  phone: string;
  name: string;
  yesno: boolean;
  fault: Fault;
  amount: number;
  date: string;
  filter: 'open' | 'mine' | 'overdue';
  page: number;
  command: string;
  /** HH:MM, zero-padded */
  time: string;
  take: boolean;
  /** §16.3 a local moment: "HH:MM" (today) or "YYYY-MM-DD HH:MM", zero-padded */
  moment: string;
  /** §16.5 a callback's result */
  result: 'satisfied' | 'basically' | 'unsatisfied';
  line: BusinessLine;
  /** §15.3 a level a case may go up to */
  level: UpLevel;
}

/** §15.3: the levels `escalate`/`transfer` may name with `to=` (an outlet is never above a case). */
export const UP_LEVELS = ['subbranch', 'branch', 'province'] as const;
export type UpLevel = (typeof UP_LEVELS)[number];

type OptionsShape<O extends readonly OptionDef[]> = {
  [K in O[number] as K['name']]: K extends { required: true } ? OptionValueTypes[K['type']] : OptionValueTypes[K['type']] | undefined;
};
type TextShape<T extends TextDef> = T['mode'] extends 'required'
  ? { text: string }
  : T['mode'] extends 'optional'
    ? { text?: string }
    : unknown;
/** What a command's schema yields: one typed field per option, plus its text. */
type ValuesFor<O extends readonly OptionDef[], T extends TextDef> = OptionsShape<O> & TextShape<T>;

export interface CommandDef<N extends string = string, V = Record<string, unknown>> {
  readonly name: N;
  readonly summary: Localized;
  readonly usage: string;
  /** One example line; localized when it carries words (a Chinese example would puzzle an en reader). */
  readonly example: string | Localized;
  readonly options: readonly OptionDef[];
  readonly text: TextDef;
  /** Validates the parsed values; the output is what the use case receives. Built from `options` and `text`. */
  readonly schema: z.ZodType<V>;
}

/** The values a command definition yields. */
export type ValuesOf<C> = C extends CommandDef<string, infer V> ? V : never;

const NO_TEXT = { mode: 'none', name: '', description: { 'zh-CN': '', en: '' }, max: 0 } as const satisfies TextDef;

/**
 * A subcommand is data: its options and text define both its grammar and its zod schema, and the schema's
 * inferred type (one field per option) is what its use case receives.
 */
export function defineCommand<const N extends string, const O extends readonly OptionDef[], const T extends TextDef = typeof NO_TEXT>(def: {
  name: N;
  summary: Localized;
  usage: string;
  example: string | Localized;
  options: O;
  text?: T;
}): CommandDef<N, ValuesFor<O, T>> {
  const text = (def.text ?? NO_TEXT) as TextDef;
  return { ...def, text, schema: schemaFor(def.options, text) as unknown as z.ZodType<ValuesFor<O, T>> };
}

/** What each option type accepts, for refusals and help ("expected …"): words rendered in the reader's locale. */
export const EXPECTED: Record<OptionType, MessageRef> = {
  case: { key: 'expected_case' },
  handle: { key: 'expected_handle' },
  unit: { key: 'expected_unit' },
  category: { key: 'expected_category', params: { list: CATEGORY_SLUGS.join(', ') } },
  intake: { key: 'expected_intake', params: { list: INTAKE_CHANNELS.join(', ') } },
  phone: { key: 'expected_phone' },
  name: { key: 'expected_name' },
  yesno: { key: 'expected_yesno' },
  fault: { key: 'expected_fault' },
  amount: { key: 'expected_amount' },
  date: { key: 'expected_date' },
  filter: { key: 'expected_filter' },
  page: { key: 'expected_page' },
  command: { key: 'expected_command' },
  time: { key: 'expected_time' },
  take: { key: 'expected_take' },
  moment: { key: 'expected_moment' },
  result: { key: 'expected_result' },
  line: { key: 'expected_line', params: { list: LINES.join(', ') } },
  level: { key: 'expected_level' },
};

/**
 * Full-width forms typed on a Chinese keyboard (Ｃ１２, ９, ＝) read as their ASCII twins in option values
 * (NFKC); free text and names keep what was typed.
 */
export const halfWidth = (s: string): string => s.normalize('NFKC');

const caseId = z
  .string()
  .trim()
  .regex(/^[cC]\d{1,9}$/)
  .transform((s) => Number(s.slice(1)))
  .refine((n) => n > 0);

const yesno = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['yes', 'no', 'y', 'n', 'true', 'false', '是', '否']))
  .transform((s) => ['yes', 'y', 'true', '是'].includes(s));

/** One zod schema per option type: the single source of truth for what a value may be. */
export const ZOption: Record<OptionType, z.ZodType> = {
  case: caseId,
  handle: z
    .string()
    .trim()
    .regex(/^@?[A-Za-z0-9_.-]{1,64}$/)
    .transform((s) => s.replace(/^@/, '')),
  unit: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .transform((s) => s.toUpperCase()),
  category: z
    .string()
    .transform((s) => parseCategory(s))
    .pipe(z.enum(CATEGORY_SLUGS)),
  intake: z
    .string()
    .transform((s) => parseIntake(s))
    .pipe(z.enum(INTAKE_CHANNELS)),
  phone: z
    .string()
    .trim()
    .transform((s) => s.replace(/[\s-]/g, '').replace(/^\+86/, ''))
    .pipe(z.string().regex(/^\+?\d{5,20}$/)),
  name: z.string().trim().min(1).max(50),
  yesno,
  fault: z
    .string()
    .transform((s) => parseFault(s))
    .pipe(z.enum(FAULTS)),
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,9}(\.\d{1,2})?$/)
    .transform((s) => Math.round(Number(s) * 100))
    .refine((fen) => fen > 0),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }),
  filter: z.enum(['open', 'mine', 'overdue']),
  page: z.coerce.number().int().min(1).max(100_000),
  command: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{1,20}$/),
  time: z
    .string()
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/)
    .transform((s) => s.padStart(5, '0')),
  // typed `take`; a Discord boolean option arrives as yes/no (interactions.ts maps booleans so)
  take: z
    .union([
      z.boolean(),
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(['take', '接班', 'yes', 'no'])),
    ])
    .transform((v) => v !== false && v !== 'no'),
  moment: z
    .string()
    .trim()
    .transform((s) => s.replace(/^(\d{4}-\d{2}-\d{2})[T\s]+/, '$1 '))
    .pipe(
      z.string().refine((s) => {
        const m = /^(?:(\d{4}-\d{2}-\d{2}) )?([01]?\d|2[0-3]):[0-5]\d$/.exec(s);
        if (!m) return false;
        if (!m[1]) return true;
        const d = new Date(`${m[1]}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[1];
      }),
    )
    .transform((s) => s.replace(/(^|\s)(\d):/, (_m, pre: string, h: string) => `${pre}0${h}:`)),
  result: z
    .string()
    .trim()
    .toLowerCase()
    .transform((s) => ({ 满意: 'satisfied', 基本满意: 'basically', 不满意: 'unsatisfied', basically_satisfied: 'basically' })[s] ?? s)
    .pipe(z.enum(['satisfied', 'basically', 'unsatisfied'])),
  // §15.7 a business line by slug (operations) or by the name a card shows (运营)
  line: z
    .string()
    .transform((s) => {
      const slug = s.trim().toLowerCase().replace(/-/g, '_');
      return (LINES as readonly string[]).includes(slug) ? slug : (valueOfLabel('line', s) ?? s);
    })
    .pipe(z.enum(LINES)),
  // typed as the slug or its shown name (to=分行)
  level: z
    .string()
    .trim()
    .transform((s) => valueOfLabel('level', s) ?? s.toLowerCase())
    .pipe(z.enum(UP_LEVELS)),
};

/** Builds a command's zod schema from its option list, so the list and the schema can never disagree. */
export function schemaFor(options: readonly OptionDef[], text: TextDef) {
  const shape: Record<string, z.ZodType> = {};
  for (const o of options) {
    const base = o.type === 'name' ? ZOption[o.type] : z.preprocess((v) => (typeof v === 'string' ? halfWidth(v) : v), ZOption[o.type]);
    shape[o.name] = o.required ? base : base.optional();
  }
  const textSchema = z.string().trim().max(text.max);
  shape.text = text.mode === 'required' ? textSchema.min(1) : textSchema.optional();
  return z.object(shape);
}

/** §15.3 `to=LEVEL` of escalate and transfer. */
export const toLevelOption = {
  name: 'to',
  type: 'level',
  description: { 'zh-CN': '直报层级：subbranch 支行 / branch 分行 / province 省行', en: 'Straight up to: subbranch, branch or province' },
} as const satisfies OptionDef;

/** The `CASE` positional most subcommands start with. */
export const caseOption = {
  name: 'case',
  type: 'case',
  positional: true,
  required: true,
  description: { 'zh-CN': '案件编号，如 C12', en: 'Case id, e.g. C12' },
} as const satisfies OptionDef;
