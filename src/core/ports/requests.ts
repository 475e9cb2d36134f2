/** A command acknowledged before it finished ("in hand"), journalled so a crash never loses it. */
export interface PendingRequestRecord {
  key: string;
  at: Date;
  platform: string;
  actor: string;
  text: string;
  replyTo: string | null;
}

/** Answers already given, by request key, so a platform's retry of the same request changes nothing twice. */
export interface ProcessedRequests {
  processedRequest(key: string): Promise<string | null>;
  saveProcessedRequest(key: string, at: Date, response: string): Promise<void>;
}

/** Commands acknowledged before they finished, replayed after a crash (nothing acknowledged is lost). */
export interface RequestJournal {
  /** Journals a command acknowledged before it finished; a second journal of the same key changes nothing. */
  journalRequest(r: PendingRequestRecord): Promise<void>;
  /** A platform's journalled commands, oldest first. */
  pendingRequests(platform: string): Promise<PendingRequestRecord[]>;
  forgetRequest(key: string): Promise<void>;
  /** Forgets answers older than `before`; a work order's keys (`wo:…`, §17) are kept: they name its case for good. */
  pruneProcessedRequests(before: Date): Promise<number>;
}
