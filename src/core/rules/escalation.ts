import type { CategorySlug, IntakeChannel } from '../domain/categories.ts';
import type { CaseRecord, EscalationReason } from '../domain/case.ts';
import { levelRank, type Level } from '../domain/roster.ts';
import type { TSettings } from '../domain/settings.ts';

/**
 * §6: does a text carry a media threat? Chinese keywords match anywhere; Latin keywords match whole words,
 * case-insensitively ("media" matches "social media" but not "multimedia").
 */
export function mentionsMedia(text: string, keywords: readonly string[]): string | null {
  return matchKeyword(text, keywords);
}

/**
 * §15.4 (§四(三)14): does a text show the customer left in anger or used extreme words? The same matcher as the
 * media keywords (Chinese anywhere, Latin as whole words); 情绪激动 or 着急 alone is not anger.
 */
export function mentionsAnger(text: string, keywords: readonly string[]): string | null {
  return matchKeyword(text, keywords);
}

/** The longest keyword of the list found in the text, or null. */
function matchKeyword(text: string, keywords: readonly string[]): string | null {
  if (!text) return null;
  const lower = text.toLowerCase();
  for (const m of matchersOf(keywords)) if (m.test(lower)) return m.keyword;
  return null;
}

interface KeywordMatcher {
  keyword: string;
  test(lowerText: string): boolean;
}

/** Each keyword list's matchers, made once (a roster has one or two lists; every new case reads one). */
const MATCHERS = new Map<string, KeywordMatcher[]>();

function matchersOf(keywords: readonly string[]): KeywordMatcher[] {
  const key = keywords.join('\u0000');
  let list = MATCHERS.get(key);
  if (!list) {
    // longest first, so the line names "social media" rather than "media"
    list = [...keywords]
      .sort((a, b) => b.length - a.length)
      .map((keyword): KeywordMatcher => {
        const kw = keyword.toLowerCase();
        if (!/^[\x20-\x7e]+$/.test(kw)) return { keyword, test: (t) => t.includes(kw) };
        const re = new RegExp(`(^|[^a-z0-9])${kw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`, 'i');
        return { keyword, test: (t) => re.test(t) };
      });
    if (MATCHERS.size > 64) MATCHERS.clear(); // (rosters are few; a test that makes many keeps this bounded)
    MATCHERS.set(key, list);
  }
  return list;
}

/** §3: is the intake channel external / skip-level (a roster setting; six channels by default)? */
export const isExternal = (intake: IntakeChannel, s: Pick<TSettings, 'external_channels'>): boolean => s.external_channels.includes(intake);

/** Why a new case escalates, with what the one-line reason must name. */
export type IntakeReason =
  | { reason: 'media'; via: 'keyword'; keyword: string }
  | { reason: 'media'; via: 'category' | 'channel' }
  | { reason: 'anger'; keyword: string }
  | { reason: 'repeat'; via: 'customer' | 'category' }
  | { reason: 'skip_level'; channel: IntakeChannel }
  | { reason: 'cross_province' };

/**
 * §6: the reasons a new case escalates to the province at once. Repeat and cluster need history and are
 * decided by the caller: `isRepeat` here, the cluster by `formsCluster` over the database's count.
 */
export function reasonsOnIntake(args: {
  text: string;
  category: CategorySlug;
  intake: IntakeChannel;
  keywords: readonly string[];
  /** §15.4 anger keywords (none: no anger check) */
  angerKeywords?: readonly string[];
  isRepeat: boolean;
  settings: Pick<TSettings, 'external_channels'>;
}): IntakeReason[] {
  const out: IntakeReason[] = [];
  const kw = mentionsMedia(args.text, args.keywords);
  if (kw) out.push({ reason: 'media', via: 'keyword', keyword: kw });
  else if (args.category === 'media') out.push({ reason: 'media', via: 'category' });
  else if (args.intake === 'media') out.push({ reason: 'media', via: 'channel' });
  const anger = args.angerKeywords ? mentionsAnger(args.text, args.angerKeywords) : null;
  if (anger) out.push({ reason: 'anger', keyword: anger });
  if (args.isRepeat || args.category === 'repeat') out.push({ reason: 'repeat', via: args.isRepeat ? 'customer' : 'category' });
  if (isExternal(args.intake, args.settings)) out.push({ reason: 'skip_level', channel: args.intake });
  if (args.category === 'cross_province') out.push({ reason: 'cross_province' });
  return out;
}

/**
 * §6 cluster: 3 or more distinct customers, same category, same branch, within 24 hours (this case included; a
 * case without a customer counts as one). The catch-all categories (`cluster_exclude`) never cluster.
 */
export function formsCluster(
  args: { category: CategorySlug; customersBefore: number; newCustomerAlreadyCounted: boolean },
  s: Pick<TSettings, 'cluster_size' | 'cluster_exclude'>,
): { cluster: boolean; customers: number } {
  const customers = args.customersBefore + (args.newCustomerAlreadyCounted ? 0 : 1);
  if (s.cluster_exclude.includes(args.category)) return { cluster: false, customers };
  return { cluster: customers >= s.cluster_size, customers };
}

/** A customer's identity across cases: the phone number's digits, else the name. */
export function customerKey(phone: string | null | undefined, name: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits) return `tel:${digits.replace(/^86(?=1\d{10}$)/, '')}`;
  const n = (name ?? '').trim();
  return n ? `name:${n}` : null;
}

/** The flags and level an escalation sets; reasons accumulate, each once, in the order they arose. */
export function escalationPatch(
  c: Pick<CaseRecord, 'escalationReasons' | 'escalatedAt' | 'level'>,
  reason: EscalationReason,
  level: Level,
  now: Date,
): Partial<CaseRecord> {
  const patch: Partial<CaseRecord> = {
    escalated: true,
    escalatedAt: c.escalatedAt ?? now,
    escalationReasons: c.escalationReasons.includes(reason) ? c.escalationReasons : [...c.escalationReasons, reason],
    level: levelRank(level) < levelRank(c.level) ? level : c.level,
  };
  if (reason === 'media') patch.mediaThreat = true;
  if (reason === 'repeat') patch.repeat = true;
  if (reason === 'skip_level') patch.skipLevel = true;
  if (reason === 'cluster') patch.cluster = true;
  if (reason === 'cross_province') patch.crossProvince = true;
  return patch;
}

/** §6 manual and `breach` escalation: one level up from where the case is now, or null at the province. */
export function oneLevelUp<U extends { level: Level }>(ancestors: U[], current: Level): U | null {
  return ancestors.find((u) => levelRank(u.level) < levelRank(current)) ?? null;
}
