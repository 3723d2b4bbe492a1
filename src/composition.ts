import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type express from 'express';
import {
  type CallbackBackoff,
  callbackJobOpts,
  DEFAULT_CALLBACK_BACKOFF,
  startCallbackWorker,
} from './callbacks/worker.js';
import { AdjustableClock, type Clock, systemClock } from './clock.js';
import type { Env } from './config/env.js';
import { type Db, openDatabase } from './db/database.js';
import { dailyDigest } from './digest/digest.js';
import { scheduleDigests } from './digest/digest-jobs.js';
import { StartupError } from './errors.js';
import { EvaluationStore } from './evaluation/evaluation-store.js';
import { evaluationAct, isEvaluationClick } from './evaluation/objections.js';
import { createApp } from './http/app.js';
import { type LongConnection, startLongConnection } from './lark/inbound/ws.js';
import { startOutboundWorker } from './lark/outbound/outbound-worker.js';
import { fetchBotIdentity } from './lark/transport/bot-identity.js';
import { createLarkGateway, type LarkGateway } from './lark/transport/gateway.js';
import { syncLedger } from './ledger/ledger-sync.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics, registerOperatorGauges } from './metrics.js';
import { Inbox } from './queue/inbox.js';
import { startMaintenance, tellCadres } from './queue/maintenance.js';
import { Outbox } from './queue/outbox.js';
import { openQueues, type Queues } from './queue/queues.js';
import type { RedisConnections } from './redis/connections.js';
import { openRedis } from './redis/open-redis.js';
import { createDispatcher } from './routing/dispatch.js';
import { createLarkHandlers } from './routing/lark-handlers.js';
import { routeByStreet } from './routing/street-router.js';
import { buildStreets } from './streets/build-streets.js';
import { CaseChanges } from './streets/case-changes.js';
import { loadRosters } from './streets/load-rosters.js';
import type { Streets } from './streets/streets.js';
import { runTimer } from './timers/run-timer.js';
import { Timers } from './timers/timers.js';
import { deliveryFailed, recordSent, renderTarget, urgentRefused } from './whistle/delivery.js';
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
  /** Retry schedule of status callbacks to source systems; tests shorten it. */
  callbackBackoff?: CallbackBackoff;
  /** Hears every database statement's SQL (tests count the statements of one click). */
  onStatement?: (sql: string) => void;
  /** Mount extra routes (the sandbox page) on the same listener. */
  extraRoutes?: (app: express.Express) => void;
}

