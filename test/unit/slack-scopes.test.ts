/**
 * Every Slack Web API method the code calls is covered by a bot scope the manifests ask for. The calls are found by
 * reading src/platforms/slack (client.<ns>.<method>(…), apiCall('…'), paginate('…'), filesUploadV2, say), and each
 * is looked up in the fake Slack's method → scope table (Slack's documented requirements), so a new call without
 * its scope in the manifest fails here, not in a bank's workspace with `missing_scope`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { BOT_SCOPES } from '../../src/platforms/slack/manifest.ts';
import { METHOD_SCOPES } from '../fakes/fake-slack.ts';

const SLACK_DIR = join(PROJECT_ROOT, 'src', 'platforms', 'slack');

/** Web API methods a helper of @slack/web-api calls for us. */
const HELPERS: Record<string, string[]> = {
  filesUploadV2: ['files.getUploadURLExternal', 'files.completeUploadExternal'],
  uploadV2: ['files.getUploadURLExternal', 'files.completeUploadExternal'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** method → where it is called (file:line) */
function webApiCalls(files: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (method: string, where: string) => found.set(method, [...(found.get(method) ?? []), where]);
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return; // comments
      const where = `${relative(PROJECT_ROOT, file)}:${i + 1}`;
      for (const m of line.matchAll(/\b(?:client|webClient|web)\.((?:[a-z]+\.)+[a-zA-Z]+)\s*\(/g)) add(m[1], where);
      for (const m of line.matchAll(/\b(?:apiCall|paginate)\(\s*['"`]([a-z]+(?:\.[a-zA-Z]+)+)['"`]/g)) add(m[1], where);
      for (const [helper, methods] of Object.entries(HELPERS))
        if (new RegExp(`\\.${helper}\\s*\\(`).test(line)) methods.forEach((m) => add(m, where));
      // Bolt's say() posts to the conversation the event came from
      if (/\bsay\s*\(/.test(line)) add('chat.postMessage', where);
    });
  }
  return found;
}

const calls = webApiCalls(sourceFiles(SLACK_DIR));
const manifestScopes = (file: string): string[] =>
  (parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } }).oauth_config.scopes.bot;

describe('Slack scopes', () => {
  it('finds the Web API calls of the Slack front end (the scanner itself works)', () => {
    expect([...calls.keys()]).toEqual(
      expect.arrayContaining([
        'auth.test',
        'chat.postMessage',
        'chat.postEphemeral',
        'chat.update',
        'conversations.open',
        'conversations.history',
        'conversations.replies',
        'views.open',
        'views.update',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]),
    );
  });

  it('sees a call in any of the forms, and not in comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-scopes-'));
    try {
      const file = join(dir, 'probe.ts');
      writeFileSync(
        file,
        [
          'await this.deps.client.reactions.add({ name: "eyes" });',
          "await client.apiCall('pins.add', {});",
          'await web.filesUploadV2({ channel_id: c });',
          'await say("hi");',
          '// client.usergroups.list() is not called',
        ].join('\n'),
      );
      expect([...webApiCalls([file]).keys()].sort()).toEqual(
        ['chat.postMessage', 'files.completeUploadExternal', 'files.getUploadURLExternal', 'pins.add', 'reactions.add'].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows the scopes of every method the code calls (add a new one to METHOD_SCOPES in test/fakes/fake-slack.ts)', () => {
    const unknown = [...calls].filter(([m]) => !(m in METHOD_SCOPES)).map(([m, where]) => `${m} (${where.join(', ')})`);
    expect(unknown).toEqual([]);
  });

  it.each(['manifest.yml', 'manifest.socket.yml'])('%s asks for every scope those calls need', (file) => {
    const granted = new Set(manifestScopes(file));
    const missing = [...calls].flatMap(([m, where]) =>
      (METHOD_SCOPES[m] ?? []).filter((s) => !granted.has(s)).map((s) => `${s} (for ${m} at ${where[0]})`),
    );
    expect(missing).toEqual([]);
    expect(new Set(BOT_SCOPES)).toEqual(granted);
  });
});
