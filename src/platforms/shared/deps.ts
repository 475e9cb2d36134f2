/**
 * What a chat front end is given, and nothing more: the desk (the grammar bound to the use cases), the clock, the
 * request journal, where cards were posted, and the chart renderer. The composition (src/cli) builds these from the
 * store and the configuration; a front end never sees the store, the configuration or a database client.
 */
import type { Clock } from '../../core/ports/clock.ts';
import type { CardRefs } from '../../core/ports/card-refs.ts';
import type { ProcessedRequests, RequestJournal } from '../../core/ports/requests.ts';
import type { DailySummary } from '../../core/domain/daily-summary.ts';
import type { FrontDesk } from './front-desk.ts';

/** §8: the PNG that goes with a summary post, rendered when the post is delivered. */
export type SummaryChart = (summary: DailySummary, at: Date) => Promise<{ png: Buffer; filename: string }>;

export interface ChatDeps {
  desk: FrontDesk;
  clock: Clock;
  /** commands acknowledged "in hand" (replayed after a crash), and answers already given by request key */
  journal: RequestJournal & ProcessedRequests;
  cards: CardRefs;
  chart: SummaryChart;
  /** wakes the outbox sender after a command wrote messages */
  poke?: () => void;
}
