import type { Queue } from 'bullmq';
import client from 'prom-client';
import type { Db } from './db/database.js';

export interface Metrics {
  registry: client.Registry;
  httpRequests: client.Counter<'route' | 'status'>;
  larkCalls: client.Counter<'op' | 'code'>;
  ackSeconds: client.Histogram<'kind'>;
  timerLateness: client.Histogram<'kind'>;
}

/** One registry per service instance (tests run several in one process). */
export function createMetrics(queues: Queue[], db: Db): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'whistle_' });
  const httpRequests = new client.Counter({
    name: 'whistle_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const larkCalls = new client.Counter({
    name: 'whistle_lark_calls_total',
    help: 'Outbound Lark calls by operation and Lark code (0 = success)',
    labelNames: ['op', 'code'],
    registers: [registry],
  });
  const ackSeconds = new client.Histogram({
    name: 'whistle_ack_seconds',
    help: 'Time to acknowledge a Lark event or answer a card callback',
    labelNames: ['kind'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [registry],
  });
  const timerLateness = new client.Histogram({
    name: 'whistle_timer_lateness_seconds',
    help: 'How late timers fire after their due time',
    labelNames: ['kind'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
  new client.Gauge({
    name: 'whistle_queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const q of queues) {
        const counts = await q.getJobCounts().catch(() => ({}) as Record<string, number>);
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
      }
    },
  });
  new client.Gauge({
    name: 'whistle_cases',
    help: 'Cases by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('cases')
        .select(['status', db.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute()
        .catch(() => []);
      this.reset();
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  return { registry, httpRequests, larkCalls, ackSeconds, timerLateness };
}
