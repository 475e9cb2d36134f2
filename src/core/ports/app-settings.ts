/** Small values the replicas share (the board's signing secret when BOARD_SECRET is unset, §13). */
export interface AppSettings {
  /** The value kept under `key`; when there is none yet, `made` is kept: the first writer wins, every replica reads the same. */
  sharedSetting(key: string, made: string): Promise<string>;
}
