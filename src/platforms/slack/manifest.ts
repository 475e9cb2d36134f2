/**
 * The Slack app manifest, built from `commands/` so the slash command's usage hint can never drift from the
 * grammar. `scripts/slack-manifest.ts` writes manifest.yml (HTTP mode) and manifest.socket.yml (Socket Mode);
 * test/unit/manifest.test.ts holds both files against this and against Slack's manifest schema.
 */
import { Document } from 'yaml';
import { COMMANDS, SLASH_COMMAND } from '../../../commands/index.ts';

export const PLACEHOLDER_HOST = 'https://complaint-desk.example.com';
export const EVENTS_PATH = '/slack/events';

/**
 * Bot scopes, each for the Web API calls that need it (test/unit/slack-scopes.test.ts holds the code's calls against
 * this list): `commands` (the slash command), `chat:write` (cards, threads, card edits, ephemeral answers),
 * `chat:write.public` (post in public group channels the bot was not invited to), `im:write` (DMs to handlers on a
 * breach and on assignment), `users:read` (resolve people), `files:write` (§8: the summary's chart,
 * files.getUploadURLExternal / files.completeUploadExternal), and `channels:history`, `groups:history`,
 * `im:history` (a sender that took over from a crashed one looks for what is already posted).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'files:write',
  'channels:history',
  'groups:history',
  'im:history',
];

interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: { name: string; description: string; background_color: string; long_description: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: { command: string; url?: string; description: string; usage_hint: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

function usageHint(): string {
  return `${COMMANDS.map((c) => c.name).join('|')} [CASE] [key=value …] [text]`;
}

export function buildManifest(mode: 'http' | 'socket', host = PLACEHOLDER_HOST): SlackManifest {
  const url = `${host.replace(/\/+$/, '')}${EVENTS_PATH}`;
  const http = mode === 'http';
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'complaint-desk',
      description: '投诉处理小组值守机器人 · Complaint desk for a core-system cutover: cases, deadlines, escalation.',
      background_color: '#8a1c1c',
      long_description:
        'complaint-desk turns the cutover complaint-handling group into chat channels. Staff open cases with /complaint; ' +
        'the opener becomes the first-responsible owner. The bot times every deadline of the plan (on site, reply, report, transfer; the windows are roster settings), ' +
        'nags owners before and at each breach, escalates media threats, repeat, skip-level and group complaints to the ' +
        'province group level by level, and posts an end-of-day summary. 投诉受理、时限督办、逐级上报、每日汇总。',
    },
    features: {
      bot_user: { display_name: 'complaint-desk', always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          ...(http ? { url } : {}),
          description: '受理与跟踪客户投诉 · Open and track complaint cases (/complaint help)',
          usage_hint: usageHint(),
          // mentions arrive as <@U…|name>, which the front end maps to roster handles
          should_escape: true,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      interactivity: http ? { is_enabled: true, request_url: url } : { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: !http,
      token_rotation_enabled: false,
    },
  };
}

export function manifestYaml(mode: 'http' | 'socket', host?: string): string {
  const doc = new Document(buildManifest(mode, host ?? PLACEHOLDER_HOST));
  doc.commentBefore =
    ` Slack app manifest for complaint-desk, ${mode === 'http' ? 'HTTP mode (Slack calls PORT at /slack/events)' : 'Socket Mode (no public endpoint; needs an app-level token)'}.\n` +
    ` Generated from commands/ by scripts/slack-manifest.ts; test/unit/manifest.test.ts checks it.` +
    // a manifest written for a given server is ready to paste: only the checked-in one carries the placeholder
    (mode === 'http' && !host
      ? `\n Replace ${PLACEHOLDER_HOST} with the public HTTPS address of your server before creating the app` +
        ` (or run: npm run slack:manifest -- --host https://YOUR.HOST --out my-manifest.yml).`
      : '');
  return doc.toString({ lineWidth: 0 });
}

export const MANIFEST_USAGE =
  'usage: npm run slack:manifest [-- --host https://HOST[/PATH] [--out FILE]]\n' +
  '  no options          rewrite the checked-in manifest.yml and manifest.socket.yml (placeholder host)\n' +
  '  --host URL          the public HTTPS address Slack calls (/slack/events is appended)\n' +
  '  --out FILE          write the HTTP-mode manifest for --host to FILE instead of manifest.yml\n' +
  '  --help              this text';

/** A command line `slack:manifest` refuses: the message names the problem; exit status 2. */
export class ManifestArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestArgsError';
  }
}

type ManifestArgs = { help: true } | { help: false; host?: string; out?: string };

/**
 * The public address Slack will call, checked: an absolute `https://` URL with a host name, no credentials, query
 * or fragment (Slack refuses plain http request URLs). Returns it without a trailing slash.
 */
function checkHost(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ManifestArgsError(
      `--host ${JSON.stringify(value)} is not a URL: give the server's public address, e.g. --host https://desk.bank.example`,
    );
  }
  if (u.protocol !== 'https:')
    throw new ManifestArgsError(`--host ${JSON.stringify(value)} must start with https:// (Slack only calls HTTPS request URLs)`);
  if (!u.hostname) throw new ManifestArgsError(`--host ${JSON.stringify(value)} has no host name`);
  if (u.username || u.password || u.search || u.hash)
    throw new ManifestArgsError(`--host ${JSON.stringify(value)} must be a plain address (no user, password, ?query or #fragment)`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Parses `slack:manifest`'s options (`--name value` or `--name=value`); throws ManifestArgsError on anything else. */
export function parseManifestArgs(argv: readonly string[]): ManifestArgs {
  const values: { host?: string; out?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const m = /^--(host|out)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new ManifestArgsError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${JSON.stringify(arg)}`);
    const name = m[1] as 'host' | 'out';
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--')))
      throw new ManifestArgsError(`--${name} needs a value`);
    if (values[name] !== undefined) throw new ManifestArgsError(`--${name} given twice`);
    values[name] = value;
  }
  if (values.out !== undefined && values.host === undefined)
    throw new ManifestArgsError('--out needs --host: a manifest written elsewhere is for your server, so it must carry its address');
  return {
    help: false,
    ...(values.host !== undefined ? { host: checkHost(values.host) } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}
