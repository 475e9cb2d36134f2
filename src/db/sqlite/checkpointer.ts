/**
 * The WAL checkpoint, kept off the commit path (issue 16). SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses its threshold, on the committing connection, with the fsyncs that `synchronous=NORMAL` makes at
 * a checkpoint: that COMMIT, and every command queued behind it, waited for the disk (about 40 % of the open
 * rate). Here a worker thread, on its own connection to the same file, runs a PASSIVE checkpoint (it never waits
 * for the writer or a reader) every CHECKPOINT_EVERY_MS; one with no new frames returns at once, without a sync. The writer's own automatic checkpoint
 * stays as a backstop at a far higher threshold, should the worker be gone.
 *
 * Durability is unchanged: a transaction is durable against a crash of the process once its COMMIT has written
 * its frames to the WAL, before any checkpoint; the checkpoint only moves them into the main file.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker checkpoints at least this often while there are commits (a turn with none new costs nothing), and
 * at once when the writer says CHECKPOINT_AFTER_COMMITS commits went by: each checkpoint syncs the files, and a
 * sync holds up the writer's own writes to them for a moment, so they are kept few.
 */
export const CHECKPOINT_EVERY_MS = 1000;
export const CHECKPOINT_AFTER_COMMITS = 200;

// CommonJS, so it runs as an eval'd worker whatever loader the main thread uses (tsx in tests, node in prod).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
db.pragma('busy_timeout = 0');
function checkpoint(mode) {
  try {
    // copies the frames committed since the last one, then syncs; with none new it returns at once
    db.pragma('wal_checkpoint(' + mode + ')');
  } catch (e) {
    // SQLITE_BUSY: another checkpoint is running; the next turn will do
  }
}
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'now') return checkpoint('PASSIVE');
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  /** The writer committed: after CHECKPOINT_AFTER_COMMITS of these the worker checkpoints without waiting. */
  committed(): void;
  /** Checkpoints once more and stops the worker (before the writer closes the database). */
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, everyMs = CHECKPOINT_EVERY_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // plain CommonJS with an absolute require: no loader hooks of the parent (tsx) are needed, or inherited
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { path, everyMs, driver } });
  // the worker never keeps the process alive, and a failure of it leaves the writer's backstop checkpoint
  worker.unref();
  let failed = false;
  worker.on('error', () => (failed = true));
  let stopping: Promise<void> | null = null;
  let commits = 0;
  return {
    committed() {
      if (++commits < CHECKPOINT_AFTER_COMMITS || failed || stopping) return;
      commits = 0;
      worker.postMessage('now');
    },
    stop() {
      stopping ??= failed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const done = () => resolve();
            worker.once('message', () => void worker.terminate().then(done, done));
            worker.once('exit', done);
            worker.once('error', done);
            worker.postMessage('stop');
          });
      return stopping;
    },
  };
}
