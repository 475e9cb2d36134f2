/**
 * §6 cluster counts from one read of the group (branch, category, since): every case's id, customer and flag,
 * folded here for both stores. One covering-index scan replaces the four reads it took before (count, distinct
 * customers, the first ids, the unflagged ones), which were most of the cost of opening a case in a busy group.
 */
import type { ClusterStats } from '../../core/ports/cases.ts';

/** A case of the group as read: [id, customerKey, cluster]. */
export type ClusterRow = readonly [id: number, customerKey: string | null, cluster: boolean | number];

export function foldCluster(rows: readonly ClusterRow[], customerKey: string | null, listLimit: number): ClusterStats {
  const sorted = [...rows].sort((a, b) => a[0] - b[0]);
  const customers = new Set<string>();
  let includesCustomer = false;
  const unflagged: number[] = [];
  for (const [id, key, cluster] of sorted) {
    // a case without a customer key is a customer of its own
    customers.add(key ?? `case:${id}`);
    if (key !== null && key === customerKey) includesCustomer = true;
    if (!cluster) unflagged.push(id);
  }
  return { cases: sorted.length, customers: customers.size, includesCustomer, ids: sorted.slice(0, Math.max(0, listLimit)).map((r) => r[0]), unflagged };
}
