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

/** Number (1-15) of a category, as the plan numbers them. */
export const categoryNumber = (slug: CategorySlug): number => CATEGORY_SLUGS.indexOf(slug) + 1;

/** Accepts `4`, `urgent_cash`, `URGENT_CASH` or `urgent-cash`; returns null when it is none of the fifteen. */
export function parseCategory(input: string): CategorySlug | null {
  const s = input.trim().toLowerCase().replace(/-/g, '_');
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= CATEGORY_SLUGS.length ? CATEGORY_SLUGS[n - 1] : null;
  }
  return (CATEGORY_SLUGS as readonly string[]).includes(s) ? (s as CategorySlug) : null;
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

/**
 * §3: six channels are external / skip-level. The provincial 95566 hotline is internal: the plan passes those
 * complaints straight to the outlet.
 */
export const EXTERNAL_CHANNELS: ReadonlySet<IntakeChannel> = new Set([
  'hq_center',
  'minxin',
  'regulator',
  'bank_association',
  'consumer_association',
  'media',
]);

export function parseIntake(input: string): IntakeChannel | null {
  const s = input.trim().toLowerCase().replace(/-/g, '_');
  return (INTAKE_CHANNELS as readonly string[]).includes(s) ? (s as IntakeChannel) : null;
}

export const FAULTS = ['at_fault', 'not_at_fault', 'shared'] as const;
export type Fault = (typeof FAULTS)[number];

export const STAT_CLASSES = ['not_counted', 'consultation', 'complaint'] as const;
export type StatClass = (typeof STAT_CLASSES)[number];
