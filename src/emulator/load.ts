import type { LarkEmulator } from './emulator.js';

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

const CHATTER_CHATS = ['oc_street_cmd', 'oc_dept_chengguan', 'oc_dept_gongan', 'oc_dept_jiaotong', 'oc_dept_shichang'];

/** A busy district's group chats as events, for the example roster: one case a second @-mentioning the bot in
 * the command chat, the rest chatter that is not for it. Returns the status and, for a case, its message id. */
export function districtTraffic(emu: LarkEmulator, rate: number) {
  return async (i: number): Promise<{ status: number; caseMessageId?: string }> => {
    const isCase = i % rate === 0;
    const r = await emu.say({
      chatId: isCase ? 'oc_street_cmd' : CHATTER_CHATS[i % CHATTER_CHATS.length]!,
      from: isCase ? 'ou_cadre_1' : 'ou_cg_1',
      text: isCase ? `第${i / rate}号：簋街有饭馆把桌子摆到人行道上` : `收到，马上到（${i}）`,
      mentionBot: isCase,
    });
    return { status: r.status, caseMessageId: isCase ? r.messageId : undefined };
  };
}
