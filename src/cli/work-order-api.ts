/**
 * §17 composition: the work-order API gets a desk of its own use case (`fileWorkOrder`, the same `openCase` as
 * `/complaint new`) over the process's one core, the tokens of API_TOKENS and a read of one case. The API itself
 * (src/api) never sees the store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createWorkOrderApi, type WorkOrderApi } from '../api/work-order-api.ts';
import type { TMember } from '../core/domain/roster.ts';
import type { Clock } from '../core/ports/clock.ts';
import { ComplaintDesk } from '../core/use-cases/complaint-desk.ts';
import { fileWorkOrder } from '../core/use-cases/file-work-order.ts';
import type { AppCore } from './app.ts';
import { PROJECT_ROOT, type TConfig } from './config.ts';

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function composeWorkOrderApi(
  core: AppCore,
  config: Pick<TConfig, 'API_TOKENS'>,
  opts: { clock: Clock; poke?: () => void; count?: (route: string, status: number) => void; log?: Logger },
): WorkOrderApi {
  const desk = new ComplaintDesk(core.desk.deps, { work_order: fileWorkOrder });
  const { roster } = core;
  // §15.1/§17: the hotline's system is no roster member; the desk runs its use case under this name (it never owns a case)
  const opener = (handle: string): TMember => ({ handle, name: handle, unit: roster.province.code, role: 'member' });
  return createWorkOrderApi({
    tokens: config.API_TOKENS ?? [],
    async file(handle, order, keys) {
      const run = () => desk.execute(opener(handle), 'work_order', { order, keys });
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
    read: (id) =>
      core.store.tx(async (tx) => {
        const c = await tx.getCase(id);
        if (!c) return null;
        return { c, deadlines: await tx.deadlines(id), timeline: await tx.timeline(id) };
      }),
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
