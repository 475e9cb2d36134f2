import type { DeadlineRecord, NewDeadline } from '../domain/case.ts';
import type { StoreTx } from '../ports/store.ts';

/**
 * A command reads a case's deadlines several times and updates a few of them. This wrapper of the transaction
 * reads them once, applies updates in memory, and writes them as one update per distinct change when the
 * command is done (flush), inside the same transaction. Inserting deadlines flushes first and re-reads after.
 */
export function withDeadlineCache(tx: StoreTx): StoreTx & { flush(): Promise<void> } {
  const cache = new Map<number, DeadlineRecord[]>();
  const pending = new Map<number, Partial<DeadlineRecord>>();
  const flush = async () => {
    if (!pending.size) return;
    const groups = new Map<string, { ids: number[]; patch: Partial<DeadlineRecord> }>();
    for (const [id, patch] of pending) {
      const key = JSON.stringify(patch);
      const g = groups.get(key) ?? { ids: [], patch };
      g.ids.push(id);
      groups.set(key, g);
    }
    pending.clear();
    for (const g of groups.values()) await tx.updateDeadlines(g.ids, g.patch);
  };
  const wrapped: StoreTx & { flush(): Promise<void> } = Object.create(tx);
  Object.assign(wrapped, {
    flush,
    async deadlines(caseId: number): Promise<DeadlineRecord[]> {
      let ds = cache.get(caseId);
      if (!ds) {
        await flush();
        ds = await tx.deadlines(caseId);
        cache.set(caseId, ds);
      }
      return ds.map((d) => ({ ...d }));
    },
    async updateDeadline(id: number, patch: Partial<DeadlineRecord>): Promise<void> {
      for (const ds of cache.values()) {
        const d = ds.find((x) => x.id === id);
        if (d) Object.assign(d, patch);
      }
      pending.set(id, { ...(pending.get(id) ?? {}), ...patch });
    },
    async insertDeadlines(ds: NewDeadline[]): Promise<void> {
      await flush();
      await tx.insertDeadlines(ds);
      for (const d of ds) cache.delete(d.caseId);
    },
  });
  // every other method goes to the real transaction, bound to it
  for (const k of Object.getOwnPropertyNames(Object.getPrototypeOf(tx))) {
    const v = (tx as unknown as Record<string, unknown>)[k];
    if (typeof v === 'function' && k !== 'constructor' && !(k in { flush: 1, deadlines: 1, updateDeadline: 1, insertDeadlines: 1 }))
      (wrapped as unknown as Record<string, unknown>)[k] = v.bind(tx);
  }
  return wrapped;
}
