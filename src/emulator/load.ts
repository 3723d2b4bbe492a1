/** What an open-loop run measured: every request's status and round-trip time. */
export interface LoadResult {
  sent: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
  /** How far the generator itself fell behind its schedule (a saturated client skews every figure). */
  maxScheduleLagMs: number;
}

/** Fires `fire(i)` at a fixed rate for a while without waiting for answers (open loop, as Lark does): a slow
 * service then shows up as latency, not as a politely reduced rate. */
export async function openLoop(
  rate: number,
  seconds: number,
  fire: (i: number) => Promise<number>,
): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const statuses: Record<string, number> = {};
  const latenciesMs: number[] = [];
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  let maxScheduleLagMs = 0;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
    if (i < due) maxScheduleLagMs = Math.max(maxScheduleLagMs, now - start - (i / rate) * 1000);
    for (; i < due; i++) {
      const n = i;
      const t = performance.now();
      inflight.push(
        fire(n)
          .catch(() => 0)
          .then((status) => {
            latenciesMs.push(performance.now() - t);
            statuses[status] = (statuses[status] ?? 0) + 1;
          }),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inflight);
  return { sent: total, statuses, latenciesMs, maxScheduleLagMs };
}

export const quantile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};
