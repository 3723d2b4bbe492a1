import type { LarkEmulator } from '../../src/emulator/emulator.js';
import { type ChildStack, startChildStack } from '../../test/helpers/child-stack.js';
import { DEPTS, fanoutRosterFile } from '../../test/helpers/fanout-roster.js';
import { waitFor } from '../../test/helpers/wait.js';
import { medianOf, ms, type Row, ratio } from './report.js';

const BURST = 20;
const APP_PER_S = 50;
const CHAT_PER_S = 5;

/** The shortest time Lark's limits allow for these calls: 50/s per app and 5/s per chat, each in a 1 s window,
 * plus one round trip (measured alone on the same emulator). */
function limitFloorMs(calls: { target: string }[], rttMs: number): number {
  const perTarget = new Map<string, number>();
  for (const c of calls) perTarget.set(c.target, (perTarget.get(c.target) ?? 0) + 1);
  const app = Math.floor((calls.length - 1) / APP_PER_S);
  const chat = Math.max(0, ...[...perTarget.values()].map((n) => Math.floor((n - 1) / CHAT_PER_S)));
  return Math.max(app, chat) * 1000 + rttMs;
}

const target = (c: { body?: unknown; path: string }) => {
  const b = c.body as { receive_id?: string } | undefined;
  return b?.receive_id ?? c.path;
};

/** Sends through the API and waits until every card expected is delivered; returns the time and the calls made. */
async function fanOut(stack: ChildStack, post: () => Promise<unknown>, delivered: (emu: LarkEmulator) => boolean) {
  const { emu } = stack;
  const from = emu.ws.calls.length;
  const hitsBefore = emu.api.rateLimitHits;
  const t0 = Date.now();
  await post();

  await waitFor(() => delivered(emu), 'every card delivered', 120_000);
  const calls = emu.ws.calls.slice(from).filter((c) => c.op !== 'token' && c.status === 200);
  const last = Math.max(...calls.map((c) => c.at + c.ms));
  return { ms: last - t0, calls: calls.map((c) => ({ target: target(c) })), hits: emu.api.rateLimitHits - hitsBefore };
}

async function roundTrip(stack: ChildStack): Promise<number> {
  const t = performance.now();
  await stack.admin('/api/whistles?limit=1');
  return performance.now() - t;
}

export async function benchFanout(runs: number): Promise<Row[]> {
  const roster = fanoutRosterFile();
  let hits = 0;
  let calls = { emergency: 0, burst: 0 };
  const f = await medianOf(runs, async () => {
    const stack = await startChildStack({ roster });
    try {
      const rtt = Math.min(...(await Promise.all([1, 2, 3, 4, 5].map(() => roundTrip(stack)))));
      const chats = Array.from({ length: DEPTS }, (_, i) => `oc_d${String(i + 1).padStart(2, '0')}`);
      const cardsIn = (emu: LarkEmulator, chat: string, marker: string) =>
        emu.ws.messagesIn(chat).filter((m) => m.senderType === 'bot' && m.content.includes(marker)).length;
      const emergency = (n: number) => () =>
        stack.admin('/api/whistles', {
          method: 'POST',
          body: JSON.stringify({ text: `全员应急演练${n}：化工仓库起火`, source: 'bench', category: 'all-hands' }),
        });
      // A first whistle warms the service up (code paths, connections); the second one is measured.
      await fanOut(stack, emergency(1), (emu) => chats.every((c) => cardsIn(emu, c, '"arrive"') >= 1));
      await new Promise((r) => setTimeout(r, 2_100)); // Lark's per-chat windows empty again
      const e = await fanOut(stack, emergency(2), (emu) => chats.every((c) => cardsIn(emu, c, '"arrive"') >= 2));
      await new Promise((r) => setTimeout(r, 2_100));
      const b = await fanOut(
        stack,
        () =>
          Promise.all(
            Array.from({ length: BURST }, (_, i) =>
              stack.admin('/api/whistles', {
                method: 'POST',
                body: JSON.stringify({
                  text: `单独处置第${i}件`,
                  source: 'bench',
                  ref: `burst-${i}`,
                  category: 'solo',
                }),
              }),
            ),
          ),
        (emu) => cardsIn(emu, 'oc_d01', '"arrive"') >= BURST + 2,
      );
      hits += e.hits + b.hits;
      calls = { emergency: e.calls.length, burst: b.calls.length };
      return {
        emergency: e.ms,
        emergencyFloor: limitFloorMs(e.calls, rtt),
        burst: b.ms,
        burstFloor: limitFloorMs(b.calls, rtt),
      };
    } finally {
      await stack.stop();
    }
  });
  return [
    {
      benchmark: `fan-out: emergency to ${DEPTS} departments (${calls.emergency} Lark calls)`,
      load: `one whistle; rate-limit answers: ${hits}`,
      figure: ms(f.emergency!),
      floor: `${ms(f.emergencyFloor!)} (Lark limits + one round trip)`,
      ratio: ratio(f.emergency!, f.emergencyFloor!),
    },
    {
      benchmark: `fan-out: ${BURST} whistles at once into one department's chat (${calls.burst} Lark calls)`,
      load: `5/s per chat; rate-limit answers: ${hits}`,
      figure: ms(f.burst!),
      floor: `${ms(f.burstFloor!)} (Lark limits + one round trip)`,
      ratio: ratio(f.burst!, f.burstFloor!),
    },
  ];
}
