/** The only source of "now" in the core. Real time in production, a virtual clock in drills and tests. */
export type Clock = { now(): Date };

/** A clock that only moves when told to: drills and tests. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string | number) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | number | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
