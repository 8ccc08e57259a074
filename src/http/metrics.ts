import type { Hono } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryStore, Mailer, Outcome, Run } from '../send/index.js';
import type { AppDeps } from './app.js';
import { hasBearer, monitoringToken } from './bearer.js';

/**
 * The `gazette_` metrics, in a registry of their own (no global state): created by `gazette
 * serve`, fed by thin wrappers around the send loop's ports, read at `GET /metrics`.
 */
export interface Metrics {
  registry: Registry;
  deliveriesSent: Counter;
  deliveriesFailed: Counter<'reason'>;
  deliveriesSkipped: Counter<'reason'>;
  runs: Counter<'trigger' | 'status'>;
  runDuration: Histogram<'trigger'>;
  slots: Counter<'kind' | 'role'>;
  feedBuilds: Counter<'result'>;
  feedBuildDuration: Histogram;
  smtpLatency: Histogram<'result'>;
}

export function createMetrics(
  options: { subscriberCounts?: () => Promise<Record<string, number>> } = {},
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gazette_' });
  const registers = [registry];
  const { subscriberCounts } = options;
  new Gauge({
    name: 'gazette_subscribers',
    help: 'Subscribers by status, read from the database at each scrape',
    labelNames: ['status'],
    registers,
    async collect() {
      if (!subscriberCounts) return;
      const counts = await subscriberCounts();
      for (const status of ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained']) {
        this.set({ status }, counts[status] ?? 0);
      }
    },
  });
  return {
    registry,
    deliveriesSent: new Counter({
      name: 'gazette_deliveries_sent_total',
      help: 'Digests accepted by the SMTP server (or written to the outbox folder)',
      registers,
    }),
    deliveriesFailed: new Counter({
      name: 'gazette_deliveries_failed_total',
      help: 'Digests given up: rejected (5xx, the address bounced), temporary (4xx retries ran out), render',
      labelNames: ['reason'],
      registers,
    }),
    deliveriesSkipped: new Counter({
      name: 'gazette_deliveries_skipped_total',
      help: 'Planned digests not sent because the subscriber left before their turn',
      labelNames: ['reason'],
      registers,
    }),
    runs: new Counter({
      name: 'gazette_runs_total',
      help: 'Send runs this process planned, by trigger and final status',
      labelNames: ['trigger', 'status'],
      registers,
    }),
    runDuration: new Histogram({
      name: 'gazette_run_duration_seconds',
      help: 'From the start of sending to the end of a run this process planned',
      labelNames: ['trigger'],
      buckets: [0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200],
      registers,
    }),
    slots: new Counter({
      name: 'gazette_schedule_slots_total',
      help: 'Schedule slots this process took part in: as planner or as helper',
      labelNames: ['kind', 'role'],
      registers,
    }),
    feedBuilds: new Counter({
      name: 'gazette_feed_builds_total',
      help: 'Feed rebuilds, by result',
      labelNames: ['result'],
      registers,
    }),
    feedBuildDuration: new Histogram({
      name: 'gazette_feed_build_duration_seconds',
      help: 'Time to reload the article store and rebuild the feeds',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    smtpLatency: new Histogram({
      name: 'gazette_smtp_send_duration_seconds',
      help: 'One message handed to the SMTP server, from the first byte to its reply',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

/**
 * `GET /metrics`, in the Prometheus text format, for the monitoring bearer token only: the
 * subscriber gauges move when an address subscribes, so a public scrape would tell a stranger
 * whether an address was already pending, confirmed or gone. Without a token it does not exist.
 */
export function metricsRoutes(app: Hono, deps: AppDeps): void {
  const metrics = deps.metrics;
  const token = monitoringToken(deps.config);
  if (!metrics || !token) return;
  app.get('/metrics', async (c) => {
    if (!hasBearer(c, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="gazette-metrics"');
      return c.text('a valid bearer token is required\n', 401, { 'Cache-Control': 'no-store' });
    }
    const body = await metrics.registry.metrics();
    return c.body(body, 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  });
}

/** Counts outcomes as they are recorded: a row another worker had taken is not counted twice. */
export function instrumentStore(store: DeliveryStore, metrics: Metrics): DeliveryStore {
  return {
    ...store,
    async step(worker, step, now) {
      const result = await store.step(worker, step, now);
      const lost = new Set(result.lost);
      for (const outcome of step.outcomes)
        if (!lost.has(outcome.id)) countOutcome(outcome, metrics);
      return result;
    },
  };
}

function countOutcome(outcome: Outcome, metrics: Metrics): void {
  switch (outcome.status) {
    case 'sent':
      metrics.deliveriesSent.inc();
      return;
    case 'skipped':
      metrics.deliveriesSkipped.inc({ reason: 'unsubscribed' });
      return;
    case 'requeue':
      return;
    default: {
      const reason = outcome.error.startsWith('render:')
        ? 'render'
        : outcome.status === 'deferred'
          ? 'temporary'
          : 'rejected';
      metrics.deliveriesFailed.inc({ reason });
    }
  }
}

/** SMTP latency per message, whatever the answer. */
export function instrumentMailer(mailer: Mailer, metrics: Metrics): Mailer {
  return {
    concurrency: mailer.concurrency,
    async send(message) {
      const end = metrics.smtpLatency.startTimer();
      try {
        const result = await mailer.send(message);
        end({ result: 'accepted' });
        return result;
      } catch (error) {
        end({ result: (error as { kind?: string }).kind ?? 'error' });
        throw error;
      }
    },
    close: () => mailer.close(),
  };
}

export function observeRun(metrics: Metrics, run: Run, trigger: string): void {
  metrics.runs.inc({ trigger, status: run.status });
  if (run.status === 'done' && run.startedAt && run.finishedAt) {
    const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
    metrics.runDuration.observe({ trigger }, Math.max(0, seconds));
  }
}
