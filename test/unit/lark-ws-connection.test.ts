import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LarkEmulator } from '../../src/emulator/emulator.js';
import type { CardAction, CardResponse } from '../../src/lark/inbound/events.js';
import { type LongConnection, startLongConnection } from '../../src/lark/inbound/ws.js';
import { createLogger } from '../../src/log.js';
import { sleep, waitFor } from '../helpers/wait.js';

describe('the SDK’s WSClient against the emulated gateway', () => {
  let emu: LarkEmulator;
  const open: LongConnection[] = [];
  beforeAll(async () => {
    emu = new LarkEmulator({ longConnection: { pingIntervalS: 0.2, reconnectIntervalS: 0.2, reconnectNonceS: 0.1 } });
    await emu.start();
    emu.ws.addChat('oc_1', '测试群', ['ou_1']);
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const connect = async (o: {
    secret?: string;
    events?: string[];
    click?: (a: CardAction) => Promise<CardResponse>;
    pingTimeoutS?: number;
  }) => {
    const c = await startLongConnection({
      appId: emu.appId,
      appSecret: o.secret ?? emu.appSecret,
      domain: emu.url,
      log: createLogger('silent'),
      eventTypes: ['im.message.receive_v1', 'card.action.trigger'],
      acceptEvent: async (env) => {
        o.events?.push(env.header.event_id);
      },
      handleCardAction: o.click ?? (async () => ({})),
      pingTimeoutS: o.pingTimeoutS,
    });
    open.push(c);
    return c;
  };
  const botCard = () =>
    emu.ws.addMessage({ chatId: 'oc_1', sender: 'bot', senderType: 'bot', msgType: 'interactive', content: '{}' }).id;

  it('answers a slow click at 2.5 s, before Lark gives up at 3 s, and a failing one with the error toast', async () => {
    const c = await connect({
      click: async (a) => {
        const v = a.value as { slow?: boolean };
        if (v.slow) await sleep(4_000);
        else throw new Error('boom in /srv/secret/path.ts:12');
        return {};
      },
    });
    await waitFor(() => c.isUp(), 'connected');
    const t = Date.now();
    const slow = await emu.click({ messageId: botCard(), from: 'ou_1', value: { slow: true } });
    expect(Date.now() - t).toBeLessThan(3_000);
    expect(slow.status).toBe(200);
    expect(slow.body?.toast?.content).toBe('处理较慢，请稍后查看卡片上的结果');
    const failed = await emu.click({ messageId: botCard(), from: 'ou_1', value: { fail: true } });
    expect(failed.body?.toast).toMatchObject({ type: 'error', i18n: { zh_cn: '系统繁忙，请稍后再试' } });
    expect(JSON.stringify(failed.body)).not.toContain('boom');
  });

  it('answers a click that comes in a card-type frame (the SDK alone drops those unanswered)', async () => {
    const c = await connect({
      click: async () => ({ toast: { type: 'success', content: '好', i18n: { zh_cn: '好', en_us: 'OK' } } }),
    });
    await waitFor(() => c.isUp(), 'connected');
    emu.gateway.cfg.cardFrameType = 'card';
    try {
      const r = await emu.click({ messageId: botCard(), from: 'ou_1', value: { action: 'arrive' } });
      expect(r).toMatchObject({ status: 200, body: { toast: { type: 'success' } } });
    } finally {
      emu.gateway.cfg.cardFrameType = 'event';
    }
  });

  it('pings; the gateway answers each ping with a pong carrying the ClientConfig', async () => {
    const c = await connect({});
    await waitFor(() => c.isUp(), 'connected');
    const pings = emu.gateway.frames.filter((f) => f.type === 'ping').length;
    await waitFor(() => emu.gateway.frames.filter((f) => f.type === 'ping').length >= pings + 2, 'two more pings');
    expect(emu.gateway.frames.filter((f) => f.type === 'pong').length).toBeGreaterThanOrEqual(pings + 1);
  });

  it('is down while the gateway is, and reconnects by itself when it is back', async () => {
    const events: string[] = [];
    const c = await connect({ events });
    await waitFor(() => c.isUp(), 'connected');
    emu.gateway.suspend();
    await waitFor(() => !c.isUp(), 'down');
    await sleep(600); // several refused reconnect attempts
    expect(c.isUp()).toBe(false);
    emu.gateway.resume();
    await waitFor(() => c.isUp(), 'up again', 5_000);
    const { status } = await emu.say({ chatId: 'oc_1', from: 'ou_1', text: '你好' });
    expect(status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('replaces a half-open connection: silent after a ping, it is dropped and a new one carries the events', async () => {
    const events: string[] = [];
    // The SDK re-arms its watchdog at every ping, so it only fires when the timeout is shorter than the interval
    // (Lark: pings every 120 s; the service: 20 s). The interval comes from the endpoint and every pong.
    emu.gateway.cfg.pingIntervalS = 0.6;
    try {
      const c = await connect({ events, pingTimeoutS: 0.3 });
      await waitFor(() => c.isUp(), 'connected');
      const answers = emu.gateway.endpointAnswers.length;
      emu.gateway.freeze();
      await waitFor(() => emu.gateway.endpointAnswers.length > answers && c.isUp(), 'a new connection', 5_000);
      const { status } = await emu.say({ chatId: 'oc_1', from: 'ou_1', text: '还在吗' });
      expect(status).toBe(200);
      expect(events).toHaveLength(1);
    } finally {
      emu.gateway.cfg.pingIntervalS = 0.2;
    }
  });

  it('an event the service could not store is acknowledged with 500 and delivered again', async () => {
    let fail = true;
    const stored: string[] = [];
    const c = await startLongConnection({
      appId: emu.appId,
      appSecret: emu.appSecret,
      domain: emu.url,
      log: createLogger('silent'),
      eventTypes: ['im.message.receive_v1'],
      acceptEvent: async (env) => {
        if (fail) throw new Error('database away');
        stored.push(env.header.event_id);
      },
      handleCardAction: async () => ({}),
    });
    open.push(c);
    await waitFor(() => c.isUp(), 'connected');
    emu.gateway.cfg.retryScale = 0.01; // Lark's 15 s becomes 150 ms
    try {
      const { status, envelope } = await emu.say({ chatId: 'oc_1', from: 'ou_1', text: '井盖丢失' });
      expect(status).toBe(500);
      fail = false;
      const id = (envelope as { header: { event_id: string } }).header.event_id;
      await waitFor(() => stored.includes(id), 'the redelivery stored');
      // The handler stores before the client acknowledges: wait for the acknowledgement too.
      await waitFor(
        () => emu.gateway.deliveries.some((d) => d.eventId === id && d.status === 200),
        'the redelivery acknowledged',
      );
      expect(emu.gateway.deliveries.filter((d) => d.eventId === id).map((d) => d.status)).toEqual([500, 200]);
    } finally {
      emu.gateway.cfg.retryScale = 1;
    }
  });

  it('delivers each event to exactly one of two connections (Lark’s cluster mode)', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const ca = await connect({ events: a });
    const cb = await connect({ events: b });
    await waitFor(() => ca.isUp() && cb.isUp(), 'both connected');
    for (let i = 0; i < 12; i++)
      expect((await emu.say({ chatId: 'oc_1', from: 'ou_1', text: `第${i}条` })).status).toBe(200);
    expect(a.length + b.length).toBe(12);
    expect(new Set([...a, ...b]).size).toBe(12);
  });

  it('never connects with a wrong secret (the endpoint refuses it, and the SDK does not retry)', async () => {
    await waitFor(() => emu.gateway.connections === 0, 'earlier connections closed');
    const answers = emu.gateway.endpointAnswers.length;
    const c = await connect({ secret: 'not-the-secret' });
    await sleep(800); // several reconnect intervals
    expect(c.isUp()).toBe(false);
    expect(emu.gateway.connections).toBe(0);
    expect(emu.gateway.endpointAnswers.slice(answers)).toEqual([514]);
  });
});
