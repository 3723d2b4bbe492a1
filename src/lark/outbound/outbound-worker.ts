import { createHash } from 'node:crypto';
import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { OutboundJob, SentRecord } from '../../queue/outbound-jobs.js';
import { LARK_CODES } from '../limits.js';
import type { LarkGateway } from '../transport/gateway.js';
import { LarkApiError } from '../transport/lark-errors.js';
import { LARK_LIMITS, type Limit, RateLimiter, type Ticket } from './rate-limiter.js';

export interface OutboundHooks {
  /** A message was created: remember its id (summons card, status card). */
  onSent?(record: SentRecord, messageId: string, job: OutboundJob): Promise<void>;
  /** Renders a `refresh` target from current state: the card to patch, or undefined when nothing to do. */
  render?(target: string): Promise<{ messageId: string; chatId?: string; card: string } | undefined>;
  /** A sent message that shows a case's card: its `refresh` target, so the worker can catch up on what changed
   * while the message was on its way (its id was not yet recorded, so nothing could refresh it). */
  refreshTargetOf?(record: SentRecord): string | undefined;
  /** A call failed for good (bot removed from the chat, no permission, content refused). */
  onPermanentFailure?(job: OutboundJob, err: LarkApiError): Promise<void>;
  /** Brings a street's Lark Base ledger in step; `acquire` waits for a slot under Lark's limits before each call. */
  ledger?(street: string, acquire: () => Promise<void>): Promise<unknown>;
  /** An urgent went out but Lark could not deliver it to these people (invalid_user_id_list). */
  onUrgentRefused?(job: OutboundJob, userIds: string[]): Promise<void>;
  /** Every Lark answer, for metrics. */
  onResult?(op: string, code: string): void;
}

export interface OutboundWorkerOptions {
  queue: Queue;
  connection: Redis;
  limiterRedis: Redis;
  prefix: string;
  gateway: LarkGateway;
  hooks: OutboundHooks;
  log: Logger;
  /** Calls in flight per lane (default 50 / lanes). */
  concurrency?: number;
  /** Workers on the queue in this process (default 4); see startOutboundWorker. */
  lanes?: number;
}

/** Lark's uuid makes a retried create a no-op for an hour; ≤ 50 characters. */
const uuidFor = (id: string): string => createHash('sha1').update(id).digest('hex').slice(0, 40);
const BACKOFF_CAP_MS = 120_000;
/** How long a refresh's carried card is used as it is; about the time a render and its patch took before. */
const CARRIED_CARD_FRESH_MS = 300;

function limitsFor(job: OutboundJob, messageId?: string, chatId?: string): Limit[] {
  const app = [
    { key: 'app-s', ...LARK_LIMITS.appPerSecond },
    { key: 'app-m', ...LARK_LIMITS.appPerMinute },
  ];
  const target =
    job.op === 'send'
      ? `${job.to.type === 'chat_id' ? 'chat' : 'user'}-${job.to.id}`
      : job.op === 'reply'
        ? `chat-${job.chatId}`
        : messageId
          ? `msg-${messageId}`
          : chatId
            ? `chat-${chatId}`
            : undefined;
  return target ? [...app, { key: target, ...LARK_LIMITS.perTarget }] : app;
}

/** Performs outbound Lark calls within Lark's limits: waits instead of hitting them, retries what can be
 * retried with capped exponential backoff, and reports what cannot.
 *
 * Several lanes (BullMQ workers) take jobs off the one queue: a BullMQ worker fetches its jobs one Redis round
 * trip after another, so a single one let an emergency's 30 summons leave one by one (measured with
 * scripts/bench/fanout-trace.ts); lanes fetch side by side and the shared Redis limiter still paces them all
 * within Lark's limits. */
export function startOutboundWorker(o: OutboundWorkerOptions): Worker[] {
  const lanes = o.lanes ?? 4;
  const concurrency = o.concurrency ?? Math.ceil(LARK_LIMITS.appPerSecond.max / lanes);
  const run = outboundProcessor(o);
  return Array.from({ length: lanes }, () => {
    const worker = new Worker<OutboundJob>(o.queue.name, run, {
      connection: o.connection,
      prefix: o.prefix,
      // Lark calls wait on the network: together the lanes put a burst of 50 (the app limit) in flight at once.
      concurrency,
      // After a crash, a call that was in flight is retried within seconds (its Lark uuid keeps it single).
      lockDuration: 10_000,
      stalledInterval: 5_000,
      // limiter.max must be set for queue.rateLimit() to pause the queue; the real pacing is the Redis limiter.
      limiter: { max: 1000, duration: 1000 },
      settings: {
        backoffStrategy: (attempts) => Math.min(BACKOFF_CAP_MS, 500 * 2 ** attempts) * (0.8 + Math.random() * 0.4),
      },
    });
    worker.on('error', (err) => o.log.warn({ err: err.message }, 'outbound worker error'));
    return worker;
  });
}

