/** §12 work-log rows: the entry's structured data (a handover's incoming, outgoing, gap) as JSON text. */
export const encodeJson = (d: Record<string, unknown> | null): string | null => (d ? JSON.stringify(d) : null);
export const decodeJson = (s: string | null): Record<string, unknown> | null => (s ? (JSON.parse(s) as Record<string, unknown>) : null);
