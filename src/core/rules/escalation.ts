import { EXTERNAL_CHANNELS, type CategorySlug, type IntakeChannel } from '../domain/categories.ts';
import type { EscalationReason } from '../domain/case.ts';

/**
 * §6: does a text carry a media threat? Chinese keywords match anywhere; Latin keywords match whole words,
 * case-insensitively ("media" matches "social media" but not "multimedia").
 */
export function mentionsMedia(text: string, keywords: string[]): string | null {
  if (!text) return null;
  const lower = text.toLowerCase();
  // longest first, so the line names "social media" rather than "media"
  for (const k of [...keywords].sort((a, b) => b.length - a.length)) {
    const kw = k.toLowerCase();
    if (/^[\x20-\x7e]+$/.test(kw)) {
      const re = new RegExp(`(^|[^a-z0-9])${kw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`, 'i');
      if (re.test(lower)) return k;
    } else if (lower.includes(kw)) return k;
  }
  return null;
}

/**
 * §6: the reasons a new case escalates to the province at once. Repeat and cluster need history and are
 * decided by the caller: `isRepeat` here, the cluster count by the store (`clusterStats`).
 */
export function reasonsOnIntake(args: {
  text: string;
  category: CategorySlug;
  intake: IntakeChannel;
  keywords: string[];
  isRepeat: boolean;
}): { reason: EscalationReason; detail: string }[] {
  const out: { reason: EscalationReason; detail: string }[] = [];
  const kw = mentionsMedia(args.text, args.keywords);
  if (kw) out.push({ reason: 'media', detail: `keyword:${kw}` });
  else if (args.category === 'media') out.push({ reason: 'media', detail: 'category:media' });
  else if (args.intake === 'media') out.push({ reason: 'media', detail: 'channel:media' });
  if (args.isRepeat || args.category === 'repeat') out.push({ reason: 'repeat', detail: args.isRepeat ? 'customer' : 'category:repeat' });
  if (EXTERNAL_CHANNELS.has(args.intake)) out.push({ reason: 'skip_level', detail: `channel:${args.intake}` });
  if (args.category === 'cross_province') out.push({ reason: 'cross_province', detail: 'category:cross_province' });
  return out;
}

/** A customer's identity across cases: the phone number's digits, else the name. */
export function customerKey(phone: string | null | undefined, name: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits) return `tel:${digits.replace(/^86(?=1\d{10}$)/, '')}`;
  const n = (name ?? '').trim();
  return n ? `name:${n}` : null;
}
