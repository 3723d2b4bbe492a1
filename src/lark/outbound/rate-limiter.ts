import type { Redis } from 'ioredis';
import { RATE_LIMITS } from '../limits.js';

/** Sliding-log limits kept in Redis so every instance shares them. Times come from Redis TIME, so clocks on
 * different hosts do not matter. Returns 0 when the call may go now (and counts it), else ms to wait.
 *
 * A granted call is marked `lease` ms in the future while it is in flight (renewed while it lasts, see
 * RESTAMP), so it holds its slot "now" until Lark has answered: Lark counts a call when it arrives, which may be
 * long after the grant on a busy machine, and a mark at the grant would have left our window after a second
 * while Lark still counted it. A mark in the future is a call in flight: its slot frees no sooner than a window
 * after its answer, so the wait it causes is at least a window (then asked again). A crash leaves its marks at
 * most `lease` + a window. */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member = ARGV[#ARGV]
local lease = tonumber(ARGV[#ARGV - 1])
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local n = redis.call('ZCARD', key)
  if n >= limit then
    local edge = tonumber(redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')[2])
    local w = window + 1
    if edge <= now then w = edge + window - now + 1 end
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lease, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]) + lease + 1000)
end
return 0
`;

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Lark's limits (src/lark/limits.ts) with a small guard band: a request can overtake an earlier one on the
 * wire, and Lark's clock is not Redis's. */
export const LARK_LIMITS = {
  appPerSecond: { max: RATE_LIMITS.appPerSecond.max, windowMs: RATE_LIMITS.appPerSecond.windowMs + 50 },
  appPerMinute: { max: RATE_LIMITS.appPerMinute.max - 10, windowMs: RATE_LIMITS.appPerMinute.windowMs },
  perTarget: { max: RATE_LIMITS.perTarget.max, windowMs: RATE_LIMITS.perTarget.windowMs + 50 },
};

/** How far ahead a call in flight is marked, and renewed every half of it while it lasts: a crashed process's
 * calls stop holding their slots this long (plus a window) after its last renewal. */
export const IN_FLIGHT_LEASE_MS = 3_000;

/** Moves a call's mark to now + ARGV offset (Redis TIME): renewing a call in flight (offset = lease), or, once
 * Lark has answered, to the answer (offset 0): Lark counted the call somewhere between our grant and its answer,
 * so a mark at the answer keeps our window a superset of Lark's. XX: a mark already gone is not made again. */
const RESTAMP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member = ARGV[#ARGV]
local offset = tonumber(ARGV[#ARGV - 1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now + offset, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[i]) + offset + 1000)
end
return 0
`;

/** A granted slot, or how long to wait for one. `settle` once the call has been answered (or failed); `answered`
 * false when no answer came (a timeout, a broken connection): the call may still reach Lark and be counted there,
 * so its slot is held a lease longer. */
export interface Ticket {
  wait: number;
  settle(answered?: boolean): Promise<void>;
}

export class RateLimiter {
  #seq = 0;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs = IN_FLIGHT_LEASE_MS,
  ) {
    redis.defineCommand('larkLimit', { lua: SCRIPT });
    redis.defineCommand('larkRestamp', { lua: RESTAMP });
  }

  /** A slot for one call: held as in flight (renewed) until `settle`, which re-marks it at Lark's answer. With
   * `inFlight` false the call is marked at its grant only (a caller that cannot tell when its call is answered). */
  async ticket(limits: Limit[], inFlight = true): Promise<Ticket> {
    // One hash tag for all of them: the script touches several keys at once, which Redis Cluster allows only
    // within one slot.
    const keys = limits.map((l) => `${this.prefix}:{lark-limits}:${l.key}`);
    const member = `${process.pid}-${Date.now()}-${this.#seq++}`;
    // biome-ignore lint/suspicious/noExplicitAny: commands defined with defineCommand are untyped in ioredis
    const r = this.redis as any;
    const lease = inFlight ? this.leaseMs : 0;
    const args = limits.flatMap((l) => [l.max, l.windowMs]);
    const wait = Number(await r.larkLimit(keys.length, ...keys, ...args, lease, member));
    if (wait > 0 || !inFlight) return { wait, settle: async () => {} };
    const restamp = (offset: number) =>
      r.larkRestamp(keys.length, ...keys, ...limits.map((l) => l.windowMs), offset, member);
    const renew = setInterval(() => void restamp(lease).catch(() => undefined), lease / 2);
    renew.unref();
    let settled: Promise<void> | undefined;
    const settle = (answered = true) => {
      clearInterval(renew);
      settled ??= restamp(answered ? 0 : lease).then(() => undefined);
      return settled as Promise<void>;
    };
    return { wait, settle };
  }
}
