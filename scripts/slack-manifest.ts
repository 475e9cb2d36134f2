/**
 * Writes manifest.yml (HTTP mode) and manifest.socket.yml (Socket Mode) from commands/.
 *   npx tsx scripts/slack-manifest.ts                       # the checked-in files (placeholder host)
 *   npx tsx scripts/slack-manifest.ts --host https://desk.bank.example --out /tmp/manifest.yml
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { manifestYaml, PLACEHOLDER_HOST } from '../src/platforms/slack/manifest.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const host = opt('--host') ?? PLACEHOLDER_HOST;
const out = opt('--out');
if (out) {
  writeFileSync(out, manifestYaml('http', host));
  process.stdout.write(`wrote ${out}\n`);
} else {
  writeFileSync(join(PROJECT_ROOT, 'manifest.yml'), manifestYaml('http', host));
  writeFileSync(join(PROJECT_ROOT, 'manifest.socket.yml'), manifestYaml('socket'));
  process.stdout.write('wrote manifest.yml and manifest.socket.yml\n');
}
