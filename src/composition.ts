import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Queue, type Worker } from 'bullmq';
import express from 'express';
import { AdjustableClock, type Clock, systemClock } from './clock.js';
import type { Env } from './config/env.js';
import { type Db, openDatabase } from './db/database.js';
import { dailyDigest } from './digest/digest.js';
import { scheduleDigests } from './digest/digest-jobs.js';
import { StartupError } from './errors.js';
import { createAdmin } from './http/admin.js';
import { createApi } from './http/api.js';
import type { CardResponse, Envelope } from './lark/events.js';
import { createLarkGateway, type LarkGateway } from './lark/gateway.js';
import { startOutboundWorker } from './lark/outbound-worker.js';
import { createLarkWebhook } from './lark/webhook.js';
import { startLongConnection } from './lark/ws.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { Inbox } from './queue/inbox.js';
import { startMaintenance, tellCadres } from './queue/maintenance.js';
import { Outbox } from './queue/outbox.js';
import { QUEUE_NAMES } from './queue/queue-names.js';
import { connectRedis, type RedisConnections } from './redis/connections.js';
import { type RedisServer, startRedisServer } from './redis/redis-server.js';
import type { Roster } from './roster/roster.js';
import { rosterFiles } from './roster/roster-files.js';
import { loadRosterFile, RosterError } from './roster/roster-load.js';
import { holdRoster } from './roster/roster-reload.js';
import { createDispatcher } from './routing/dispatch.js';
import { routeByStreet } from './routing/street-router.js';
import { Streets, streetConflicts } from './streets/streets.js';
import { runTimer } from './timers/run-timer.js';
import { Timers } from './timers/timers.js';
import { deliveryFailed, recordSent, renderTarget } from './whistle/delivery.js';
import { WhistleService } from './whistle/service.js';
import { WhistleStore } from './whistle/store.js';

export interface ServiceOptions {
  env: Env;
  clock?: Clock;
  log?: Logger;
  /** BullMQ key prefix; tests give each service its own. */
  queuePrefix?: string;
  /** How often the outbox, inbox and timer sweeps run. */
  sweepEveryMs?: number;
  /** How long a Lark Open API call may take before it is abandoned and retried. */
  larkTimeoutMs?: number;
  /** Mount extra routes (the sandbox page) on the same listener. */
  extraRoutes?: (app: express.Express) => void;
}

export interface Deps {
  env: Env;
  log: Logger;
  clock: Clock;
  /** The first street's roster (single-street callers: the sandbox). */
  roster: () => Roster;
  streets: Streets;
  db: Db;
  redis: RedisConnections;
  queues: { inbox: Queue; outbound: Queue; maintenance: Queue; timers: Queue };
  lark: LarkGateway;
  store: WhistleStore;
  outbox: Outbox;
  inbox: Inbox;
  service: WhistleService;
  metrics: Metrics;
  bot: { openId?: string };
  timers: Timers;
}

export interface Service {
  url: string;
  port: number;
  deps: Deps;
  isReady(): Promise<boolean>;
  stop(): Promise<void>;
}

const EVENT_TYPES = [
  'im.message.receive_v1',
  'card.action.trigger',
  'im.chat.member.bot.added_v1',
  'im.chat.member.bot.deleted_v1',
  'im.chat.disbanded_v1',
];

