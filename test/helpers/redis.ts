import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RedisServer, startRedisServer } from '../../src/redis/redis-server.js';

/** A private redis-server on a free loopback port, nothing on disk unless `persist`. */
export async function startTestRedis(persist = false): Promise<RedisServer & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'whistle-redis-'));
  const server = await startRedisServer({ dir, persist });
  return {
    ...server,
    dir,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
