/** §3: customer PII is masked in every chat post: `张*`, `138****1111`. Only the register export shows it whole. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (/^[\x20-\x7e]+$/.test(name)) {
    // Latin names: keep the initial of each word
    return name
      .trim()
      .split(/\s+/)
      .map((w) => w[0] + '*'.repeat(Math.max(1, w.length - 1)))
      .join(' ');
  }
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const d = phone.replace(/\s/g, '');
  if (d.length >= 11) return d.slice(0, 3) + '*'.repeat(d.length - 7) + d.slice(-4);
  if (d.length >= 7) return d.slice(0, 2) + '*'.repeat(d.length - 4) + d.slice(-2);
  return '*'.repeat(Math.max(0, d.length - 2)) + d.slice(-2);
}

/**
 * §3: the shapes of the customer's numbers that free text may carry, and only those: a mobile (1[3-9]… 11 digits,
 * optionally +86, in groups 3-4-4), a landline with its area code (0…, 10–12 digits), a resident ID card (15, or 18
 * with a final X) and a bank card (16–19 digits, optionally in groups of 4). A number is taken whole (no digit or
 * decimal point next to it), so dates (2026-12-02), times (12:00), amounts (12345678 元, 1380.50), serial numbers
 * and case ids are never touched.
 */
const PII_NUMBER = new RegExp(
  '(?<![\\d.])(?:' +
    [
      '\\d{4}(?: \\d{4}){3}(?: \\d{1,3})?', // bank card in groups of 4
      '\\d{6} \\d{8} \\d{3}[\\dXx]', // ID card grouped 6-8-4
      '\\d{17}[\\dXx]|\\d{15,19}', // ID card, bank card
      '(?:\\+?86[ -]?)?1[3-9]\\d(?:\\d{8}| \\d{4} \\d{4}|-\\d{4}-\\d{4})', // mobile, whole or 3-4-4
      '0\\d{2,3}[ -]?\\d{7,8}', // landline with area code
    ].join('|') +
    ')(?![\\dXx])(?!\\.\\d)',
  'g',
);

/** §3: `customer=NAME` / `customer="A B"` and `phone=DIGITS` as typed in a command, wherever the text is echoed. */
const NAMED_FIELD = /\b(customer|phone)=("[^"]*"?|[^\s"]+)/g;

/**
 * Masks PII inside free text written by staff: phone, ID-card and bank-card numbers (see PII_NUMBER), the values of
 * `customer=` and `phone=`, and the case's own customer name.
 */
export function maskFreeText(text: string, customerName?: string | null): string {
  let out = text.replace(PII_NUMBER, (m) => maskPhone(m.replace(/[ -]/g, '')));
  out = out.replace(NAMED_FIELD, (_m, key: string, v: string) => {
    const quoted = v.startsWith('"');
    const inner = quoted ? v.replace(/^"|"$/g, '') : v;
    const masked = key === 'phone' ? maskPhone(inner) : maskName(inner);
    return `${key}=${quoted ? `"${masked}${v.length > 1 && v.endsWith('"') ? '"' : ''}` : masked}`;
  });
  const n = customerName?.trim();
  if (n && [...n].length >= 2) out = out.split(n).join(maskName(n));
  return out;
}
