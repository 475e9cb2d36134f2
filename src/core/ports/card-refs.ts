/** Where a case's card was posted on a platform, so later posts thread under it and edits reach it. */
export interface CardRefRecord {
  caseId: number;
  platform: string;
  channel: string;
  messageId: string;
}

export interface CardRefs {
  cardRefs(caseId: number, platform: string): Promise<CardRefRecord[]>;
  /** Records (or moves) a case's card in one channel of a platform. */
  setCardRef(ref: CardRefRecord): Promise<void>;
}
