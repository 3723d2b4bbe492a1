import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/lark/outbound/rate-limiter.js';
import { startTestRedis } from '../helpers/redis.js';
import { sleep } from '../helpers/wait.js';

// Lark counts a call when it arrives. A call still in flight when its second is over must still hold its slot,
// or the limiter lets more calls go than Lark will take (the fan-out's 429s on a busy machine).
describe('the Lark rate limiter', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  const limit = (key: string) => [{ key, max: 2, windowMs: 300 }];

  it('a call in flight longer than the window keeps its slot until a window after its answer', async () => {
    const limiter = new RateLimiter(redis, 'rl1', 400);
    const a = await limiter.ticket(limit('chat'));
    const b = await limiter.ticket(limit('chat'));
    expect([a.wait, b.wait]).toEqual([0, 0]);
    // Both still in flight three windows on, and past their lease and a window: it is renewed while they last.
    await sleep(900);
    expect((await limiter.ticket(limit('chat'))).wait).toBeGreaterThan(0);
    await a.settle();
    await b.settle();
    // Answered now: counted a window from the answer, as Lark may have counted them as late as that.
    expect((await limiter.ticket(limit('chat'))).wait).toBeGreaterThan(0);
    await sleep(320);
    const d = await limiter.ticket(limit('chat'));
    expect(d.wait).toBe(0);
    await d.settle();
  });

  it('a process that died with calls in flight frees their slots within a lease and a window', async () => {
    const dying = new Redis(server.url);
    const gone = new RateLimiter(dying, 'rl2', 400);
    await gone.ticket(limit('chat'));
    await gone.ticket(limit('chat'));
    dying.disconnect(); // no settle, no renewal: the process is gone
    const limiter = new RateLimiter(redis, 'rl2', 400);
    expect((await limiter.ticket(limit('chat'))).wait).toBeGreaterThan(0);
    await sleep(400 + 300 + 100);
    const t = await limiter.ticket(limit('chat'));
    expect(t.wait).toBe(0);
    await t.settle();
  });

  it('a call marked at its grant only (the ledger) holds its slot for one window', async () => {
    const limiter = new RateLimiter(redis, 'rl3', 400);
    await limiter.ticket(limit('chat'), false);
    await limiter.ticket(limit('chat'), false);
    expect((await limiter.ticket(limit('chat'), false)).wait).toBeGreaterThan(0);
    await sleep(320);
    expect((await limiter.ticket(limit('chat'), false)).wait).toBe(0);
  });
});
