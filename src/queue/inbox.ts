import { type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../lark/inbound/events.js';
import type { Logger } from '../log.js';
import { jobId } from './outbox.js';
import { retryFailed } from './retry-failed.js';

/** A job that ran out of attempts (a long database outage) is tried again by the sweep for this long. */
const REVIVE_WITHIN_MS = 24 * 3600_000;

/** Lark re-pushes for up to ~7 h and may duplicate even acknowledged events; keep keys well past that. */
export const DEDUPE_KEEP_MS = 7 * 86_400_000;

/** The key that makes a redelivery a duplicate: Lark says to dedupe messages by message_id, the rest by event_id. */
export function dedupeKey(env: Envelope): string {
  if (env.header.event_type === 'im.message.receive_v1') {
    const id = (env.event as { message?: { message_id?: unknown } }).message?.message_id;
    if (typeof id === 'string' && id) return `msg:${id}`;
  }
  return `evt:${env.header.event_id}`;
}

/** Durable intake: an event is acknowledged to Lark only once it is in PostgreSQL; the queue is how it gets
 * processed soon, and the sweep is how it gets processed even if the process died right after the ack. */
export class Inbox {
  constructor(
    private readonly db: Db,
    private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Stores the event once; false when it was already stored (a duplicate delivery). */
  async accept(env: Envelope): Promise<boolean> {
    const key = dedupeKey(env);
    const r = await this.db
      .insertInto('inbox')
      .values({
        key,
        kind: env.header.event_type,
        payload: JSON.stringify(env),
        received_at: new Date(this.clock.now()),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) {
      this.log.info({ key }, 'duplicate event ignored');
      return false;
    }
    this.queue
      .add(
        'event',
        // The payload rides along so that processing needs no read; the row stays the durable copy.
        { key, env },
        {
          jobId: jobId('in', key),
          // The row, not the job, says whether an event was processed: a finished job is not worth keeping.
          removeOnComplete: true,
          removeOnFail: { age: 7 * 86400 },
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
        },
      )
      .catch((err: Error) => {
        this.log.warn({ key, err: err.message }, 'inbox enqueue deferred to the sweep');
      });
    return true;
  }

  /** Records a card callback (handled synchronously) for dedupe and audit; false when seen before. */
  async seen(key: string, kind: string, payload: unknown): Promise<boolean> {
    const r = await this.db
      .insertInto('inbox')
      .values({
        key,
        kind,
        payload: JSON.stringify(payload),
        received_at: new Date(this.clock.now()),
        processed_at: new Date(this.clock.now()),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 0;
  }

  async sweep(olderThanMs = 5_000): Promise<number> {
    const rows = await this.db
      .selectFrom('inbox')
      .select('key')
      .where('processed_at', 'is', null)
      .where('received_at', '<', new Date(this.clock.now() - olderThanMs))
      .limit(500)
      .execute();
    if (rows.length) {
      await this.queue.addBulk(
        rows.map((r) => ({
          name: 'event',
          data: { key: r.key },
          opts: { jobId: jobId('in', r.key), removeOnComplete: true },
        })),
      );
    }
    await retryFailed(this.queue, (job) => Date.now() - job.timestamp < REVIVE_WITHIN_MS);
    return rows.length;
  }

  async prune(): Promise<void> {
    await this.db
      .deleteFrom('inbox')
      .where('received_at', '<', new Date(this.clock.now() - DEDUPE_KEEP_MS))
      .where('processed_at', 'is not', null)
      .execute();
  }

  start(connection: Redis, prefix: string, handle: (env: Envelope) => Promise<void>): Worker {
    const worker = new Worker<{ key: string; env?: Envelope }>(
      this.queue.name,
      async (job) => {
        let env = job.data.env;
        // Jobs re-queued by the sweep carry only the key; a redelivery is recognised by the row.
        if (!env) {
          const row = await this.db
            .selectFrom('inbox')
            .select(['payload', 'processed_at'])
            .where('key', '=', job.data.key)
            .executeTakeFirst();
          if (!row || row.processed_at) return 'done before';
          env = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Envelope;
        }
        await handle(env);
        await this.db
          .updateTable('inbox')
          .set({ processed_at: new Date(this.clock.now()) })
          .where('key', '=', job.data.key)
          .execute();
        return 'processed';
      },
      // A short lock: after a crash, an event that was being processed is picked up again within seconds.
      { connection, prefix, concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000 },
    );
    worker.on('failed', (job, err) =>
      this.log.error({ key: job?.data.key, err: err.message }, 'event processing failed'),
    );
    worker.on('error', (err) => this.log.warn({ err: err.message }, 'inbox worker error'));
    return worker;
  }
}