/** The composition root: builds every dependency once (the clock included), wires them, starts listening. */
export async function startService(o: ServiceOptions): Promise<Service> {
  const env = o.env;
  const log = o.log ?? createLogger(env.LOG_LEVEL);
  const clock = o.clock ?? systemClock;
  if (!env.LARK_APP_ID || !env.LARK_APP_SECRET) throw new StartupError('LARK_APP_ID and LARK_APP_SECRET are required');
  const rosters = loadRosters(env.ROSTER_FILE);
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse())
      await c().catch((err) => log.warn({ err: String(err) }, 'shutdown step failed'));
  };
  try {
    let redisUrl = env.REDIS_URL;
    let embedded: RedisServer | undefined;
    if (!redisUrl) {
      embedded = await startRedisServer({ dir: join(env.DATA_DIR, 'redis'), persist: true });
      redisUrl = embedded.url;
      cleanups.push(() => embedded!.stop());
      log.info({ url: redisUrl }, 'embedded redis-server started');
    }
    // The metrics come later (they read the queues); statements are counted from the first one.
    let statements = 0;
    const { db, kind } = await openDatabase({
      url: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      log,
      onQuery: () => statements++,
    });
    cleanups.push(() => db.destroy());
    log.info({ kind }, 'database ready');

    const redis = connectRedis(redisUrl, log);
    cleanups.push(() => redis.close());
    await waitForRedis(redis);
    const prefix = o.queuePrefix ?? 'whistle';
    const queueOpts = { connection: redis.producer, prefix };
    const queues = {
      inbox: new Queue(QUEUE_NAMES.inbox, queueOpts),
      outbound: new Queue(QUEUE_NAMES.outbound, queueOpts),
      maintenance: new Queue(QUEUE_NAMES.maintenance, queueOpts),
      timers: new Queue(QUEUE_NAMES.timers, queueOpts),
    };
    cleanups.push(() => Promise.all(Object.values(queues).map((q) => q.close())));
    for (const q of Object.values(queues))
      q.on('error', (err) => log.warn({ queue: q.name, err: err.message }, 'queue error'));

    const lark = createLarkGateway({
      appId: env.LARK_APP_ID,
      appSecret: env.LARK_APP_SECRET,
      domain: env.LARK_DOMAIN,
      log,
      timeoutMs: o.larkTimeoutMs,
    });
    const store = new WhistleStore(db);
    const outbox = new Outbox(db, queues.outbound, clock, log);
    const inbox = new Inbox(db, queues.inbox, clock, log);
    const metrics = createMetrics(Object.values(queues), db, () => statements);
    const bot: Deps['bot'] = {};
    let timers: Timers | undefined;
    // One whistle service per street, each with its live roster; the store, queues and workers are shared.
    const streets = new Streets(
      rosters.map(({ file, roster }) => {
        const holder = holdRoster(file, roster, log, {
          onReloaded: (r) => void scheduleDigests(queues.maintenance, r).catch(() => undefined),
          onRejected: (error, current) => void tellCadres(deps, current, error),
        });
        cleanups.push(async () => holder.stop());
        const service = new WhistleService({
          store,
          outbox,
          roster: () => holder.get(),
          clock,
          log: log.child({ street: roster.street.id }),
          // Timers follow every committed change; if Redis is away now, the sweep rebuilds them from the database.
          onChanged: async (caseId) => {
            await timers
              ?.sync(caseId)
              .catch((err: Error) => log.warn({ caseId, err: err.message }, 'timer sync deferred to the sweep'));
          },
        });
        return { id: roster.street.id, file, holder, roster: () => holder.get(), service };
      }),
      store,
    );
    const rosterRef = () => streets.primary.roster();
    const service = streets.primary.service;
    const serviceFor = async (caseId: string | undefined) =>
      ((caseId ? await streets.forCase(caseId) : undefined) ?? streets.primary).service;
    timers = new Timers({
      queue: queues.timers,
      redis: redis.producer,
      prefix,
      store,
      run: async (t) => runTimer(await serviceFor(t.caseId), t),
      roster: (street) => (streets.get(street) ?? streets.primary).roster(),
      streets: () => streets.all().map((x) => x.id),
      clock,
      log,
      onLateness: (kind, seconds) => metrics.timerLateness.observe({ kind }, seconds),
    });
    const deps: Deps = {
      env,
      log,
      clock,
      roster: rosterRef,
      streets,
      db,
      redis,
      queues,
      lark,
      store,
      outbox,
      inbox,
      service,
      metrics,
      bot,
      timers,
    };

    const dispatch = routeByStreet(streets, (street) =>
      createDispatcher({
        service: street.service,
        store,
        outbox,
        roster: street.roster,
        now: () => clock.now(),
        botOpenId: () => bot.openId,
        today: () => dailyDigest(db, street.roster(), clock.now()),
        log: log.child({ street: street.id }),
      }),
    );
    const workerOpts = { connection: redis.worker, prefix };
    const workers: Worker[] = [];
    const limiterRedis = redis.worker.duplicate();
    limiterRedis.on('error', () => {}); // reported once by the main connections' handler
    cleanups.push(() => limiterRedis.quit());
    workers.push(
      startOutboundWorker({
        queue: queues.outbound,
        connection: redis.worker,
        limiterRedis,
        prefix,
        gateway: lark,
        log,
        hooks: {
          onSent: (record, messageId) => recordSent(service, record, messageId),
          render: async (target) => renderTarget(await serviceFor(target.split('|')[1]), target),
          onPermanentFailure: async (job, err) =>
            deliveryFailed(await serviceFor(job.caseId), job, err.code, err.chatUnreachable, err.message),
          onResult: (op, code) => metrics.larkCalls.inc({ op, code }),
        },
      }),
    );
    workers.push(inbox.start(redis.worker, prefix, dispatch));
    workers.push(timers.start(redis.worker, prefix));
    if (clock instanceof AdjustableClock) {
      const off = clock.onChange(
        () => void timers?.realign().catch((err: Error) => log.warn({ err: err.message }, 'timer realign failed')),
      );
      cleanups.push(async () => off());
    }
    workers.push(startMaintenance(deps, workerOpts, o.sweepEveryMs ?? 30_000));
    cleanups.push(() => Promise.all(workers.map((w) => w.close())));

    // Who the bot is decides which mentions are for it; keep asking until Lark answers.
    let stopped = false;
    const identify = async () => {
      for (let attempt = 0; !stopped && !bot.openId; attempt++) {
        try {
          bot.openId = (await lark.botInfo()).openId;
          log.info({ openId: bot.openId }, 'bot identity fetched');
        } catch (err) {
          log.warn({ err: (err as Error).message, attempt }, 'cannot fetch the bot identity yet');
          await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
        }
      }
    };
    void identify();
    cleanups.push(async () => {
      stopped = true;
    });

    const acceptEvent = async (env2: Envelope) => {
      const t = process.hrtime.bigint();
      const stored = await inbox.accept(env2);
      metrics.events.inc({ outcome: stored ? 'stored' : 'duplicate' });
      metrics.ackSeconds.observe({ kind: 'event' }, Number(process.hrtime.bigint() - t) / 1e9);
    };
    const handleCardAction = async (action: Parameters<WhistleService['act']>[0]): Promise<CardResponse> => {
      const t = process.hrtime.bigint();
      try {
        if (
          await inbox.seen(`card:${action.eventId}`, 'card.action.trigger', {
            operator: action.operatorId,
            value: action.value,
            form: action.form,
          })
        ) {
          return { toast: { type: 'info', content: '已处理', i18n: { zh_cn: '已处理', en_us: 'Already handled' } } };
        }
        const whistle = (action.value as { whistle?: unknown } | undefined)?.whistle;
        return await (await serviceFor(typeof whistle === 'string' ? whistle : undefined)).act(action);
      } finally {
        metrics.ackSeconds.observe({ kind: 'card' }, Number(process.hrtime.bigint() - t) / 1e9);
      }
    };

    const app = express();
    app.disable('x-powered-by');
    app.use((req, res, next) => {
      res.on('finish', () =>
        metrics.httpRequests.inc({
          route: req.route?.path ?? req.path.split('/').slice(0, 3).join('/'),
          status: String(res.statusCode),
        }),
      );
      next();
    });
    app.use(
      createLarkWebhook({
        appId: env.LARK_APP_ID,
        encryptKey: env.LARK_ENCRYPT_KEY,
        verificationToken: env.LARK_VERIFICATION_TOKEN,
        log,
        now: () => clock.now(),
        acceptEvent,
        handleCardAction,
      }),
    );
    const isReady = async () => {
      try {
        if (!bot.openId) return false;
        if ((await redis.producer.ping()) !== 'PONG') return false;
        if (!workers.every((w) => w.isRunning())) return false;
        await db.selectFrom('cases').select('id').limit(1).execute();
        return true;
      } catch {
        return false;
      }
    };
    app.get('/healthz', (_req, res) => void res.json({ ok: true }));
    app.get('/readyz', async (_req, res) => {
      const ready = await isReady();
      res.status(ready ? 200 : 503).json({ ready });
    });
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    app.use(createApi({ store, streets, adminToken: env.ADMIN_TOKEN }));
    app.post('/api/roster/reload', (_req, res) => {
      // Every street's file; each is validated on its own and a bad one keeps its previous roster.
      const results = streets.all().map((st) => ({ street: st.id, ...st.holder.reload() }));
      const ok = results.every((r) => r.ok);
      const first = results.find((r) => !r.ok);
      res.status(ok ? 200 : 422).json(streets.all().length === 1 ? results[0] : { ok, results, error: first?.error });
    });
    app.use(createAdmin(Object.values(queues), env.ADMIN_TOKEN));
    o.extraRoutes?.(app);

    if (env.LARK_MODE === 'ws') {
      const ws = await startLongConnection({
        appId: env.LARK_APP_ID,
        appSecret: env.LARK_APP_SECRET,
        domain: env.LARK_DOMAIN,
        log,
        acceptEvent,
        handleCardAction,
        eventTypes: EVENT_TYPES,
      });
      cleanups.push(async () => ws.close());
    }

    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(env.PORT, env.HOST, () => resolve(s));
      s.on('error', (err) =>
        reject(new StartupError(`PORT ${env.PORT} on ${env.HOST} cannot be used: ${err.message}`)),
      );
    });
    // Stop intake first: the listener closes before the workers and connections.
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          server.closeIdleConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const url = `http://${env.HOST}:${port}`;
    log.info({ url, mode: env.LARK_MODE }, 'lark-whistle listening');
    await outbox.sweep().catch(() => 0);
    await timers.sweep().catch((err: Error) => log.warn({ err: err.message }, 'timer sweep failed at start-up'));
    await inbox.sweep(0).catch(() => 0);
    return { url, port, deps, isReady, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Every roster file (one per street), each valid and none in conflict with another, or one line saying why. */
function loadRosters(spec: string): { file: string; roster: Roster }[] {
  const rosters = rosterFiles(spec).map((file) => {
    try {
      return { file, roster: loadRosterFile(file) };
    } catch (err) {
      if (err instanceof RosterError) throw new StartupError(`ROSTER_FILE ${file} is invalid: ${err.message}`);
      throw err;
    }
  });
  if (rosters.length === 0) throw new StartupError(`ROSTER_FILE ${spec} holds no roster (*.yaml)`);
  const conflict = streetConflicts(rosters);
  if (conflict) throw new StartupError(`ROSTER_FILE: ${conflict}`);
  return rosters;
}

async function waitForRedis(redis: RedisConnections): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (redis.producer.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new StartupError('Redis did not answer within 5 s: check REDIS_URL');
}
