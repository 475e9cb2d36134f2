/**
 * `npm run bench` runs every benchmark and prints a table; `npm run bench -- --json` prints one JSON object with
 * every figure. Each group runs in its own process (so memory figures are its own); each ratio is against a
 * baseline measured in the same run, since absolute times drift on a shared machine. `--quick` shrinks sizes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from '../test/helpers/bin.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const GROUPS = ['cold', 'open', 'api', 'burst', 'scale', 'drill', 'slack', 'form', 'board', 'pg'].filter((g) => !only || only.includes(g));

/** Targets (issue 8, raised by issue 16): [figure, comparison, value]. */
const TARGETS: [string, '<=' | '>=' | '<', number][] = [
  ['ack_p99_ratio_vs_bare_bolt', '<=', 1.5],
  // issue 22: the same ratio at a steady 20 requests a second (the saturated one above stays reported)
  ['ack_p99_ratio_at_20_rps', '<=', 1.5],
  ['acks_over_3s', '<=', 0],
  ['open_cases_per_s', '>=', 1500],
  ['tick_ms_100k_open', '<', 20],
  ['burst_1000_due_s', '<', 2],
  ['summary_ms_100k', '<=', 500],
  // issue 13: one handover of a unit whose subtree holds 100,000 open cases
  ['handover_ms_100k_open', '<', 1000],
  ['drill_1000_cases_s', '<=', 5],
  ['rss_mb_100k', '<=', 200],
  // issue 22: the compiled bin, start-up to first answer minus `node -e 0` (was <= 1000 with tsx's loader)
  ['cold_start_ms', '<=', 400],
  ['board_html_ms_10k_open', '<=', 300],
  ['board_push_p99_ms_200_clients', '<=', 1000],
  // issue 15: a handling form stays small
  ['form_kb', '<', 300],
  // PostgreSQL (bench/pg.ts): one replica opening cases, two replicas firing a burst, a summary over 100,000 cases
  ['pg_open_cases_per_s', '>=', 500],
  // issue 26: the work-order API costs little next to the rules (32 HTTP clients vs 32 staff, same run)
  ['api_open_ratio_vs_desk', '>=', 0.8],
  ['pg_burst_1000_due_s_2_replicas', '<=', 3],
  ['pg_summary_ms_100k', '<=', 1000],
];

function runGroup(name: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'part.ts'), name, ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (process.stderr.write(d), (err += d)));
    p.on('close', (code) => {
      // a group that cannot run says why on stderr ("PostgreSQL figures skipped: …"): repeated under the table
      notes.push(...err.split('\n').filter((l) => l.includes('figures skipped:')));
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`benchmark ${name} failed (exit ${code})`));
      const figures = JSON.parse(line) as Record<string, number>;
      if (!json) process.stderr.write(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      resolve(figures);
    });
  });
}

// the bin runs the compiled build: (re)build dist/ first when a source is newer than it
if (GROUPS.some((g) => g === 'cold' || g === 'drill')) ensureBuilt();

const notes: string[] = [];
const all: Record<string, number> = {};
const started = performance.now();
for (const g of GROUPS) Object.assign(all, await runGroup(g));
all.bench_total_s = Math.round((performance.now() - started) / 100) / 10;

if (json) {
  process.stdout.write(JSON.stringify(all) + '\n');
} else {
  const rows = Object.entries(all).map(([k, v]) => {
    const t = TARGETS.find(([name]) => name === k);
    const verdict = t ? ((t[1] === '<=' ? v <= t[2] : t[1] === '>=' ? v >= t[2] : v < t[2]) ? 'met' : 'MISSED') : '';
    return [k, String(v), t ? `${t[1]} ${t[2]}` : '', verdict];
  });
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 8));
  console.log(['figure'.padEnd(w[0]), 'value'.padStart(w[1]), 'target'.padEnd(w[2]), ''].join('  '));
  for (const r of rows) console.log([r[0].padEnd(w[0]), r[1].padStart(w[1]), r[2].padEnd(w[2]), r[3]].join('  '));
  for (const n of notes) console.log(n);
}
