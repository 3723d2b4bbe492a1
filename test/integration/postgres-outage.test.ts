import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/database.js';
import { button, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { sleep, waitFor } from '../helpers/wait.js';

const MIN = 60_000;
const CMD = 'oc_street_cmd';
const postgres = DATABASES.find((d) => d.name === 'postgres');

// PGlite runs in-process and cannot become unreachable; this needs a PostgreSQL server (TEST_DATABASE_URL).
describe.skipIf(!postgres)('PostgreSQL unreachable for 30 s', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await postgres!.create();
    drop = db.drop;
    const url = new URL(db.url!);
    proxy = await new TcpProxy(url.hostname, Number(url.port || 5432)).start();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    // Lark's schedule ×0.01: redeliveries after 0.15 s, 3 s and 36 s, the last one after the outage.
    h = await startHarness({ databaseUrl: url.toString(), retryScale: 0.01 });
  });
  afterAll(async () => {
    await h?.stop();
    await proxy?.stop();
    await drop?.();
  });

  it('answers clearly while it is away and loses or doubles nothing once it is back', async () => {
    const c = await whistleCase(h, '东四六条胡同里有人私装地锁占车位');
    const cg = await waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
      'summons',
    );

    proxy.cut();
    const outageStart = Date.now();
    // A click gets an error toast in time (Lark gives up after 3 s) and changes nothing.
    const t0 = Date.now();
    const refused = await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(refused.status).toBe(200);
    expect(refused.body?.toast?.type).toBe('error');
    expect(refused.body?.toast?.content).toMatch(/稍后再试/);
    // A new case chatted in now is refused with a 5xx, so Lark delivers it again later.
    const said = await h.emu.say({ chatId: CMD, from: 'ou_cadre_1', text: '香饵胡同有一处井盖丢失，很危险' });
    expect(said.status).toBe(500);
    expect((await fetch(`${h.svc.url}/readyz`)).status).toBe(503);
    // 交通's arrival deadline passes during the outage: its escalation must still happen, once.
    h.clock.advance(61 * MIN);

    await sleep(30_000 - (Date.now() - outageStart));
    proxy.restore();

    const draft = await waitFor(
      () => h.botCards(CMD).find((m) => m.parentId === said.messageId),
      'the draft once Lark redelivers the event',
      60_000,
    );
    await waitFor(
      () => h.botCards('oc_p2p_jt_head').some((m) => m.content.includes(c.number)),
      'the escalation after the outage',
      60_000,
    );
    const again = await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
    expect(again.body?.toast?.type).toBe('success');

    await sleep(1_500);
    expect(h.botCards(CMD).filter((m) => m.parentId === said.messageId)).toHaveLength(1);
    expect(h.botCards('oc_p2p_jt_head').filter((m) => m.content.includes(c.number))).toHaveLength(1);
    const after = await getCase(h, c.id);
    expect(after.timeline.filter((t) => t.action === 'arrive')).toHaveLength(1);
    expect(after.departments.find((d) => d.id === 'chengguan')?.status).toBe('arrived');
    const drafted = await getCase(h, String(button(h.card(draft.id), 'confirm').whistle));
    expect(drafted.status).toBe('draft');
    expect(h.logs.some((l) => l.includes('event could not be stored'))).toBe(true);
  }, 150_000);
});
