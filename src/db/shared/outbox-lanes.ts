/**
 * The earliest retry among messages at the head of their case's queue (messages of one case go out in order;
 * a message without a case is a queue of its own). A message leased by another replica is theirs until the lease
 * runs out. `rows` are pending messages in id order.
 */
export function earliestLaneHead(
  rows: { caseId: number | null; key: string; nextAttemptAt: Date; leaseUntil: Date | null }[],
  now: Date,
): Date | null {
  const heads = new Map<string, Date>();
  for (const r of rows) {
    const lane = r.caseId != null ? `case:${r.caseId}` : `key:${r.key}`;
    if (heads.has(lane)) continue;
    const at = r.leaseUntil && r.leaseUntil > now && r.leaseUntil > r.nextAttemptAt ? r.leaseUntil : r.nextAttemptAt;
    heads.set(lane, at);
  }
  let min: Date | null = null;
  for (const d of heads.values()) if (!min || d < min) min = d;
  return min;
}
