import type { Job, Queue } from 'bullmq';

/** Moves failed jobs back to waiting. Job ids are idempotency keys here, so re-adding a failed job is a no-op:
 * retrying it is the only way to run it again after its attempts ran out. */
export async function retryFailed(queue: Queue, worthIt: (job: Job) => boolean, limit = 500): Promise<number> {
  const failed = await queue.getFailed(0, limit - 1);
  let n = 0;
  for (const job of failed) {
    if (!job || !worthIt(job)) continue;
    await job.retry('failed').catch(() => undefined);
    n++;
  }
  return n;
}