export interface Deps {
  env: Env;
  log: Logger;
  clock: Clock;
  streets: Streets;
  db: Db;
  redis: RedisConnections;
  queues: Queues;
  lark: LarkGateway;
  store: WhistleStore;
  outbox: Outbox;
  inbox: Inbox;
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

type Cleanups = (() => Promise<unknown>)[];

/** The composition root: builds every dependency once (the clock included), wires them, starts listening. Each
 * step below takes only what the steps before it built. */
export async function startService(o: ServiceOptions): Promise<Service> {
  const env = o.env;
  const log = o.log ?? createLogger(env.LOG_LEVEL);
  const clock = o.clock ?? systemClock;
  if (!env.LARK_APP_ID || !env.LARK_APP_SECRET) throw new StartupError('LARK_APP_ID and LARK_APP_SECRET are required');
  const rosters = loadRosters(env.ROSTER_FILE);
  const cleanups: Cleanups = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse())
      await c().catch((err) => log.warn({ err: String(err) }, 'shutdown step failed'));
  };
  try {
    const deps = await buildDeps(o, { env, log, clock, rosters }, cleanups);
    const workers = startWorkers(deps, o, cleanups);
    const serviceFor = (caseId: string | undefined) => deps.streets.serviceFor(caseId);
    // 监督管理哨: the evaluations and their objections (clicks on evaluation cards name an evaluation, not a case).
    const evaluations = new EvaluationStore(deps.db);
    const evaluation = {
      owns: isEvaluationClick,
      act: (a: Parameters<typeof evaluationAct>[1]) =>
        evaluationAct(
          { store: evaluations, outbox: deps.outbox, clock, log, rosterOf: (st) => deps.streets.get(st)?.roster() },
          a,
        ),
    };
    const { acceptEvent, handleCardAction } = createLarkHandlers({
      inbox: deps.inbox,
      metrics: deps.metrics,
      serviceFor,
      evaluation,
      now: () => clock.now(),
    });
    const longConnection =
      env.LARK_MODE === 'ws' ? await connectLongly(deps, acceptEvent, handleCardAction) : undefined;
    if (longConnection) cleanups.push(async () => longConnection.close());
    const isReady = readiness(deps, workers, longConnection);
    registerOperatorGauges(deps.metrics.registry, deps.db, isReady);
    const app = createApp({
      webhook: {
        appId: env.LARK_APP_ID,
        encryptKey: env.LARK_ENCRYPT_KEY,
        verificationToken: env.LARK_VERIFICATION_TOKEN,
        log,
        now: () => clock.now(),
        acceptEvent,
        handleCardAction,
      },
      metrics: deps.metrics,
      isReady,
      store: deps.store,
      evaluations,
      streets: deps.streets,
      queues: Object.values(deps.queues),
      adminToken: env.ADMIN_TOKEN,
      adminQueuesWrite: env.ADMIN_QUEUES_WRITE,
      callbackSecret: env.CALLBACK_SECRET,
      extraRoutes: o.extraRoutes,
    });
    const { url, port } = await listen(app, env, log, cleanups);
    await deps.outbox.sweep().catch(() => 0);
    await deps.timers.sweep().catch((err: Error) => log.warn({ err: err.message }, 'timer sweep failed at start-up'));
    await deps.inbox.sweep(0).catch(() => 0);
    return { url, port, deps, isReady, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The database, Redis and the queues, then everything built on them, in that order. */
async function buildDeps(
  o: ServiceOptions,
  base: { env: Env; log: Logger; clock: Clock; rosters: ReturnType<typeof loadRosters> },
  cleanups: Cleanups,
): Promise<Deps> {
  const { env, log, clock } = base;
  // The metrics come later (they read the queues); statements are counted from the first one.
  let statements = 0;
  const { db, kind } = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    log,
    onQuery: (q) => {
      statements++;
      o.onStatement?.(q);
    },
  });
  cleanups.push(() => db.destroy());
  log.info({ kind }, 'database ready');
  const opened = await openRedis(env.REDIS_URL, env.DATA_DIR, log);
  const redis = opened.redis;
  cleanups.push(() => opened.close());
  const queues = openQueues(redis.producer, prefixOf(o), log);
  cleanups.push(() => Promise.all(Object.values(queues).map((q) => q.close())));
  const lark = createLarkGateway({
    appId: env.LARK_APP_ID!,
    appSecret: env.LARK_APP_SECRET!,
    domain: env.LARK_DOMAIN,
    log,
    timeoutMs: o.larkTimeoutMs,
  });
  const store = new WhistleStore(db);
  const outbox = new Outbox(db, queues.outbound, clock, log);
  outbox.route('callback', queues.callbacks, callbackJobOpts(o.callbackBackoff ?? DEFAULT_CALLBACK_BACKOFF));
  const inbox = new Inbox(db, queues.inbox, clock, log);
  const metrics = createMetrics(Object.values(queues), db, () => statements);
  // One whistle service per street; the store, queues and workers are shared.
  const changes = new CaseChanges();
  const built = buildStreets({
    ...{ rosters: base.rosters, store, outbox, clock, log },
    onChanged: (caseId, committed) => changes.notify(caseId, committed),
    onReloaded: (r) => void scheduleDigests(queues.maintenance, r).catch(() => undefined),
    onRejected: (error, current) => void tellCadres({ db, outbox, clock }, current, error),
  });
  const streets = built.streets;
  cleanups.push(async () => built.stop());
  const timers = new Timers({
    queue: queues.timers,
    redis: redis.producer,
    prefix: prefixOf(o),
    store,
    run: async (t) => runTimer(await streets.serviceFor(t.caseId), t),
    roster: (street) => (streets.get(street) ?? streets.primary).roster(),
    streets: () => streets.all().map((x) => x.id),
    clock,
    log,
    onLateness: (kind, seconds) => metrics.timerLateness.observe({ kind }, seconds),
  });
  // Timers follow every committed change; if Redis is away now, the sweep rebuilds them from the database.
  changes.subscribe((caseId, committed) =>
    timers
      .sync(caseId, committed)
      .catch((err: Error) => log.warn({ caseId, err: err.message }, 'timer sync deferred to the sweep')),
  );
  const bot: Deps['bot'] = {};
  return { env, log, clock, streets, db, redis, queues, lark, store, outbox, inbox, metrics, bot, timers };
}

const prefixOf = (o: ServiceOptions) => o.queuePrefix ?? 'whistle';