/** One job: a Lark call under the limits, its retry policy decided from Lark's answer. */
function outboundProcessor(o: OutboundWorkerOptions): (job: Job<OutboundJob>, token?: string) => Promise<unknown> {
  const perform = performer(o, new RateLimiter(o.limiterRedis, o.prefix));

  return async (job, token) => {
    const log = o.log.child({ queue: 'outbound', jobId: job.id, op: job.data.op, attempt: job.attemptsMade });
    try {
      const result = await perform(job, token);
      o.hooks.onResult?.(job.data.op, '0');
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (!(err instanceof LarkApiError)) {
        log.error({ err }, 'outbound job failed');
        throw err;
      }
      o.hooks.onResult?.(job.data.op, String(err.code ?? err.httpStatus ?? 'network'));
      if (err.appRateLimited) {
        log.warn({ retryAfterMs: err.retryAfterMs }, 'lark app rate limit: pausing the outbound queue');
        await o.queue.rateLimit(err.retryAfterMs ?? 1_000);
        throw Worker.RateLimitError();
      }
      if (err.targetRateLimited) {
        await job.moveToDelayed(Date.now() + 1_000 + Math.floor(Math.random() * 250), token);
        throw new DelayedError();
      }
      if (err.retryable) {
        log.warn({ code: err.code, status: err.httpStatus, logId: err.logId }, 'lark call failed, will retry');
        throw err;
      }
      log.error({ code: err.code, status: err.httpStatus, logId: err.logId, msg: err.message }, 'lark call refused');
      await o.hooks.onPermanentFailure?.(job.data, err).catch((e) => log.error({ err: e }, 'permanent failure hook'));
      throw new UnrecoverableError(err.message);
    }
  };
}

/** Waits in-process until the limiter grants a slot: for a second call within one job (no re-queue in between). */
async function waitForSlot(limiter: RateLimiter, limits: Limit[], inFlight = true): Promise<Ticket['settle']> {
  for (;;) {
    const t = await limiter.ticket(limits, inFlight);
    if (t.wait === 0) return t.settle;
    await new Promise((r) => setTimeout(r, t.wait));
  }
}

/** Makes a granted call and settles its slot: re-marked at Lark's answer (an error answer is one too); a call
 * that got none (a timeout, a broken connection) may still arrive and be counted, so its slot is held longer. */
async function answered<T>(settle: Ticket['settle'], call: () => Promise<T>): Promise<T> {
  let answer = true;
  try {
    return await call();
  } catch (err) {
    answer = !(err instanceof LarkApiError && err.httpStatus === undefined);
    throw err;
  } finally {
    await settle(answer).catch(() => undefined);
  }
}

type W = { o: OutboundWorkerOptions; g: LarkGateway; limiter: RateLimiter };

/** The Lark call a job stands for, once the limiter lets it go; a wait moves the job back to delayed. */
function performer(o: OutboundWorkerOptions, limiter: RateLimiter) {
  const w: W = { o, g: o.gateway, limiter };
  return async (job: Job<OutboundJob>, token: string | undefined): Promise<unknown> => {
    const data = job.data;
    if (data.op === 'ledger') {
      // The ledger's calls are marked at their grant only (a batch call's answer time is not tracked here).
      const acquire = async () => void (await waitForSlot(limiter, limitsFor(data), false));
      return o.hooks.ledger ? o.hooks.ledger(data.street, acquire) : 'no ledger';
    }
    let rendered: Awaited<ReturnType<NonNullable<OutboundHooks['render']>>>;
    if (data.op === 'refresh') {
      // The card as the change committed it rides in the job (no read) while it is fresh; a job that waited (for a
      // slot, a retry, a crash) renders it now, so that a late patch shows no older state than it must.
      const fresh = job.attemptsMade === 0 && Date.now() - job.timestamp < CARRIED_CARD_FRESH_MS;
      rendered = (fresh ? data.rendered : undefined) ?? (await o.hooks.render?.(data.target));
      if (!rendered) return 'nothing to refresh';
    }
    const messageId = data.op === 'urgent' ? data.messageId : rendered?.messageId;
    const ticket = await limiter.ticket(limitsFor(data, messageId, rendered?.chatId));
    if (ticket.wait > 0) {
      await job.moveToDelayed(Date.now() + ticket.wait, token);
      throw new DelayedError();
    }
    return answered(ticket.settle, () => call(w, data, job, rendered));
  };
}

/** A refresh's card was rendered before it waited for its slot (or when its change committed); a click answered
 * meanwhile shows a newer card, which this patch would then overwrite with an older one. After the patch the
 * card is rendered again and patched once more if the case moved on, so the last card Lark holds is always the
 * latest state. */
