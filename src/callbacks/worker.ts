import { createHmac, randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import type { CallbackJob } from './events.js';

export interface CallbackBackoff {
  /** First retry after this long; each next one waits twice as long … */
  baseMs: number;
  /** … up to this. */
  capMs: number;
}
export const DEFAULT_CALLBACK_BACKOFF: CallbackBackoff = { baseMs: 10_000, capMs: 30 * 60_000 };
/** Source systems may be down for a day (a weekend deploy, a night outage): keep trying at least this long. */
const RETRY_FOR_MS = 25 * 3_600_000;

export const callbackDelay = (b: CallbackBackoff, attemptsMade: number) =>
  Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, attemptsMade - 1));

/** Enough attempts that the capped exponential backoff spans at least RETRY_FOR_MS. */
export function callbackJobOpts(b: CallbackBackoff) {
  let attempts = 1;
  for (let waited = 0; waited < RETRY_FOR_MS; attempts++) waited += callbackDelay(b, attempts);
  return {
    attempts,
    backoff: { type: 'capped' },
    removeOnComplete: { age: 86_400, count: 50_000 },
    removeOnFail: { age: 7 * 86_400 },
  };
}

/** `sha256=<hex>` of the raw body, keyed with CALLBACK_SECRET: what X-Whistle-Signature carries. */
export const signature = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface CallbackWorkerDeps {
  queueName: string;
  connection: Redis;
  lockRedis: Redis;
  prefix: string;
  db: Db;
  secret: string | undefined;
  clock: Clock;
  log: Logger;
  backoff: CallbackBackoff;
  timeoutMs?: number;
}

type CallbackRow = { event_id: string; url: string; body: string };

/** Delivers status events to source systems. A job delivers every undelivered event of its case up to its own,
 * oldest first, so the source sees the changes in order even when an early one had to wait for retries; one
 * delivery per case at a time (a Redis lock), any number of cases at once. A failing endpoint only delays its own
 * case's events: the case itself never waits for them. */
export function startCallbackWorker(o: CallbackWorkerDeps): Worker {
  const worker = new Worker<CallbackJob>(o.queueName, (job: Job<CallbackJob>) => deliver(o, job.data), {
    connection: o.connection,
    prefix: o.prefix,
    concurrency: 8,
    settings: { backoffStrategy: (attemptsMade: number) => callbackDelay(o.backoff, attemptsMade) },
  });
  worker.on('error', (err) => o.log.warn({ err: err.message }, 'callback worker error'));
  return worker;
}

/** One job: under the case's lock, every undelivered event of the case up to this one, in order. */
async function deliver(o: CallbackWorkerDeps, { caseId, eventId }: CallbackJob): Promise<string> {
  const secret = o.secret;
  if (!secret) throw new Error('CALLBACK_SECRET is not set');
  const lockKey = `${o.prefix}:{callbacks}:lock:${caseId}`;
  const token = randomUUID();
  if ((await o.lockRedis.set(lockKey, token, 'PX', 60_000, 'NX')) !== 'OK')
    throw new Error('another delivery for this case is running');
  try {
    const mine = await o.db
      .selectFrom('callbacks')
      .select(['seq', 'delivered_at'])
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!mine || mine.delivered_at) return 'already delivered';
    const due = await o.db
      .selectFrom('callbacks')
      .select(['event_id', 'url', 'body'])
      .where('case_id', '=', caseId)
      .where('delivered_at', 'is', null)
      .where('seq', '<=', mine.seq)
      .orderBy('seq')
      .execute();
    for (const ev of due) await post(o, ev, secret);
    return `delivered ${due.length}`;
  } finally {
    if ((await o.lockRedis.get(lockKey)) === token) await o.lockRedis.del(lockKey);
  }
}

/** POST one signed event; record the attempt, and throw when the source did not take it (BullMQ retries). */
async function post(o: CallbackWorkerDeps, ev: CallbackRow, secret: string): Promise<void> {
  const failure = await send(ev, secret, o.timeoutMs ?? 10_000);
  await o.db
    .updateTable('callbacks')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: failure ?? null,
      ...(failure ? {} : { delivered_at: new Date(o.clock.now()) }),
    }))
    .where('event_id', '=', ev.event_id)
    .execute();
  if (failure) {
    o.log.info({ eventId: ev.event_id, failure }, 'status callback not acknowledged; will retry');
    throw new Error(`callback ${ev.event_id}: ${failure}`);
  }
}

/** The HTTP call itself: undefined when the source answered 2xx, else why not. Redirects are not followed. */
async function send(ev: CallbackRow, secret: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await fetch(ev.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-whistle-signature': signature(secret, ev.body),
        'x-whistle-event': ev.event_id,
      },
      body: ev.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status < 200 || res.status > 299 ? `HTTP ${res.status}` : undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
