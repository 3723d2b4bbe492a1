import { join } from 'node:path';
import { StartupError } from '../errors.js';
import type { Logger } from '../log.js';
import { connectRedis, type RedisConnections } from './connections.js';
import { startRedisServer } from './redis-server.js';

/** REDIS_URL, or without it a redis-server of our own with append-only files under DATA_DIR; connected. */
export async function openRedis(
  url: string | undefined,
  dataDir: string,
  log: Logger,
): Promise<{ redis: RedisConnections; close(): Promise<void> }> {
  const embedded = url ? undefined : await startRedisServer({ dir: join(dataDir, 'redis'), persist: true });
  if (embedded) log.info({ url: embedded.url }, 'embedded redis-server started');
  const redis = connectRedis(url ?? embedded!.url, log);
  const close = async () => {
    await redis.close();
    await embedded?.stop();
  };
  try {
    await waitForRedis(redis);
  } catch (err) {
    await close();
    throw err;
  }
  return { redis, close };
}

async function waitForRedis(redis: RedisConnections): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (redis.producer.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new StartupError('Redis did not answer within 5 s: check REDIS_URL');
}