async function refreshed(
  w: W,
  data: OutboundJob,
  target: string,
  first: { messageId: string; chatId?: string; card: string },
): Promise<string> {
  await w.g.patchCard(first.messageId, first.card);
  return (await caughtUp(w, data, target, first)) ? 'patched again' : 'patched';
}

/** Renders `target` again and patches while it differs from what Lark shows (at most twice): true if it did. */
async function caughtUp(w: W, data: OutboundJob, target: string, first: { card: string }): Promise<boolean> {
  let shown = first;
  for (let round = 0; round < 2; round++) {
    const now = await w.o.hooks.render?.(target);
    if (!now || now.card === shown.card) break;
    shown = now;
    // Its own slot under Lark's limits (the message's 5/s), like any call.
    const settle = await waitForSlot(w.limiter, limitsFor(data, now.messageId, now.chatId));
    await answered(settle, () => w.g.patchCard(now.messageId, now.card));
  }
  return shown !== first;
}

/** A message created; a card rendered when it was queued catches up, and an urgent follows when asked. */
async function sent(w: W, data: Extract<OutboundJob, { op: 'send' }>, job: Job<OutboundJob>): Promise<string> {
  const id = await w.g.send(data.to, data.msg, uuidFor(job.id!));
  if (data.record) await w.o.hooks.onSent?.(data.record, id, data);
  // A card rendered when it was queued: a change made before its id was recorded had no message to refresh.
  const target = data.record && w.o.hooks.refreshTargetOf?.(data.record);
  if (target && data.msg.type === 'interactive') await caughtUp(w, data, target, { card: data.msg.content });
  // A retry after a failed urgent sends nothing twice: the uuid answers the message already sent.
  // The urgent is a second Lark call: it needs its own slot under the app's limits (Lark counts it).
  if (data.urgent && data.to.type === 'open_id') {
    const settle = await waitForSlot(w.limiter, limitsFor({ op: 'urgent' } as OutboundJob, id));
    await answered(settle, () => w.g.urgent(id, data.urgent!, [data.to.id]));
  }
  return id;
}

/** A reply in the message's thread, or beside it where the chat has no topics. */
async function replied(w: W, data: Extract<OutboundJob, { op: 'reply' }>, job: Job<OutboundJob>): Promise<string> {
  let id: string;
  try {
    id = await w.g.reply(data.messageId, data.msg, { inThread: data.inThread, uuid: uuidFor(job.id!) });
  } catch (err) {
    // Chats without topic support refuse thread replies; a plain reply still lands next to the message.
    if (!(err instanceof LarkApiError && (LARK_CODES.threadUnsupported as readonly number[]).includes(err.code ?? 0)))
      throw err;
    // A second call: its own slot under Lark's limits.
    const settle = await waitForSlot(w.limiter, limitsFor(data));
    const plain = { inThread: false, uuid: uuidFor(`${job.id}-plain`) };
    id = await answered(settle, () => w.g.reply(data.messageId, data.msg, plain));
  }
  if (data.record) await w.o.hooks.onSent?.(data.record, id, data);
  return id;
}

/** A coordination meeting on the bot's calendar, with its attendees. */
async function scheduled(
  w: W,
  data: Extract<OutboundJob, { op: 'calendar_event' }>,
  job: Job<OutboundJob>,
): Promise<string> {
  const cal = await w.g.primaryCalendar();
  const { op: _op, record, attendees, caseId: _c, ...ev } = data;
  // The job id is the idempotency key: a retry (attendees failed, a crash) finds the same event.
  const id = await w.g.createEvent(cal, ev, uuidFor(job.id!));
  await w.g.addAttendees(cal, id, attendees);
  await w.o.hooks.onSent?.(record, id, data);
  return id;
}

/** The one Lark call (or two: a thread fallback, an urgent, a catch-up patch) a granted job makes. */
async function call(
  w: W,
  data: OutboundJob,
  job: Job<OutboundJob>,
  rendered: Awaited<ReturnType<NonNullable<OutboundHooks['render']>>>,
): Promise<unknown> {
  switch (data.op) {
    case 'send':
      return sent(w, data, job);
    case 'reply':
      return replied(w, data, job);
    case 'urgent': {
      const invalid = await w.g.urgent(data.messageId, data.kind, data.userIds);
      if (invalid.length) await w.o.hooks.onUrgentRefused?.(data, invalid);
      return invalid;
    }
    case 'card_update':
      await w.g.updateCardByToken(data.token, data.card);
      return 'updated';
    case 'refresh':
      return refreshed(w, data, data.target, rendered!);
    case 'calendar_event':
      return scheduled(w, data, job);
  }
}
