/**
 * §17 composition: the work-order API files through the process's one desk (`openCaseFor`: the same `openCase` as
 * `/complaint new`, counted with the other commands the scheduler yields to), with the tokens of API_TOKENS and a
 * read of one case. The API itself (src/api) never sees the store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createWorkOrderApi, type WorkOrderApi } from '../api/work-order-api.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { AppCore } from './app.ts';
import { PROJECT_ROOT, type TConfig } from './config.ts';

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function composeWorkOrderApi(
  core: AppCore,
  config: Pick<TConfig, 'API_TOKENS'>,
  opts: { clock: Clock; poke?: () => void; count?: (route: string, status: number) => void; log?: Logger },
): WorkOrderApi {
  const { roster } = core;
  return createWorkOrderApi({
    tokens: config.API_TOKENS ?? [],
    async file(handle, order, keys) {
      // §15.1/§17: the hotline's system has no unit of its own, so its case is handed to the unit's contact
      const run = () => core.desk.desk.openCaseFor({ handle }, order, { workOrderKeys: keys });
      try {
        return await run();
      } catch (e) {
        // Two replicas filing the same retry at once: one commits, the other's transaction fails on the key's primary
        // key. Run once more: it finds the key and answers with the case the first one opened.
        if (!keys.length) throw e;
        opts.log?.info({ event: 'work_order_retry' }, 'work order filed again after a failed transaction');
        return await run();
      }
    },
    // a read takes no transaction (on SQLite that would be a write transaction, queued behind every command)
    async read(id) {
      const c = await core.store.getCase(id);
      return c ? { c, deadlines: await core.store.deadlines(id), timeline: await core.store.timeline(id) } : null;
    },
    clock: opts.clock,
    timezone: roster.settings.timezone,
    locale: roster.settings.locale,
    ratePerMinute: roster.settings.api_rate_per_min,
    version: VERSION,
    count: opts.count,
    log: opts.log ? (entry) => opts.log!.info({ event: 'api_request', ...entry }, 'api request') : undefined,
    poke: opts.poke,
  });
}
