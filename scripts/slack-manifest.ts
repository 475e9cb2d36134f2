/**
 * Writes manifest.yml (HTTP mode) and manifest.socket.yml (Socket Mode) from commands/.
 *   npx tsx scripts/slack-manifest.ts                       # the checked-in files (placeholder host)
 *   npx tsx scripts/slack-manifest.ts --host https://desk.bank.example --out /tmp/manifest.yml
 * Exit status: 0 written, 1 the file could not be written, 2 a bad command line (the message names it).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/cli/config.ts';
import { ManifestArgsError, MANIFEST_USAGE, manifestYaml, parseManifestArgs } from '../src/platforms/slack/manifest.ts';

const HINTS: Record<string, (dir: string) => string> = {
  ENOENT: (dir) => `the directory ${dir} does not exist: create it or choose another --out`,
  ENOTDIR: (dir) => `${dir} is not a directory: choose another --out`,
  EISDIR: () => 'that path is a directory: give a file name, e.g. --out my-manifest.yml',
  EACCES: (dir) => `no permission to write in ${dir}: choose another --out`,
  EPERM: (dir) => `no permission to write in ${dir}: choose another --out`,
  EROFS: (dir) => `${dir} is on a read-only file system: choose another --out`,
};

/** Where the script writes what it says (process.stdout / process.stderr when run; strings when a test calls it). */
export interface ManifestIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

function write(io: ManifestIo, path: string, text: string): boolean {
  try {
    writeFileSync(path, text);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const full = resolve(path);
    const hint = HINTS[code]?.(dirname(full)) ?? (e as Error).message;
    io.stderr.write(`slack:manifest: cannot write ${full} (${code}): ${hint}\n`);
    return false;
  }
}

/** The script's work: returns its exit status (0 written, 1 not written, 2 a bad command line). */
export function slackManifest(argv: string[], io: ManifestIo = process): number {
  let args;
  try {
    args = parseManifestArgs(argv);
  } catch (e) {
    if (!(e instanceof ManifestArgsError)) throw e;
    io.stderr.write(`slack:manifest: ${e.message}\n${MANIFEST_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(`${MANIFEST_USAGE}\n`);
    return 0;
  }
  if (args.out) {
    if (!write(io, args.out, manifestYaml('http', args.host))) return 1;
    io.stdout.write(`wrote ${args.out} (Slack calls ${args.host}/slack/events)\n`);
    return 0;
  }
  if (!write(io, join(PROJECT_ROOT, 'manifest.yml'), manifestYaml('http', args.host))) return 1;
  if (!write(io, join(PROJECT_ROOT, 'manifest.socket.yml'), manifestYaml('socket'))) return 1;
  io.stdout.write('wrote manifest.yml and manifest.socket.yml\n');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) process.exitCode = slackManifest(process.argv.slice(2));
