import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultDatabaseUrl } from './db/client.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_ROSTER = join(PROJECT_ROOT, 'examples', 'demo-roster.yml');

const empty = (v: unknown) => (v === '' ? undefined : v);
const opt = z.preprocess(empty, z.string().optional());

/** The environment, parsed once with zod at start-up. */
export const ZConfig = z.object({
  ROSTER: opt,
  DATABASE_URL: z.preprocess(
    empty,
    z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'expected file:PATH (SQLite) or postgresql://… (PostgreSQL)')
      .optional(),
  ),
  PORT: z.preprocess(empty, z.coerce.number().int().min(0).max(65535).default(3000)),
  SLACK_BOT_TOKEN: opt,
  SLACK_SIGNING_SECRET: opt,
  SLACK_APP_TOKEN: opt,
  SLACK_API_URL: z.preprocess(empty, z.url().optional()),
  DISCORD_TOKEN: opt,
  DISCORD_APPLICATION_ID: opt,
  DISCORD_GUILD_ID: opt,
  DISCORD_API_URL: z.preprocess(empty, z.url().optional()),
  LOG_LEVEL: z.preprocess(empty, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  REPLICA_ID: opt,
});

export type TConfig = z.infer<typeof ZConfig> & { rosterPath: string; databaseUrl: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TConfig {
  const res = ZConfig.safeParse(env);
  if (!res.success) {
    const msg = res.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid environment:\n${msg}`);
  }
  const c = res.data;
  return {
    ...c,
    rosterPath: c.ROSTER ? resolve(cwd, c.ROSTER) : DEMO_ROSTER,
    databaseUrl: c.DATABASE_URL ?? defaultDatabaseUrl(cwd),
  };
}

export const slackConfigured = (c: TConfig): boolean => !!c.SLACK_BOT_TOKEN && !!(c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN);
export const discordConfigured = (c: TConfig): boolean => !!c.DISCORD_TOKEN;
