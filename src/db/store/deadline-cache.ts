import type { DeadlineRecord, NewDeadline, Stage } from '../../core/domain/case.ts';
import type { CaseDeadlines } from '../../core/ports/cases.ts';

/**
 * A command reads a case's deadlines several times and updates a few of them. Within one transaction the store
 * reads them once, applies updates in memory, and writes them as one update per distinct change when the
 * transaction's work is done (`flush`, before COMMIT). Inserting deadlines flushes first and re-reads after; a claim
 * flushes and forgets everything read. Only the deadline methods are wrapped: everything else goes straight to the
 * transaction's ports.
 */
export function cachedDeadlines(tx: CaseDeadlines): CaseDeadlines & { flush(): Promise<void> } {
  const cache = new Map<number, DeadlineRecord[]>();
  const pending = new Map<number, Partial<DeadlineRecord>>();

  const flush = async (): Promise<void> => {
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
  const updateDeadline = async (id: number, patch: Partial<DeadlineRecord>): Promise<void> => {
    for (const ds of cache.values()) {
      const d = ds.find((x) => x.id === id);
      if (d) Object.assign(d, patch);
    }
    pending.set(id, { ...(pending.get(id) ?? {}), ...patch });
  };

  return {
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
    updateDeadline,
    async updateDeadlines(ids: number[], patch: Partial<DeadlineRecord>): Promise<void> {
      for (const id of ids) await updateDeadline(id, patch);
    },
    async insertDeadlines(ds: NewDeadline[]): Promise<void> {
      await flush();
      await tx.insertDeadlines(ds);
      for (const d of ds) cache.delete(d.caseId);
    },
    async claimStages(
      ids: number[],
      expect: { stage: Stage; fireAt: Date },
      next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> },
    ) {
      await flush();
      cache.clear();
      return tx.claimStages(ids, expect, next);
    },
  };
}
