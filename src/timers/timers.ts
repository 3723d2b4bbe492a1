import { DelayedError, type Job, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../clock.js';
import type { Logger } from '../log.js';
import { retryFailed } from '../queue/retry-failed.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';
import { plannedTimers, type Timer, timerId } from './timer-plan.js';

export interface TimersDeps {
  queue: Queue;
  /** For the per-case index of timer job ids. */
  redis: Redis;
  prefix: string;
  store: WhistleStore;
  /** Acts on a due timer; 'stale' when the case has moved on. */
  run: (t: Timer) => Promise<'fired' | 'stale'>;
  /** The live roster of a street, and the streets served (the sweep walks each). */
  roster: (street: string) => Roster;
  streets: () => string[];
  clock: Clock;
  log: Logger;
  onLateness?: (kind: string, seconds: number) => void;
}

const JOB_OPTS = {
  removeOnComplete: { age: 86_400, count: 20_000 },
  removeOnFail: { age: 7 * 86_400 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
};

/** Deadlines as BullMQ delayed jobs whose ids and due times come from the database. Changing a case re-plans its
 * timers; a timer that fires for a state that has moved on is a no-op; the sweep re-adds anything lost. */
export class Timers {
  constructor(private readonly d: TimersDeps) {}

  /** The newest version of each case this process planned from: a re-plan from an older committed state (two
   * clicks' re-plans finishing out of order) is skipped, the newer one stands. */
  readonly #planned = new Map<string, number>();

  /** Brings a case's delayed jobs in line with its state: the committed state when the caller has it (a click),
   * else read from the database. */
  async sync(caseId: string, committed?: CaseState): Promise<void> {
    if (committed && (this.#planned.get(caseId) ?? -1) > committed.caseRow.version) return;
    const s = committed ?? (await this.d.store.find(caseId));
    if (s) this.#remember(caseId, s.caseRow.version);
    const planned = s ? plannedTimers(s, this.d.roster(s.caseRow.street)) : [];
    await this.#add(planned);
    // Best effort: a timer no longer planned would be a no-op anyway; removing it keeps Redis small.
    const setKey = `${this.d.prefix}:${this.d.queue.name}:case-timers:${caseId}`;
    const client = this.d.redis;
    const ids = new Set(planned.map(timerId));
    const old = await client.smembers(setKey);
    await Promise.all(old.filter((id) => !ids.has(id)).map((id) => this.d.queue.remove(id).catch(() => 0)));
    const multi = client.multi().del(setKey);
    if (ids.size) multi.sadd(setKey, ...ids).pexpire(setKey, 90 * 86_400_000);
    await multi.exec();
  }

  #remember(caseId: string, version: number): void {
    this.#planned.delete(caseId);
    this.#planned.set(caseId, version);
    // Insertion order is recency: the oldest entry goes first once the map is big.
    if (this.#planned.size > 10_000) this.#planned.delete(this.#planned.keys().next().value!);
  }

  async #add(timers: Timer[]): Promise<void> {
    if (timers.length === 0) return;
    await this.d.queue.addBulk(
      timers.map((t) => ({
        name: t.kind,
        data: t,
        opts: { ...JOB_OPTS, jobId: timerId(t), delay: this.d.clock.realDelayUntil(t.dueAt) },
      })),
    );
  }

  /** Rebuilds every open case's timers from the database (after a Redis loss, a crash, a restore). */
  async sweep(): Promise<number> {
    // A virtual clock (sandbox, tests) moves without Redis: if a realignment was missed (Redis away at that
    // moment), the sweep makes it up, so a due timer never waits for real time.
    if (this.d.clock !== systemClock) await this.realign();
    let count = 0;
    for (const street of this.d.streets()) {
      const roster = this.d.roster(street);
      for (let offset = 0; ; offset += 500) {
        // Drafts too where the roster gives them a limit: a draft not confirmed in time is the street's own step.
        const drafts = roster.data.defaults.confirm_within !== undefined;
        const open = await this.d.store.openOrAcceptedCases(street, { limit: 500, offset, drafts });
        const timers = open.flatMap((s) => plannedTimers(s, roster));
        await this.#add(timers);
        count += timers.length;
        if (open.length < 500) break;
      }
    }
    // A timer that ran out of attempts (a long database outage) still holds its id: try it again, once per sweep.
    await retryFailed(this.d.queue, (job) => this.d.clock.now() - (job.data as Timer).dueAt < 86_400_000);
    return count;
  }

  /** The sandbox's and tests' clock moved: due jobs run now, the rest wait the new real delay. */
  async realign(): Promise<void> {
    const now = this.d.clock.now();
    const jobs = await this.d.queue.getDelayed(0, 10_000);
    await Promise.all(
      jobs.map(async (job: Job<Timer>) => {
        const due = job.data.dueAt;
        if (due <= now) await job.promote().catch(() => undefined);
        else await job.changeDelay(this.d.clock.realDelayUntil(due)).catch(() => undefined);
      }),
    );
  }

  /** The due time of the next pending timer (the sandbox's "jump to the next timer"). */
  async next(): Promise<number | undefined> {
    const jobs = await this.d.queue.getDelayed(0, 10_000);
    const dues = jobs.map((j: Job<Timer>) => j.data.dueAt).filter((n) => typeof n === 'number');
    return dues.length ? Math.min(...dues) : undefined;
  }

  start(connection: Redis, prefix: string): Worker {
    const worker = new Worker<Timer>(
      this.d.queue.name,
      async (job) => {
        const t = job.data;
        const now = this.d.clock.now();
        // A real-time delay can end early when the clock changed speed: wait the rest.
        if (t.dueAt > now + 50) {
          await job.moveToDelayed(Date.now() + this.d.clock.realDelayUntil(t.dueAt), job.token);
          throw new DelayedError();
        }
        this.d.onLateness?.(t.kind, Math.max(0, now - t.dueAt) / 1000);
        const outcome = await this.d.run(t);
        if (outcome === 'fired')
          this.d.log.info(
            { caseId: t.caseId, dept: t.dept, kind: t.kind, step: t.step, lateMs: now - t.dueAt },
            'timer fired',
          );
        return outcome;
      },
      { connection, prefix, concurrency: 20 },
    );
    worker.on('error', (err) => this.d.log.warn({ err: err.message }, 'timer worker error'));
    worker.on('failed', (job, err) => this.d.log.error({ jobId: job?.id, err: err.message }, 'timer failed'));
    return worker;
  }
}
