#!/usr/bin/env node
// complaint-desk's command line: runs the compiled build in dist/ (`npm run build`; `npm ci` builds it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'complaint-desk is not built: dist/src/cli/main.js is missing. Run `npm run build` (or `npm ci`) in the package folder.\n',
  );
  process.exit(1);
}
await import(main.href);
