import type { Queue } from 'bullmq';
import client from 'prom-client';
import type { Db } from './db/database.js';
import { OPEN_CASE } from './whistle/model.js';

export interface Metrics {
  registry: client.Registry;
  httpRequests: client.Counter<'route' | 'status'>;
  larkCalls: client.Counter<'op' | 'code'>;
  ackSeconds: client.Histogram<'kind'>;
  timerLateness: client.Histogram<'kind'>;
  events: client.Counter<'outcome'>;
  dbStatements: client.Counter;
}

/** One registry per service instance (tests run several in one process). */
export function createMetrics(queues: Queue[], db: Db, statements: () => number = () => 0): Metrics {
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
  const events = new client.Counter({
    name: 'whistle_events_total',
    help: 'Lark events acknowledged, by outcome (stored, or a duplicate delivery ignored)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  registerStateGauges(registry, queues, db);
  const dbStatements = new client.Counter({
    name: 'whistle_db_statements_total',
    help: 'Statements sent to the database',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(statements());
    },
  });
  return { registry, httpRequests, larkCalls, ackSeconds, timerLateness, events, dbStatements };
}

/** Gauges of the service's state, read at each scrape: queue jobs, cases by status, events not yet processed and
 * Lark calls not yet made. A failing read reports 0 rather than failing the whole scrape. */
function registerStateGauges(registry: client.Registry, queues: Queue[], db: Db): void {
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
  const count = async (q: () => Promise<{ n: unknown } | undefined>) =>
    Number((await q().catch(() => undefined))?.n ?? 0);
  new client.Gauge({
    name: 'whistle_events_unprocessed',
    help: 'Events stored and acknowledged but not yet processed',
    registers: [registry],
    async collect() {
      this.set(
        await count(() =>
          db.selectFrom('inbox').select(db.fn.countAll().as('n')).where('processed_at', 'is', null).executeTakeFirst(),
        ),
      );
    },
  });
  const outbound = queues.find((q) => q.name.includes('outbound'));
  new client.Gauge({
    name: 'whistle_outbound_backlog',
    help: 'Lark calls waiting to be made: written but not yet queued, plus queued and not yet done',
    registers: [registry],
    async collect() {
      const unrelayed = await count(() =>
        db.selectFrom('outbox').select(db.fn.countAll().as('n')).where('enqueued_at', 'is', null).executeTakeFirst(),
      );
      const c = (await outbound?.getJobCounts('waiting', 'delayed', 'active', 'prioritized').catch(() => ({}))) ?? {};
      this.set(unrelayed + Object.values(c).reduce((a: number, b) => a + Number(b), 0));
    },
  });
}

/** Gauges the operators' dashboard and alerts read (docs/grafana-dashboard.json, docs/prometheus-alerts.yml):
 * readiness as Prometheus sees it (in long-connection mode /readyz, and so this gauge, drops when the connection is
 * dead) and the overdue open cases of each street. Registered once the service can say whether it is ready. */
export function registerOperatorGauges(registry: client.Registry, db: Db, isReady: () => Promise<boolean>): void {
  new client.Gauge({
    name: 'whistle_ready',
    help: '1 when the instance would handle an event end to end (what /readyz answers), else 0',
    registers: [registry],
    async collect() {
      this.set((await isReady().catch(() => false)) ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'whistle_cases_overdue',
    help: 'Open cases past their deadline, by street',
    labelNames: ['street'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('cases')
        .select(['street', db.fn.countAll<number>().as('n')])
        .where('overdue', '=', true)
        .where('status', 'in', OPEN_CASE)
        .groupBy('street')
        .execute()
        .catch(() => []);
      this.reset();
      for (const r of rows) this.set({ street: r.street }, Number(r.n));
    },
  });
}
