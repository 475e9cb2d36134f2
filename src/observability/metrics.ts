import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { PermanentDeliveryError, type Notifier, type Observer, type Store } from '../core/ports/store.ts';
import type { OutboxRecord } from '../core/domain/case.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';

/** Prometheus metrics for `GET /metrics` (own registry: no module-global state). */
export class Metrics implements Observer {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'complaint_commands_total',
    help: 'Commands handled, by subcommand and result (ok or the refusal code)',
    labelNames: ['command', 'result'] as const,
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'complaint_notifications_total',
    help: 'Outbox messages delivered to a platform, by platform, kind and result (sent, failed: retried, dead: given up)',
    labelNames: ['platform', 'kind', 'result'] as const,
    registers: [this.registry],
  });
  readonly dead = new Counter({
    name: 'complaint_outbox_dead_total',
    help: 'Messages a platform refused for good (missing scope, bot not in channel, revoked token …) and the outbox gave up, by platform and error code',
    labelNames: ['platform', 'error'] as const,
    registers: [this.registry],
  });
  readonly stages = new Counter({
    name: 'complaint_deadline_stages_total',
    help: 'Deadline stages fired (reminder, breach, repeatN, expiry), by deadline kind',
    labelNames: ['deadline', 'stage', 'late'] as const,
    registers: [this.registry],
  });
  readonly breaches = new Counter({
    name: 'complaint_deadline_breaches_total',
    help: 'Deadlines breached (the breach notice went out), by deadline kind',
    labelNames: ['deadline'] as const,
    registers: [this.registry],
  });

  constructor(opts: { store: Store; scheduler: () => Scheduler | undefined }) {
    const { store } = opts;
    new Gauge({
      name: 'complaint_outbox_backlog',
      help: 'Messages waiting in the outbox',
      registers: [this.registry],
      async collect() {
        this.set(await store.outboxBacklog());
      },
    });
    new Gauge({
      name: 'complaint_mail_backlog',
      help: 'Daily report mails waiting to be delivered (§14: retried with backoff while the SMTP server refuses them)',
      registers: [this.registry],
      async collect() {
        this.set(await store.outboxBacklog('mail'));
      },
    });
    new Gauge({
      name: 'complaint_outbox_dead',
      help: 'Messages given up after a permanent delivery error and still in the outbox as dead (not put back to pending)',
      registers: [this.registry],
      async collect() {
        this.set((await store.outboxDead(null)).count);
      },
    });
    new Gauge({
      name: 'complaint_scheduler_lag_seconds',
      help: 'How long the oldest due deadline stage has waited',
      registers: [this.registry],
      collect() {
        this.set((opts.scheduler()?.stats.lagMs ?? 0) / 1000);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'complaint_desk_' });
  }

  commandRun(command: string, ok: boolean, code: string | undefined): void {
    this.commands.inc({ command, result: ok ? 'ok' : (code ?? 'error') });
  }

  stageFired(kind: string, stage: string, _caseId: number, late: boolean): void {
    this.stages.inc({ deadline: kind, stage, late: String(late) });
    if (stage === 'breach') this.breaches.inc({ deadline: kind });
  }

  /** Wraps a notifier so every delivery attempt is counted. */
  counting(n: Notifier): Notifier {
    const m = this.notifications;
    const dead = this.dead;
    return {
      platform: n.platform,
      local: n.local,
      kinds: n.kinds,
      async send(msg: OutboxRecord) {
        try {
          await n.send(msg);
          m.inc({ platform: n.platform, kind: msg.kind, result: 'sent' });
        } catch (e) {
          const permanent = e instanceof PermanentDeliveryError;
          m.inc({ platform: n.platform, kind: msg.kind, result: permanent ? 'dead' : 'failed' });
          if (permanent) dead.inc({ platform: e.platform, error: e.code });
          throw e;
        }
      },
    };
  }
}
