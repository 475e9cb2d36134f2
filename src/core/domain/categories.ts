import { valueOfLabel } from '../i18n/messages.ts';

/**
 * The plan's fifteen complaint categories (篇五 §四(三)), each with the rule the card shows as a one-line guide.
 */
export const CATEGORY_SLUGS = [
  'general',
  'cutover',
  'loss_report',
  'urgent_cash',
  'atm',
  'customer_info',
  'transaction',
  'waiting',
  'repeat',
  'claim',
  'aggressive',
  'unreasonable',
  'cross_province',
  'media',
  'other_emergency',
] as const;

export type CategorySlug = (typeof CATEGORY_SLUGS)[number];

/** §2: business lines (个人金融, 公司业务, 国际结算, 营业部, 运营, 科技信息, 工会); §15.7 cases are reported along them. */
export const LINES = ['personal_banking', 'corporate', 'international_settlement', 'business_dept', 'operations', 'it', 'union'] as const;
export type BusinessLine = (typeof LINES)[number];

/** Number (1-15) of a category, as the plan numbers them. */
export const categoryNumber = (slug: CategorySlug): number => CATEGORY_SLUGS.indexOf(slug) + 1;

/**
 * Accepts `4` (also full-width ４), `urgent_cash`, `URGENT_CASH`, `urgent-cash`, or the name a card shows in
 * either locale (紧急取现, urgent cash); returns null when it is none of the fifteen.
 */
export function parseCategory(input: string): CategorySlug | null {
  const s = input.normalize('NFKC').trim().toLowerCase().replace(/-/g, '_');
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= CATEGORY_SLUGS.length ? CATEGORY_SLUGS[n - 1] : null;
  }
  if ((CATEGORY_SLUGS as readonly string[]).includes(s)) return s as CategorySlug;
  return (valueOfLabel('category', input) as CategorySlug | null) ?? null;
}

/** Intake channels (受理形式/渠道), §3. */
export const INTAKE_CHANNELS = [
  'walk_in',
  'phone',
  'letter',
  'fax',
  'email',
  'hotline',
  'hq_center',
  'minxin',
  'regulator',
  'bank_association',
  'consumer_association',
  'media',
  'other',
] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export function parseIntake(input: string): IntakeChannel | null {
  const s = input.normalize('NFKC').trim().toLowerCase().replace(/-/g, '_');
  if ((INTAKE_CHANNELS as readonly string[]).includes(s)) return s as IntakeChannel;
  return (valueOfLabel('intake', input) as IntakeChannel | null) ?? null;
}

export const FAULTS = ['at_fault', 'not_at_fault', 'shared'] as const;
export type Fault = (typeof FAULTS)[number];

/** Accepts a slug (`at_fault`, `at-fault`) or its name in either locale (有责, 无责, 双方责任, at fault). */
export function parseFault(input: string): Fault | null {
  const s = input.normalize('NFKC').trim().toLowerCase().replace(/-/g, '_');
  if ((FAULTS as readonly string[]).includes(s)) return s as Fault;
  return (valueOfLabel('fault', input) as Fault | null) ?? null;
}

export const STAT_CLASSES = ['not_counted', 'consultation', 'complaint'] as const;
export type StatClass = (typeof STAT_CLASSES)[number];
