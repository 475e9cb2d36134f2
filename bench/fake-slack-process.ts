/**
 * The fake Slack API (test/fakes/fake-slack.ts) in a process of its own, for the ack benchmark: Slack is another
 * machine, so its side of each Web API call must not be counted on the bot's CPU (on a 2-core machine it was a
 * fifth of the front end's). `startFakeSlackProcess()` spawns it and reads its addresses from one JSON line.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface FakeSlackProcess {
  apiUrl: string;
  botId: string;
  botUserId: string;
  responseUrl(id: string): string;
  close(): Promise<void>;
}

export function startFakeSlackProcess(): Promise<FakeSlackProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake Slack exited (${code}) before it listened`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const a = JSON.parse(line) as { apiUrl: string; botId: string; botUserId: string; responseBase: string };
      resolve({
        apiUrl: a.apiUrl,
        botId: a.botId,
        botUserId: a.botUserId,
        responseUrl: (id) => a.responseBase + encodeURIComponent(id),
        close: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.stdin.end();
          }),
      });
    });
  });
}

if (process.argv.includes('--serve')) {
  const { startFakeSlack } = await import('../test/fakes/fake-slack.ts');
  const slack = await startFakeSlack();
  process.stdout.write(
    JSON.stringify({
      apiUrl: slack.apiUrl,
      botId: slack.botId,
      botUserId: slack.botUserId,
      responseBase: slack.responseUrl('X').replace(/X$/, ''),
    }) + '\n',
  );
  process.stdin.resume();
  process.stdin.on('end', () => void slack.close().then(() => process.exit(0)));
}
