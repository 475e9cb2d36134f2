import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultDatabaseUrl } from '../db/client.ts';
import { StartupError } from '../startup-error.ts';
import { redactUrl } from '../redact-url.ts';

/** The package's root (where package.json is): found upwards from this module, src/cli/ from source or dist/src/cli/ compiled. */
export const PROJECT_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 6; i++, dir = resolve(dir, '..')) if (existsSync(join(dir, 'package.json'))) return dir;
  return resolve(here, '..', '..');
})();
export const DEMO_ROSTER = join(PROJECT_ROOT, 'examples', 'demo-roster.yml');
/**
 * The roster the console (`npm start` without tokens) runs on when ROSTER is unset: the demo organisation plus duty
 * shifts (§12), so the demo shows them. `serve` and drills default to DEMO_ROSTER (no shifts): a drill hands over
 * only when its own roster has shifts.
 */
export const DEMO_DUTY_ROSTER = join(PROJECT_ROOT, 'examples', 'duty-roster.yml');
/** What to do when the roster named by ROSTER cannot be read. */
export const ROSTER_HINT = 'set ROSTER to the path of a roster YAML file, or unset it for the demo roster';

const empty = (v: unknown) => (v === '' ? undefined : v);
const opt = z.preprocess(empty, z.string().optional());
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type TLogLevel = (typeof LOG_LEVELS)[number];
const PORT_MESSAGE = 'expected a port number from 0 to 65535';
/** Values never echoed in an error message. */
const SECRET = /TOKEN|SECRET|PASSWORD/;

/** §14: `smtp://` or `smtps://` with a host (user, password and port optional). */
export function isSmtpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (
      (u.protocol === 'smtp:' || u.protocol === 'smtps:') &&
      !!u.hostname &&
      (!u.port || /^\d+$/.test(u.port)) &&
      (u.pathname === '' || u.pathname === '/')
    );
  } catch {
    return false;
  }
}

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
  PORT: z.preprocess(
    empty,
    z.coerce
      .number({ error: PORT_MESSAGE })
      .int({ error: PORT_MESSAGE })
      .min(0, { error: PORT_MESSAGE })
      .max(65535, { error: PORT_MESSAGE })
      .default(3000),
  ),
  SLACK_BOT_TOKEN: opt,
  SLACK_SIGNING_SECRET: opt,
  SLACK_APP_TOKEN: opt,
  SLACK_API_URL: z.preprocess(empty, z.url().optional()),
  DISCORD_TOKEN: opt,
  /** §14: the daily report's SMTP server; unset, mails are written as .eml files under data/mail/ */
  SMTP_URL: z.preprocess(
    empty,
    z
      .string()
      .refine(isSmtpUrl, 'expected smtp://user:pass@host:port (STARTTLS when offered) or smtps://user:pass@host:port (TLS)')
      .optional(),
  ),
  DISCORD_APPLICATION_ID: opt,
  DISCORD_GUILD_ID: opt,
  DISCORD_API_URL: z.preprocess(empty, z.url().optional()),
  // unset: `info` for serve, `warn` for the console and drills (loadConfig)
  LOG_LEVEL: z.preprocess(empty, z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).optional()),
  REPLICA_ID: opt,
  /** §13: the board's signing secret; unset, one is generated once and kept in the database */
  BOARD_SECRET: opt,
  /** §17: the work-order API's bearer tokens, `name:secret,name2:secret2`; unset, the API answers 404 */
  API_TOKENS: z.preprocess(
    empty,
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(
            z
              .string()
              .regex(
                /^[A-Za-z0-9_.-]{1,40}:\S+$/,
                'expected name:secret,name2:secret2 (a name of letters, digits, ".", "-" or "_"; a secret without spaces)',
              ),
          )
          .min(1, 'expected name:secret,name2:secret2')
          .transform((entries) => entries.map((e) => ({ name: e.slice(0, e.indexOf(':')), secret: e.slice(e.indexOf(':') + 1) })))
          .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, 'each token name at most once')
          .refine((ts) => new Set(ts.map((t) => t.secret)).size === ts.length, 'each secret at most once (a secret names its token)'),
      )
      .optional(),
  ),
  /** §13: the base of board links (default http://127.0.0.1:PORT) */
  PUBLIC_URL: z.preprocess(empty, z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional()),
});

export type TConfig = Omit<z.infer<typeof ZConfig>, 'LOG_LEVEL'> & {
  /** serve's level: LOG_LEVEL, default info */
  LOG_LEVEL: TLogLevel;
  /** the console's and drills' level: LOG_LEVEL, default warn (JSON lines on stderr would crowd the terminal) */
  consoleLogLevel: TLogLevel;
  rosterPath: string;
  databaseUrl: string;
};

/** LOG_LEVEL alone (for commands that read no other variable, like drills); `fallback` when unset. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv, fallback: TLogLevel): TLogLevel {
  const v = env.LOG_LEVEL;
  if (!v) return fallback;
  if ((LOG_LEVELS as readonly string[]).includes(v)) return v as TLogLevel;
  throw new StartupError({
    what: 'invalid environment variable',
    where: `LOG_LEVEL=${JSON.stringify(v.slice(0, 80))}: expected one of ${LOG_LEVELS.join(', ')}`,
    hint: 'fix the value or unset the variable',
  });
}

/** The environment, checked: a bad value is a StartupError naming the variable, its value and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TConfig {
  const res = ZConfig.safeParse(env);
  if (!res.success) {
    const problems = res.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const raw = String(env[name] ?? '');
      const shown = SECRET.test(name) ? '…' : redactUrl(raw).slice(0, 80);
      return `${name}=${JSON.stringify(shown)}: ${i.message}`;
    });
    throw new StartupError({
      what: problems.length > 1 ? 'invalid environment variables' : 'invalid environment variable',
      where: problems.join('; '),
      hint: 'fix the value or unset the variable; see "Configuration" in README.md',
    });
  }
  const c = res.data;
  return {
    ...c,
    LOG_LEVEL: c.LOG_LEVEL ?? 'info',
    consoleLogLevel: c.LOG_LEVEL ?? 'warn',
    rosterPath: c.ROSTER ? resolve(cwd, c.ROSTER) : DEMO_ROSTER,
    databaseUrl: c.DATABASE_URL ?? defaultDatabaseUrl(cwd),
  };
}

export const slackConfigured = (c: TConfig): boolean => !!c.SLACK_BOT_TOKEN && !!(c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN);

/** A half-done Slack set-up (a token without its secret, or the reverse), named variable by variable; null when none. */
export function slackConfigProblem(c: TConfig): StartupError | null {
  const hint = 'see "Run it in Slack" in README.md';
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
    return new StartupError({
      what: 'SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET (HTTP mode) and SLACK_APP_TOKEN (Socket Mode) are not',
      hint: `set one of them, or unset SLACK_BOT_TOKEN; ${hint}`,
    });
  if (!c.SLACK_BOT_TOKEN && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN))
    return new StartupError({
      what: `${c.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set but SLACK_BOT_TOKEN is not`,
      hint: `set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…); ${hint}`,
    });
  return null;
}
export const discordConfigured = (c: TConfig): boolean => !!c.DISCORD_TOKEN;
