/**
 * manifest.yml (HTTP mode) and manifest.socket.yml (Socket Mode) against commands/ and against the field names
 * and types of Slack's app manifest: the project's own strict check, and Slack's published JSON Schema when
 * ../shared/slack-manifest-schema/ is present (it is read from there, never copied into the project).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { COMMANDS, SLASH_COMMAND } from '../../commands/index.ts';
import { PROJECT_ROOT } from '../../src/cli/config.ts';
import { slackManifest } from '../../scripts/slack-manifest.ts';
import {
  buildManifest,
  EVENTS_PATH,
  ManifestArgsError,
  manifestYaml,
  parseManifestArgs,
  PLACEHOLDER_HOST,
} from '../../src/platforms/slack/manifest.ts';

const FILES = { http: 'manifest.yml', socket: 'manifest.socket.yml' } as const;
const read = (f: string): unknown => parse(readFileSync(join(PROJECT_ROOT, f), 'utf8'));

// ---- the project's own check, from the manifest fields Slack documents (unknown keys are rejected) ----
const str = (min: number, max: number) => z.string().min(min).max(max);
const httpUrl = z
  .string()
  .regex(/^https?:\/\//)
  .max(3000);
const ZManifest = z.strictObject({
  _metadata: z.strictObject({ major_version: z.number().int(), minor_version: z.number().int() }).optional(),
  display_information: z.strictObject({
    name: str(1, 35),
    description: str(1, 140).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/)
      .optional(),
    long_description: str(175, 4000).optional(),
  }),
  features: z.strictObject({
    bot_user: z.strictObject({ display_name: str(1, 80), always_online: z.boolean().optional() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\//).min(2).max(32),
          url: httpUrl.optional(),
          description: str(1, 2000),
          usage_hint: str(1, 1000).optional(),
          should_escape: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(50),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string().max(50)).max(255) }) }),
  settings: z.strictObject({
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: httpUrl.optional() }),
    event_subscriptions: z.strictObject({ request_url: httpUrl.optional(), bot_events: z.array(z.string()).optional() }).optional(),
    org_deploy_enabled: z.boolean().optional(),
    socket_mode_enabled: z.boolean().optional(),
    token_rotation_enabled: z.boolean().optional(),
  }),
});

// ---- a small JSON Schema (draft-07 subset) validator for Slack's published schema ----
type Schema = Record<string, unknown>;
function check(schema: Schema, value: unknown, root: Schema, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (!ref.startsWith('#/')) return [];
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], root) as Schema;
    return check(target, value, root, path);
  }
  const errs: string[] = [];
  const type = schema.type as string | undefined;
  const isObj = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (type === 'object' && !isObj) return [`${path}: expected object`];
  if (type === 'array' && !Array.isArray(value)) return [`${path}: expected array`];
  if (type === 'string' && typeof value !== 'string') return [`${path}: expected string`];
  if (type === 'boolean' && typeof value !== 'boolean') return [`${path}: expected boolean`];
  if (type === 'integer' && !Number.isInteger(value)) return [`${path}: expected integer`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errs.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errs.push(`${path}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errs.push(`${path}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value))
      errs.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errs.push(`${path}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errs.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items && typeof schema.items === 'object')
      value.forEach((v, i) => errs.push(...check(schema.items as Schema, v, root, `${path}[${i}]`)));
  }
  if (isObj) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const req of (schema.required as string[] | undefined) ?? []) if (!(req in obj)) errs.push(`${path}: missing ${req}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errs.push(...check(props[k], v, root, `${path}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${path}: unknown key ${k}`);
    }
  }
  return errs;
}

const SHARED_SCHEMA = resolve(PROJECT_ROOT, '..', 'shared', 'slack-manifest-schema', 'manifest.schema.1.0.0.json');

describe.each(['http', 'socket'] as const)('%s manifest', (mode) => {
  const manifest = read(FILES[mode]) as ReturnType<typeof buildManifest>;

  it('is what scripts/slack-manifest.ts generates from commands/ (regenerate after changing commands)', () => {
    expect(manifest).toEqual(buildManifest(mode));
  });

  it('passes the field names and types of Slack app manifests', () => {
    const res = ZManifest.safeParse(manifest);
    expect(res.success ? [] : res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it.skipIf(!existsSync(SHARED_SCHEMA))("passes Slack's published manifest JSON Schema", () => {
    const schema = JSON.parse(readFileSync(SHARED_SCHEMA, 'utf8')) as Schema;
    expect(check(schema, manifest, schema)).toEqual([]);
    // and the check itself catches an unknown key
    expect(check(schema, { ...manifest, display_information: { name: 'x', colour: 'red' } }, schema)).toContain(
      '$.display_information: unknown key colour',
    );
  });

  it('declares /complaint with every subcommand in its usage hint, and the scopes the front end uses', () => {
    const [cmd] = manifest.features.slash_commands;
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(cmd.command).toBe(SLASH_COMMAND);
    for (const c of COMMANDS) expect(cmd.usage_hint.split(/[| ]/)).toContain(c.name);
    expect(cmd.should_escape).toBe(true); // the front end maps <@U…|name> to roster handles
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it(mode === 'http' ? 'points the command and interactivity at /slack/events' : 'uses Socket Mode and no request URLs', () => {
    const [cmd] = manifest.features.slash_commands;
    if (mode === 'http') {
      expect(manifest.settings.socket_mode_enabled).toBe(false);
      expect(cmd.url).toMatch(new RegExp(`^https://.+${EVENTS_PATH}$`));
      expect(manifest.settings.interactivity.request_url).toBe(cmd.url);
    } else {
      expect(manifest.settings.socket_mode_enabled).toBe(true);
      expect(cmd.url).toBeUndefined();
      expect(manifest.settings.interactivity.request_url).toBeUndefined();
    }
  });
});

describe('slack:manifest command line', () => {
  const refused = (argv: string[]): string => {
    try {
      parseManifestArgs(argv);
    } catch (e) {
      expect(e).toBeInstanceOf(ManifestArgsError);
      return (e as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(argv)}`);
  };

  it('takes an https:// address with a host (and an optional path), in either option form', () => {
    expect(parseManifestArgs([])).toEqual({ help: false });
    expect(parseManifestArgs(['--host', 'https://desk.bank.example/', '--out', 'm.yml'])).toEqual({
      help: false,
      host: 'https://desk.bank.example',
      out: 'm.yml',
    });
    expect(parseManifestArgs(['--host=https://gw.bank.example:8443/complaint//'])).toEqual({
      help: false,
      host: 'https://gw.bank.example:8443/complaint',
    });
    expect(parseManifestArgs(['--help'])).toEqual({ help: true });
  });

  it('refuses an address that is not https:// with a host', () => {
    expect(refused(['--host', 'x.example'])).toMatch(/--host "x.example" is not a URL/);
    expect(refused(['--host', 'http://x.example'])).toMatch(/must start with https:\/\//);
    expect(refused(['--host', 'https://'])).toMatch(/--host/);
    expect(refused(['--host', 'https://u:p@x.example'])).toMatch(/plain address/);
    expect(refused(['--host', 'https://x.example/?a=1'])).toMatch(/plain address/);
  });

  it('refuses unknown options, stray arguments, missing values, repeats and --out without --host', () => {
    expect(refused(['--hots', 'x'])).toBe('unknown option --hots');
    expect(refused(['https://x.example'])).toMatch(/unexpected argument/);
    expect(refused(['--host'])).toBe('--host needs a value');
    expect(refused(['--host', '--out', 'm.yml'])).toBe('--host needs a value');
    expect(refused(['--host', 'https://a.example', '--host', 'https://b.example'])).toBe('--host given twice');
    expect(refused(['--out', 'm.yml'])).toMatch(/--out needs --host/);
  });

  it('writes a manifest for a given host that needs no editing; only the checked-in one asks to replace the placeholder', () => {
    const mine = manifestYaml('http', 'https://desk.bank.example');
    expect(mine).not.toContain(PLACEHOLDER_HOST);
    expect(mine).not.toMatch(/replace/i);
    expect(mine).toContain('url: https://desk.bank.example/slack/events');
    expect(manifestYaml('http')).toMatch(new RegExp(`Replace ${PLACEHOLDER_HOST}`));
    expect(manifestYaml('socket')).not.toMatch(/replace/i);
  });

  // the script as a user runs it (called in process: exit status and what it prints)
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = slackManifest(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
  };

  it('exits 2 naming an unknown option and showing the usage, and writes nothing', async () => {
    const before = readFileSync(join(PROJECT_ROOT, 'manifest.yml'), 'utf8');
    const r = await run(['--hots', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option --hots/);
    expect(r.stderr).toMatch(/usage: npm run slack:manifest/);
    expect(readFileSync(join(PROJECT_ROOT, 'manifest.yml'), 'utf8')).toBe(before);
    expect((await run(['--host', 'http://x.example', '--out', 'x.yml'])).code).toBe(2);
  });

  it('writes --out for --host, and says in one line what failed, where and what to do when it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-manifest-'));
    try {
      const out = join(dir, 'm.yml');
      const ok = await run(['--host', 'https://desk.bank.example', '--out', out]);
      expect(ok.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(manifestYaml('http', 'https://desk.bank.example'));

      const bad = await run(['--host', 'https://desk.bank.example', '--out', join(dir, 'missing', 'm.yml')]);
      expect(bad.code).toBe(1);
      const lines = bad.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `slack:manifest: cannot write ${join(dir, 'missing', 'm.yml')} (ENOENT): the directory ${join(dir, 'missing')} does not exist: create it or choose another --out`,
      );
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
