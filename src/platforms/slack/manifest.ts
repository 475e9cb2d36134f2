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
 * Bot scopes (the *:history ones let a sender that took over from a crashed one check what is already posted): `commands` (the slash command), `chat:write` (cards, threads, card edits), `chat:write.public`
 * (post in public group channels the bot was not invited to), `im:write` (DMs to handlers on a breach and on
 * assignment), `users:read` (resolve people).
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'im:write', 'users:read', 'channels:history', 'groups:history', 'im:history'];

export interface SlackManifest {
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

export function usageHint(): string {
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
        'the opener becomes the first-responsible owner. The bot times every deadline (on site 1 h, reply 4 h, report 8 h), ' +
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

export function manifestYaml(mode: 'http' | 'socket', host = PLACEHOLDER_HOST): string {
  const doc = new Document(buildManifest(mode, host));
  doc.commentBefore =
    ` Slack app manifest for complaint-desk, ${mode === 'http' ? 'HTTP mode (Slack calls PORT at /slack/events)' : 'Socket Mode (no public endpoint; needs an app-level token)'}.\n` +
    ` Generated from commands/ by scripts/slack-manifest.ts; test/unit/manifest.test.ts checks it.` +
    (mode === 'http' ? '\n' : '') +
    (mode === 'http' ? ` Replace ${PLACEHOLDER_HOST} with the public HTTPS address of your server before creating the app.` : '');
  return doc.toString({ lineWidth: 0 });
}
