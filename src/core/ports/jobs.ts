/** Once-only jobs (a summary per unit and day, the epoch): a unique key claimed in the job's own transaction. */
export interface Jobs {
  /** Claims a once-only job key; false when it was claimed before. */
  claimJob(key: string, at: Date, late: boolean): Promise<boolean>;
  getJob(key: string): Promise<{ at: Date } | null>;
}
