import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPTS, fanoutRosterFile } from '../helpers/fanout-roster.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };
const chats = Array.from({ length: DEPTS }, (_, i) => `oc_d${String(i + 1).padStart(2, '0')}`);

// The outbound lanes send in parallel; Lark's limits (enforced by the emulator: 50/s per app, 5/s per chat) must
// still never answer "too many", and no card may leave twice. How fast it goes is the bench's fan-out figure.
describe('fan-out to 30 departments within Lark limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ roster: fanoutRosterFile(), enforceLimits: true });
  });
  afterAll(async () => h?.stop());

  it('three emergencies at once (over 90 calls, more than Lark allows a second): every summons once, no refusal', async () => {
    const summonsIn = (chat: string) =>
      h.emu.ws.messagesIn(chat).filter((m) => m.senderType === 'bot' && m.content.includes('"arrive"'));
    const answers = await Promise.all(
      [1, 2, 3].map((n) =>
        fetch(`${h.svc.url}/api/whistles`, {
          method: 'POST',
          headers: ADMIN,
          body: JSON.stringify({ text: `全员应急演练${n}：化工仓库起火`, source: 'bench', category: 'all-hands' }),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    await waitFor(() => chats.every((c) => summonsIn(c).length >= 3), 'every summons', 30_000);
    await sleep(1_500);
    for (const c of chats) expect(summonsIn(c)).toHaveLength(3);
    // Lark counts a call when it arrives: our limiter holds a call's slot while it is in flight and re-marks it
    // at the answer, so however late a call arrives (a busy machine), Lark's window is never over.
    expect(h.emu.api.rateLimitHits).toBe(0);
    // Over 50 calls in the app's one-second window were wanted, so the limiter made some wait: the cards did not
    // all land within one second.
    const sent = chats.flatMap((c) => summonsIn(c).map((m) => m.createdAt));
    expect(Math.max(...sent) - Math.min(...sent)).toBeGreaterThanOrEqual(900);
  });
});
