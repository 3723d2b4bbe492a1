import { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export interface RedisConnections {
  /** For BullMQ workers: blocking commands wait for Redis to come back. */
  worker: Redis;
  /** For producers and quick reads on the request path: fail fast while Redis is away. */
  producer: Redis;
  close(): Promise<void>;
}

export function connectRedis(url: string, log: Logger): RedisConnections {
  let lastWarn = 0;
  const onError = (role: string) => (err: Error) => {
    // During an outage ioredis reports every reconnect attempt; one line per 10 s is enough to explain it.
    if (Date.now() - lastWarn > 10_000) {
      lastWarn = Date.now();
      log.warn({ role, err: err.message }, 'redis connection error');
    }
  };
  const worker = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  const producer = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  worker.on('error', onError('worker'));
  producer.on('error', onError('producer'));
  return {
    worker,
    producer,
    async close() {
      await Promise.allSettled([worker.quit(), producer.quit()]);
    },
  };
}
