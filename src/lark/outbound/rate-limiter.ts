import type { Redis } from 'ioredis';
import { RATE_LIMITS } from '../limits.js';

/** Sliding-log limits kept in Redis so every instance shares them. Times come from Redis TIME, so clocks on
 * different hosts do not matter. Returns 0 when the call may go now (and counts it), else ms to wait. */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member = ARGV[#ARGV]
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local n = redis.call('ZCARD', key)
  if n >= limit then
    local edge = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
    local w = tonumber(edge[2]) + window - now + 1
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]) + 1000)
end
return 0
`;

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Lark's limits (src/lark/limits.ts) with a small guard band: the emulator (and Lark) count arrivals, we count
 * grants (re-marked at the answer, see RESTAMP), and a request can overtake an earlier one on the wire. */
export const LARK_LIMITS = {
  appPerSecond: { max: RATE_LIMITS.appPerSecond.max, windowMs: RATE_LIMITS.appPerSecond.windowMs + 50 },
  appPerMinute: { max: RATE_LIMITS.appPerMinute.max - 10, windowMs: RATE_LIMITS.appPerMinute.windowMs },
  perTarget: { max: RATE_LIMITS.perTarget.max, windowMs: RATE_LIMITS.perTarget.windowMs + 50 },
};

/** Moves a granted call's mark to now (Redis TIME), once Lark has answered: Lark counts a call when it arrives, which
 * is somewhere between our grant and the answer, so a mark at the answer keeps our window a superset of Lark's. */
const RESTAMP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member = ARGV[#ARGV]
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[i]) + 1000)
end
return 0
`;

/** A granted slot, or how long to wait for one. `settle` once the call has been answered (or failed). */
export interface Ticket {
  wait: number;
  settle(): Promise<void>;
}

export class RateLimiter {
  #seq = 0;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('larkLimit', { lua: SCRIPT });
    redis.defineCommand('larkRestamp', { lua: RESTAMP });
  }

  /** Like `acquire`, with a ticket whose `settle` re-marks the call at the time of Lark's answer. */
  async ticket(limits: Limit[]): Promise<Ticket> {
    const keys = limits.map((l) => `${this.prefix}:{lark-limits}:${l.key}`);
    const member = `${process.pid}-${Date.now()}-${this.#seq++}`;
    // biome-ignore lint/suspicious/noExplicitAny: commands defined with defineCommand are untyped in ioredis
    const r = this.redis as any;
    const wait = Number(await r.larkLimit(keys.length, ...keys, ...limits.flatMap((l) => [l.max, l.windowMs]), member));
    const settle = async () => {
      if (wait === 0) await r.larkRestamp(keys.length, ...keys, ...limits.map((l) => l.windowMs), member);
    };
    return { wait, settle };
  }

  async acquire(limits: Limit[]): Promise<number> {
    // One hash tag for all of them: the script touches several keys at once, which Redis Cluster allows only
    // within one slot.
    const keys = limits.map((l) => `${this.prefix}:{lark-limits}:${l.key}`);
    const args = limits.flatMap((l) => [l.max, l.windowMs]);
    const member = `${process.pid}-${Date.now()}-${this.#seq++}`;
    // biome-ignore lint/suspicious/noExplicitAny: commands defined with defineCommand are untyped in ioredis
    const wait = await (this.redis as any).larkLimit(keys.length, ...keys, ...args, member);
    return Number(wait);
  }
}
