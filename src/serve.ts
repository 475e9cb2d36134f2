import type { TConfig } from './config.ts';

/** Runs the configured front ends in one process (Slack and Discord arrive with their issues). */
export async function serve(config: TConfig): Promise<number> {
  void config;
  process.stderr.write('complaint-desk serve: no front end is configured yet (set SLACK_* or DISCORD_* variables)\n');
  return 2;
}
