import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { QUEUE_NAMES } from './queue-names.js';

export type Queues = { [K in keyof typeof QUEUE_NAMES]: Queue };

/** The queues on the producer connection; an error is logged, never thrown at the process. */
export function openQueues(connection: Redis, prefix: string, log: Logger): Queues {
  const queues = Object.fromEntries(
    Object.entries(QUEUE_NAMES).map(([key, name]) => [key, new Queue(name, { connection, prefix })]),
  ) as Queues;
  for (const q of Object.values(queues))
    q.on('error', (err) => log.warn({ queue: q.name, err: err.message }, 'queue error'));
  return queues;
}
