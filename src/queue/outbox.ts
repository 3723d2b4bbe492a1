import type { Queue } from 'bullmq';
import type { Kysely, Transaction } from 'kysely';
import type { CallbackJob } from '../callbacks/events.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { OutboundJob } from './outbound-jobs.js';

/** A job the outbox carries: a Lark call, or a status callback routed to its own queue. */
export type OutboxJob = OutboundJob | CallbackJob;
type JobOpts = typeof JOB_OPTS | Record<string, unknown>;

type Writer = Kysely<Database> | Transaction<Database>;

const JOB_OPTS = {
  attempts: 30,
  backoff: { type: 'capped' },
  removeOnComplete: { age: 86_400, count: 50_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/** What the outbox row keeps of a job: a refresh's rendered card rides only in the queue's copy (the row would
 * grow by a card for a saving of one read); a refresh relayed from the row renders its card when it runs. */
function durable(job: OutboxJob): OutboxJob {
  if (job.op !== 'refresh' || !job.rendered) return job;
  const { rendered: _inQueueOnly, ...rest } = job;
  return rest;
}

/** BullMQ job ids may not contain ':' nor be all digits. */
export const jobId = (...parts: (string | number)[]): string => `j-${parts.join('-').replace(/[:\s]/g, '_')}`;

/** Writes outbound calls in the caller's transaction and relays them to the queue after commit. A relay sweep
 * picks up what a crash or a Redis outage left behind. */
export class Outbox {
  /** Jobs written by this process and not yet relayed: relaying them needs no read. */
  readonly #written = new Map<string, OutboxJob>();
  /** Jobs whose `op` is routed elsewhere, with their own retry policy; everything else goes to Lark. */
  readonly #routes = new Map<string, { queue: Queue; opts: JobOpts }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Sends jobs of one `op` to their own queue (written and swept with the rest, in the same transaction). */
  route(op: string, queue: Queue, opts: JobOpts): void {
    this.#routes.set(op, { queue, opts });
  }

  /** Records calls inside a transaction; returns their ids for `relay` after commit. Ids are idempotency keys:
   * the same id twice is one call. */
  async write(tx: Writer, items: { id: string; job: OutboxJob }[]): Promise<string[]> {
    if (items.length === 0) return [];
    const inserted = await tx
      .insertInto('outbox')
      .values(
        items.map((i) => ({ id: i.id, job: JSON.stringify(durable(i.job)), created_at: new Date(this.clock.now()) })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    // Only rows this call created are relayed from memory; an id written before is left to its first writer.
    const fresh = new Set(inserted.map((r) => r.id));
    for (const i of items) if (fresh.has(i.id)) this.#written.set(i.id, i.job);
    if (this.#written.size > 10_000) this.#written.clear(); // rolled-back writes never relayed; the sweep remains
    return [...fresh];
  }

  /** Moves written calls onto the queue after their transaction committed. Failures are left for the sweep. */
  async relay(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      const known = ids.filter((id) => this.#written.has(id));
      const rows = known.map((id) => ({ id, job: this.#written.get(id) as unknown }));
      const unknown = ids.filter((id) => !this.#written.has(id));
      if (unknown.length)
        rows.push(
          ...(await this.db
            .selectFrom('outbox')
            .select(['id', 'job'])
            .where('id', 'in', unknown)
            .where('enqueued_at', 'is', null)
            .execute()),
        );
      await this.#enqueue(rows);
      for (const id of known) this.#written.delete(id);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, count: ids.length }, 'outbox relay deferred to the sweep');
    }
  }

  /** Puts jobs on their queue again when their first copy may be lost (a Redis without persistence restarted);
   * the same id while the job still exists is a no-op. */
  async resend(items: { id: string; job: OutboxJob }[]): Promise<void> {
    await this.#enqueue(items);
  }

  /** Relays everything still pending (start-up and periodic sweep). */
  async sweep(limit = 500): Promise<number> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['id', 'job'])
      .where('enqueued_at', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    await this.#enqueue(rows);
    return rows.length;
  }

  async #enqueue(rows: { id: string; job: unknown }[]): Promise<void> {
    if (rows.length === 0) return;
    const byQueue = new Map<Queue, { name: string; data: OutboxJob; opts: Record<string, unknown> }[]>();
    for (const r of rows) {
      const job = (typeof r.job === 'string' ? JSON.parse(r.job) : r.job) as OutboxJob;
      const route = this.#routes.get(job.op);
      // Refreshes of the same card coalesce: at most one running and one waiting with the latest state.
      // A street's ledger syncs one flush at a time, the next one reading whatever changed meanwhile.
      // A finished refresh is not kept: it carries a whole card, and doing it again is harmless (a patch).
      const dedupe =
        job.op === 'refresh'
          ? { deduplication: { id: `refresh-${job.target}`, keepLastIfActive: true }, removeOnComplete: true }
          : job.op === 'ledger'
            ? { deduplication: { id: `ledger-${(job as { street: string }).street}`, keepLastIfActive: true } }
            : {};
      const queue = route?.queue ?? this.queue;
      const list = byQueue.get(queue) ?? [];
      list.push({ name: job.op, data: job, opts: { ...(route?.opts ?? JOB_OPTS), jobId: r.id, ...dedupe } });
      byQueue.set(queue, list);
    }
    for (const [queue, jobs] of byQueue) await queue.addBulk(jobs);
    await this.db
      .updateTable('outbox')
      .set({ enqueued_at: new Date(this.clock.now()) })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  }

  async prune(olderThanMs: number): Promise<void> {
    await this.db
      .deleteFrom('outbox')
      .where('enqueued_at', '<', new Date(this.clock.now() - olderThanMs))
      .execute();
  }
}
