import type { CaseRecord, DeadlineRecord, NewDeadline, OutboxInput, Stage, TimelineRecord } from '../domain/case.ts';
import type { StoreTx } from '../ports/store.ts';

/**
 * A command reads a case's deadlines several times and updates a few of them. This view of the transaction
 * reads them once, applies updates in memory, and writes them as one update per distinct change when the
 * command is done (flush), inside the same transaction. Inserting deadlines flushes first and re-reads after.
 * Every other call goes straight to the transaction (listed one by one: the compiler checks the port is whole).
 */
class DeadlineCachingTx implements StoreTx {
  private cache = new Map<number, DeadlineRecord[]>();
  private pending = new Map<number, Partial<DeadlineRecord>>();
  constructor(private readonly tx: StoreTx) {}

  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const groups = new Map<string, { ids: number[]; patch: Partial<DeadlineRecord> }>();
    for (const [id, patch] of this.pending) {
      const key = JSON.stringify(patch);
      const g = groups.get(key) ?? { ids: [], patch };
      g.ids.push(id);
      groups.set(key, g);
    }
    this.pending.clear();
    for (const g of groups.values()) await this.tx.updateDeadlines(g.ids, g.patch);
  }

  async deadlines(caseId: number): Promise<DeadlineRecord[]> {
    let ds = this.cache.get(caseId);
    if (!ds) {
      await this.flush();
      ds = await this.tx.deadlines(caseId);
      this.cache.set(caseId, ds);
    }
    return ds.map((d) => ({ ...d }));
  }
  async updateDeadline(id: number, patch: Partial<DeadlineRecord>): Promise<void> {
    for (const ds of this.cache.values()) {
      const d = ds.find((x) => x.id === id);
      if (d) Object.assign(d, patch);
    }
    this.pending.set(id, { ...(this.pending.get(id) ?? {}), ...patch });
  }
  async updateDeadlines(ids: number[], patch: Partial<DeadlineRecord>): Promise<void> {
    for (const id of ids) await this.updateDeadline(id, patch);
  }
  async insertDeadlines(ds: NewDeadline[]): Promise<void> {
    await this.flush();
    await this.tx.insertDeadlines(ds);
    for (const d of ds) this.cache.delete(d.caseId);
  }
  async claimStages(ids: number[], expect: { stage: Stage; fireAt: Date }, next: { stage: Stage | null; fireAt: Date | null; patch: Partial<DeadlineRecord> }) {
    await this.flush();
    this.cache.clear();
    return this.tx.claimStages(ids, expect, next);
  }

  nextCaseId = () => this.tx.nextCaseId();
  insertCase = (c: CaseRecord) => this.tx.insertCase(c);
  getCase = (id: number) => this.tx.getCase(id);
  getCases = (ids: number[]) => this.tx.getCases(ids);
  updateCase = (id: number, version: number, patch: Partial<CaseRecord>) => this.tx.updateCase(id, version, patch);
  appendTimeline = (entries: TimelineRecord[]) => this.tx.appendTimeline(entries);
  timeline = (caseId: number) => this.tx.timeline(caseId);
  flagBreached = (caseIds: number[], now: Date) => this.tx.flagBreached(caseIds, now);
  casesOfCustomerSince = (key: string, since: Date, excludeId: number) => this.tx.casesOfCustomerSince(key, since, excludeId);
  clusterStats = (branch: string, category: string, since: Date, key: string | null) => this.tx.clusterStats(branch, category, since, key);
  clusterMembers = (branch: string, category: string, since: Date, limit: number) => this.tx.clusterMembers(branch, category, since, limit);
  paidTotalFen = (key: string) => this.tx.paidTotalFen(key);
  insertPayment = (p: Parameters<StoreTx['insertPayment']>[0]) => this.tx.insertPayment(p);
  enqueue = (msgs: OutboxInput[]) => this.tx.enqueue(msgs);
  claimJob = (key: string, at: Date, late: boolean) => this.tx.claimJob(key, at, late);
  getJob = (key: string) => this.tx.getJob(key);
  processedRequest = (key: string) => this.tx.processedRequest(key);
  saveProcessedRequest = (key: string, at: Date, response: string) => this.tx.saveProcessedRequest(key, at, response);
  insertTakenShift = (s: Parameters<StoreTx['insertTakenShift']>[0]) => this.tx.insertTakenShift(s);
  appendWorkLog = (entries: Parameters<StoreTx['appendWorkLog']>[0]) => this.tx.appendWorkLog(entries);
  takenShiftsBetween = (from: Date, to: Date) => this.tx.takenShiftsBetween(from, to);
}

export function withDeadlineCache(tx: StoreTx): StoreTx & { flush(): Promise<void> } {
  return new DeadlineCachingTx(tx);
}