/** Every worker: inbound events, outbound Lark calls, status callbacks, timers, maintenance; and the bot's id. */
function startWorkers(d: Deps, o: ServiceOptions, cleanups: Cleanups): Worker[] {
  const { streets, store, outbox, db, clock, log, redis, bot } = d;
  const prefix = prefixOf(o);
  const dispatch = routeByStreet(streets, (street) =>
    createDispatcher({
      service: street.service,
      store,
      outbox,
      roster: street.roster,
      now: () => clock.now(),
      botOpenId: () => bot.openId,
      today: () => dailyDigest(db, street.roster(), clock.now()),
      isDistrict: (user) => streets.all().some((st) => st.roster().isDistrict(user)),
      rosters: () => streets.all().map((st) => st.roster()),
      log: log.child({ street: street.id }),
    }),
  );
  const workers: Worker[] = [...outboundWorkers(d, prefix, cleanups), d.inbox.start(redis.worker, prefix, dispatch)];
  workers.push(
    startCallbackWorker({
      queueName: d.queues.callbacks.name,
      connection: redis.worker,
      lockRedis: redis.producer,
      prefix,
      db,
      secret: d.env.CALLBACK_SECRET,
      clock,
      log,
      backoff: o.callbackBackoff ?? DEFAULT_CALLBACK_BACKOFF,
    }),
  );
  workers.push(d.timers.start(redis.worker, prefix));
  if (clock instanceof AdjustableClock) {
    const off = clock.onChange(
      () => void d.timers.realign().catch((err: Error) => log.warn({ err: err.message }, 'timer realign failed')),
    );
    cleanups.push(async () => off());
  }
  workers.push(startMaintenance(d, { connection: redis.worker, prefix }, o.sweepEveryMs ?? 30_000));
  cleanups.push(() => Promise.all(workers.map((w) => w.close())));
  const stopIdentity = fetchBotIdentity(d.lark, bot, log);
  cleanups.push(async () => stopIdentity());
  return workers;
}

/** The outbound workers (parallel lanes), with the whistle domain's delivery hooks routed to the case's street. */
function outboundWorkers(d: Deps, prefix: string, cleanups: Cleanups): Worker[] {
  const { streets, store, db, log, metrics, lark } = d;
  const serviceFor = (caseId: string | undefined) => streets.serviceFor(caseId);
  const limiterRedis = d.redis.worker.duplicate();
  limiterRedis.on('error', () => {}); // reported once by the main connections' handler
  cleanups.push(() => limiterRedis.quit());
  return startOutboundWorker({
    queue: d.queues.outbound,
    connection: d.redis.worker,
    limiterRedis,
    prefix,
    gateway: lark,
    log,
    hooks: {
      onSent: (record, messageId) => recordSent(streets.primary.service, record, messageId),
      render: async (target) => renderTarget(await serviceFor(target.split('|')[1]), target),
      // Summons cards are rendered from the case alone (the draft card also carries the question it asked).
      refreshTargetOf: (record) => (record.kind === 'dept_card' ? `dept|${record.ref}` : undefined),
      onPermanentFailure: async (job, err) =>
        deliveryFailed(await serviceFor(job.caseId), job, err.code, err.chatUnreachable, err.message),
      onUrgentRefused: async (job, users) => urgentRefused(await serviceFor(job.caseId), job, users),
      onResult: (op, code) => metrics.larkCalls.inc({ op, code }),
      ledger: (street, acquire) =>
        syncLedger({ db, store, gateway: lark, roster: (id) => streets.get(id)?.roster(), acquire, log }, street),
    },
  });
}

function connectLongly(
  d: Deps,
  acceptEvent: ReturnType<typeof createLarkHandlers>['acceptEvent'],
  handleCardAction: ReturnType<typeof createLarkHandlers>['handleCardAction'],
): Promise<LongConnection> {
  return startLongConnection({
    appId: d.env.LARK_APP_ID!,
    appSecret: d.env.LARK_APP_SECRET!,
    domain: d.env.LARK_DOMAIN,
    log: d.log,
    acceptEvent,
    handleCardAction,
    eventTypes: EVENT_TYPES,
  });
}

/** Ready once an event can be handled end to end: the bot knows itself, Lark can reach us, Redis, the workers
 * and the database answer. */
function readiness(d: Deps, workers: Worker[], longConnection: LongConnection | undefined) {
  return async () => {
    try {
      if (!d.bot.openId) return false;
      // With LARK_MODE=ws nothing reaches the service while the connection to Lark is down.
      if (d.env.LARK_MODE === 'ws' && !longConnection?.isUp()) return false;
      if ((await d.redis.producer.ping()) !== 'PONG') return false;
      if (!workers.every((w) => w.isRunning())) return false;
      await d.store.ping();
      return true;
    } catch {
      return false;
    }
  };
}

async function listen(app: express.Express, env: Env, log: Logger, cleanups: Cleanups) {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
    s.on('error', (err) => reject(new StartupError(`PORT ${env.PORT} on ${env.HOST} cannot be used: ${err.message}`)));
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
  return { url, port };
}
