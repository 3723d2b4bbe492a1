import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/composition.js';
import { DATABASES } from '../helpers/database.js';
import { button, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const MIN = 60_000;
const CMD = 'oc_street_cmd';
const postgres = DATABASES.find((d) => d.name === 'postgres');

// Two processes cannot share an in-process PGlite; behind a load balancer the instances share PostgreSQL.
describe.skipIf(!postgres)('two instances behind a load balancer, sharing Redis and PostgreSQL', () => {
  let h: Harness;
  let b: Service;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await postgres!.create();
    drop = db.drop;
    h = await startHarness({ databaseUrl: db.url });
    b = await h.another();
  });
  afterAll(async () => {
    await h?.stop();
    await drop?.();
  });

  /** Posts an event to one instance, as a load balancer would route that delivery. */
  const deliverTo = async (svc: Service, env: unknown) => {
    const target = h.emu.sender.target;
    h.emu.sender.target = svc.url;
    try {
      return (await h.emu.sender.post('/lark/events', env)).status;
    } finally {
      h.emu.sender.target = target;
    }
  };

  it('one case per message, even when its deliveries land on both instances at once', async () => {
    for (let i = 0; i < 5; i++) {
      const { messageId, envelope } = await h.emu.say({
        chatId: CMD,
        from: 'ou_cadre_1',
        text: `鼓楼东大街有人私装地锁占车位（${i}）`,
      });
      const env = envelope as { header: Record<string, string> };
      const again = { ...env, header: { ...env.header, event_id: `${env.header.event_id}-retry` } };
      expect(await Promise.all([deliverTo(h.svc, env), deliverTo(b, again), deliverTo(b, env)])).toEqual([
        200, 200, 200,
      ]);
      await waitFor(() => h.botCards(CMD).some((m) => m.parentId === messageId), 'the draft');
      await sleep(300);
      expect(h.botCards(CMD).filter((m) => m.parentId === messageId)).toHaveLength(1);
    }
  });

  it('one arrival for taps on both instances, and one escalation per deadline', async () => {
    const c = await whistleCase(h, '东四六条胡同里有人私装地锁占车位');
    const card = await waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
      'summons',
    );
    const value = button(h.card(card.id), 'arrive');
    const taps = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        h.emu.sender.target = i % 2 ? b.url : h.svc.url;
        return h.emu.click({ messageId: card.id, from: 'ou_cg_1', value });
      }),
    );
    h.emu.sender.target = h.svc.url;
    expect(taps.filter((t) => t.body?.toast?.type === 'success')).toHaveLength(1);
    // 交通 never arrives: both instances run timer workers, the head hears once per escalation step.
    h.clock.advance(61 * MIN);
    await waitFor(
      () => h.botCards('oc_p2p_jt_head').some((m) => m.content.includes(c.number)),
      'the escalation',
      20_000,
    );
    await sleep(2_000);
    expect(h.botCards('oc_p2p_jt_head').filter((m) => m.content.includes(c.number))).toHaveLength(1);
    const after = await getCase(h, c.id);
    expect(after.timeline.filter((t) => t.action === 'arrive')).toHaveLength(1);
    expect(after.timeline.filter((t) => t.action === 'escalate' && t.dept === 'jiaotong')).toHaveLength(1);
  }, 60_000);
});
