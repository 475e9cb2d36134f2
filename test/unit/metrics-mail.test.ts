/** /metrics (§11, §14): a mail is counted under platform="mail", never under the chat platform that passed it by. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutboxRecord } from '../../src/core/domain/case.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { parseRoster } from '../../src/core/domain/roster.ts';
import { Metrics } from '../../src/observability/metrics.ts';
import { ConsoleNotifier } from '../../src/platforms/console/console-notifier.ts';
import { createMailNotifier } from '../../src/platforms/mail/mail-notifier.ts';
import { demoRosterText } from '../helpers/desk.ts';

const record = (o: Partial<OutboxRecord>): OutboxRecord => ({
  id: 1,
  key: 'k',
  at: new Date('2026-12-01T12:00:00Z'),
  kind: 'mail',
  caseId: null,
  toUnit: null,
  toHandle: null,
  payload: { text: '[一分行 BR01] 2026-12-01 客户投诉日报', mentions: [], unit: 'BR01', mailTo: 'union-br01@bank.example' },
  attempts: 0,
  delivered: [],
  ...o,
});

describe('/metrics counts each message where it is delivered', () => {
  it('a mail under platform="mail", a chat post under its chat platform, nothing twice', async () => {
    // the store only feeds the gauges, which this test does not read
    const metrics = new Metrics({ store: {} as Store, scheduler: () => undefined });
    const roster = parseRoster(demoRosterText());
    const seen: string[] = [];
    const chat = metrics.counting(new ConsoleNotifier(roster, (m) => seen.push(m.kind)));
    const dir = mkdtempSync(join(tmpdir(), 'cd-metrics-mail-'));
    const mail = metrics.counting(
      createMailNotifier({
        mailDir: dir,
        compose: async () => ({ from: 'desk@bank.example', to: 'union-br01@bank.example', subject: 's', text: 't' }),
      }),
    );
    // as the sender does (the notifier contract): each notifier is handed the kinds it takes
    const deliver = async (m: OutboxRecord) => {
      for (const n of [chat, mail]) if (n.kinds.includes(m.kind)) await n.send(m);
    };
    await deliver(record({ key: 'mail:BR01:2026-12-01' }));
    await deliver(
      record({ key: 'upd:1:v2', kind: 'update', caseId: 1, toUnit: 'OUT-12', payload: { text: '【C1】已到场', mentions: [] } }),
    );
    expect(readdirSync(dir)).toHaveLength(1);
    const counted = (await metrics.notifications.get()).values
      .map((v) => `${v.labels.platform} ${v.labels.kind} ${v.labels.result} ${v.value}`)
      .sort();
    expect(counted).toEqual(['console update sent 1', 'mail mail sent 1']);
  });
});
