import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CADRE = 'ou_cadre_1';

const readyz = async (h: Harness) => (await fetch(`${h.svc.url}/readyz`)).status;

/** The service with LARK_MODE=ws and the real SDK WSClient, against the emulator's long-connection gateway: no
 * request URL is configured anywhere, so every event and every click below travelled as protobuf frames. */
describe('the whistle loop over the long connection', () => {
  let h: Harness;
  beforeAll(async () => {
    // Small fragments: every event and callback goes out in several frames (sum/seq) and must be merged.
    h = await startHarness({ longConnection: { fragmentBytes: 300 } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const summonsIn = (chat: string, caseId: string) =>
    h.botCards(chat).find((m) => m.content.includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"'));

  it('runs message → draft → confirm → 报到 → done → accept with no HTTP request URL', async () => {
    expect(h.emu.sender.target).toBeUndefined();
    expect(h.emu.gateway.connections).toBe(1);
    expect(await readyz(h)).toBe(200);

    const { draftId, caseId } = await reportCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    const confirmed = await tap(h, draftId, CADRE, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body?.toast?.type).toBe('success');
    const whistled = await getCase(h, caseId);
    expect(whistled.status).toBe('whistled');
    expect(whistled.departments.length).toBeGreaterThan(0);

    for (const d of whistled.departments) {
      const dept = h.roster.department(d.id)!;
      const card = await waitFor(() => summonsIn(dept.chat, caseId), `${d.id} summons`);
      const who = dept.contacts[0]!;
      const arrived = await tap(h, card.id, who, 'arrive');
      expect(arrived.body?.toast?.type).toBe('success');
      // The answer's card replaced the card, as Lark does with a callback's card.
      expect(h.card(card.id)).toBeDefined();
      const done = await tap(h, card.id, who, 'done');
      expect(done.body?.toast?.type).toBe('success');
    }
    expect((await getCase(h, caseId)).status).toBe('resolved');
    await waitFor(() => JSON.stringify(h.card(draftId)).includes('"accept"'), 'accept on the status card');
    const accepted = await tap(h, draftId, CADRE, 'accept');
    expect(accepted.body?.toast?.type).toBe('success');
    expect((await getCase(h, caseId)).status).toBe('accepted');

    // What went over the wire: every message in several frames, each answered once with code 200; the card
    // answers (toasts) came back inside the acknowledgements; nothing was POSTed to the service.
    const out = h.emu.gateway.frames.filter((f) => f.dir === 'out' && f.messageId);
    const acks = h.emu.gateway.frames.filter((f) => f.dir === 'in' && f.ack);
    expect(out.every((f) => (f.sum ?? 0) > 1)).toBe(true);
    expect(new Set(acks.map((a) => a.messageId)).size).toBe(new Set(out.map((f) => f.messageId)).size);
    expect(acks.every((a) => a.ack?.code === 200)).toBe(true);
    expect(acks.some((a) => (a.ack?.data as { toast?: unknown } | undefined)?.toast)).toBe(true);
    expect(h.emu.sender.deliveries).toHaveLength(0);
    expect(h.emu.gateway.deliveries.every((d) => d.status === 200)).toBe(true);
    // The SDK pinged and the gateway answered with its ClientConfig.
    expect(h.emu.gateway.frames.some((f) => f.dir === 'in' && f.type === 'ping')).toBe(true);
    expect(h.emu.gateway.frames.some((f) => f.dir === 'out' && f.type === 'pong')).toBe(true);
  });

  it('answers a click that arrives in a card-type frame as well', async () => {
    h.emu.gateway.cfg.cardFrameType = 'card';
    try {
      const { draftId, caseId } = await reportCase(h, '光明小区3号楼前共享单车乱停放堵塞消防通道');
      const r = await tap(h, draftId, CADRE, 'confirm');
      expect(r.status).toBe(200);
      expect(r.body?.toast?.type).toBe('success');
      expect((await getCase(h, caseId)).status).toBe('whistled');
      expect(h.emu.gateway.frames.some((f) => f.dir === 'out' && f.type === 'card')).toBe(true);
    } finally {
      h.emu.gateway.cfg.cardFrameType = 'event';
    }
  });

  it('is not ready while the connection is down, and the SDK reconnects when the gateway is back', async () => {
    expect(await readyz(h)).toBe(200);
    h.emu.gateway.suspend();
    await waitFor(async () => (await readyz(h)) === 503, '/readyz 503 while the gateway is down');
    // An event sent now finds no connection: Lark keeps it and delivers it again later.
    const { messageId } = await h.emu.say({ chatId: CMD, from: CADRE, text: '朝阳路5号路灯不亮，晚上出行不便' });
    expect(h.emu.gateway.deliveries.at(-1)?.status).toBe(0);

    h.emu.gateway.resume();
    await waitFor(async () => (await readyz(h)) === 200, '/readyz 200 after the SDK reconnected', 15_000);
    expect(h.emu.gateway.connections).toBe(1);
    // The redelivered event reaches the service over the new connection: the draft appears.
    await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'the draft after reconnecting', 15_000);
  });
});
