import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/composition.js';
import { openLoop } from '../../src/emulator/load.js';
import { DATABASES } from '../helpers/database.js';
import { button, type Harness, startHarness } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CHATTER = ['oc_dept_chengguan', 'oc_dept_jiaotong', 'oc_dept_guihua'];
const RATE = 30;
const SECONDS = 5;
const postgres = DATABASES.find((d) => d.name === 'postgres');

// docs/operations.md ("Scaling past one machine"): stateless instances behind a load balancer share one Redis and
// one PostgreSQL. Two processes cannot share an in-process PGlite, so this runs on PostgreSQL only
// (TEST_DATABASE_URL), like instances.test.ts.
describe.skipIf(!postgres)('three instances sharing Redis and PostgreSQL, under load', () => {
  let h: Harness;
  let all: Service[];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await postgres!.create();
    drop = db.drop;
    h = await startHarness({ databaseUrl: db.url });
    all = [h.svc, await h.another(), await h.another()];
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await drop?.();
  });

  /** Lark behind a load balancer: each delivery goes to the next instance; one not acknowledged in 3 s is sent
   * again, landing on another instance while the first may still be storing it. */
  let next = 0;
  const balance = async (env: unknown): Promise<number> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      // Lark waits before it delivers again (15 s, 5 min, … in reality; a second here).
      if (attempt) await sleep(1_000);
      // The target is read synchronously when the request is built, so concurrent deliveries do not mix.
      h.emu.sender.target = all[next++ % all.length]!.url;
      const { status } = await h.emu.sender.post('/lark/events', env);
      if (status === 200) return attempt === 0 ? 200 : 299;
    }
    return 0;
  };

  it('loses nothing and doubles nothing: every event stored and processed once, every case drafted once', async () => {
    const cases: string[] = [];
    const keys = new Set<string>();
    const result = await openLoop(RATE, SECONDS, async (i) => {
      const isCase = i % 10 === 0;
      const { messageId, envelope } = h.emu.compose({
        chatId: isCase ? CMD : CHATTER[i % CHATTER.length]!,
        from: isCase ? 'ou_cadre_1' : 'ou_cg_1',
        text: isCase ? `第${i}号：鼓楼东大街有人私装地锁占车位` : `收到，马上到（${i}）`,
        mentionBot: isCase,
      });
      keys.add(messageId);
      if (!isCase) return balance(envelope);
      cases.push(messageId);
      // Lark sends a case's message twice at once (its retry crossing our late answer): two instances get it.
      const again = { ...envelope, header: { ...envelope.header, event_id: `${envelope.header.event_id}r` } };
      const [a, b] = await Promise.all([balance(envelope), balance(again)]);
      return Math.min(a, b);
    });
    expect(result.statuses['0'] ?? 0).toBe(0);

    const db = h.svc.deps.db;
    const rows = async () =>
      db.selectFrom('inbox').select(['key', 'processed_at']).where('kind', '=', 'im.message.receive_v1').execute();
    // Stored once each, and every one processed by one of the three instances.
    await waitFor(async () => (await rows()).every((r) => r.processed_at), 'every event processed', 60_000);
    const stored = await rows();
    expect(stored.map((r) => r.key).sort()).toEqual([...keys].map((k) => `msg:${k}`).sort());

    for (const id of cases)
      await waitFor(() => h.botCards(CMD).some((m) => m.parentId === id), `the draft of ${id}`, 30_000);
    await sleep(1_000);
    for (const id of cases) expect(h.botCards(CMD).filter((m) => m.parentId === id)).toHaveLength(1);
    const counted = await Promise.all(
      all.map(async (s) => {
        const text = await (await fetch(`${s.url}/metrics`)).text();
        return Number(/whistle_events_total\{outcome="stored"\} (\d+)/.exec(text)?.[1] ?? 0);
      }),
    );
    expect(counted.reduce((a, b) => a + b, 0)).toBe(keys.size);
  }, 180_000);

  it('confirming the drafts on all three instances at once whistles each case once', async () => {
    const drafts = h.botCards(CMD).filter((m) => m.content.includes('"confirm"'));
    expect(drafts.length).toBeGreaterThan(0);
    const values = drafts.map((d) => button(h.card(d.id), 'confirm') as { whistle: string });
    const taps = await Promise.all(
      drafts.flatMap((d) =>
        all.map((s) => {
          h.emu.sender.target = s.url;
          return h.emu.click({ messageId: d.id, from: 'ou_cadre_1', value: values[drafts.indexOf(d)] });
        }),
      ),
    );
    // On a loaded machine a tap may be answered late (a "slow" toast) or not in time at all; its work still
    // commits. A person taps again where nothing happened; then every case has exactly one confirmation.
    const confirmed = async () =>
      (await h.svc.deps.db.selectFrom('timeline').select(['case_id']).where('action', '=', 'confirm').execute()).map(
        (t) => t.case_id,
      );
    await sleep(3_000);
    const done = new Set(await confirmed());
    for (const [i, d] of drafts.entries())
      if (!done.has(values[i]!.whistle)) await h.emu.click({ messageId: d.id, from: 'ou_cadre_1', value: values[i] });
    expect(taps.some((t) => t.body?.toast?.type === 'success')).toBe(true);
    const all3 = await confirmed();
    expect(all3).toHaveLength(drafts.length);
    expect(new Set(all3).size).toBe(drafts.length);
  }, 90_000);
});
