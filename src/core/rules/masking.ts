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
 * Masks PII inside free text written by staff: runs of 7+ digits (phone, card and ID numbers) and the case's
 * own customer name.
 */
export function maskFreeText(text: string, customerName?: string | null): string {
  let out = text.replace(/\d[\d -]{5,}\d/g, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return digits.length >= 7 ? maskPhone(digits) : m;
  });
  const n = customerName?.trim();
  if (n && [...n].length >= 2) out = out.split(n).join(maskName(n));
  return out;
}
