import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, type Harness, startHarness } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CADRE = 'ou_cadre_1';

describe('the first slice over the real protocol', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers a message that mentions the bot with a threaded card echoing it', async () => {
    const { messageId, status } = await h.emu.say({
      chatId: CMD,
      from: CADRE,
      text: '治国胡同45号院有人在院内加盖二层，需要认定是否违建',
    });
    expect(status).toBe(200);
    const reply = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'the reply card');
    expect(reply.threadId).toBeDefined();
    const text = cardText(h.card(reply.id));
    expect(text).toContain('治国胡同45号院有人在院内加盖二层');
    expect(text).toContain('违法建设');
  });

  it('replies once to an event Lark delivers three times', async () => {
    const first = await h.emu.say({ chatId: CMD, from: CADRE, text: '南锣鼓巷有无照经营的小摊卖过期饮料' });
    const env = first.envelope as Parameters<typeof h.emu.sender.deliverEvent>[0];
    expect(await h.emu.sender.deliverEvent(env)).toBe(200);
    expect(
      await h.emu.sender.deliverEvent({ ...env, header: { ...env.header, event_id: 'retry-with-new-event-id' } }),
    ).toBe(200);
    await waitFor(() => h.botCards(CMD).some((m) => m.parentId === first.messageId), 'the reply');
    await sleep(500);
    expect(h.botCards(CMD).filter((m) => m.parentId === first.messageId)).toHaveLength(1);
  });

  it('refuses a bad signature with 401 and does nothing', async () => {
    const before = h.emu.ws.messages.size;
    const env = h.emu.sender.envelope('im.message.receive_v1', {
      sender: { sender_id: { open_id: CADRE } },
      message: {
        message_id: 'om_forged',
        chat_id: CMD,
        chat_type: 'group',
        message_type: 'text',
        content: '{"text":"@_user_1 forged"}',
      },
    });
    const { body, headers } = h.emu.sender.wire(env);
    const res = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      body,
      headers: { ...headers, 'x-lark-signature': 'ab'.repeat(32) },
    });
    expect(res.status).toBe(401);
    await sleep(300);
    expect(h.emu.ws.messages.size).toBe(before);
    expect(h.logs.some((l) => l.includes('bad signature'))).toBe(true);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      body: '{"schema":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    const big = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: h.emu.verificationToken }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('still delivers the card when Lark answers 429 for a while', async () => {
    h.emu.fail({ op: 'message.reply', status: 429, code: 99991400, times: 3, resetSec: 1 });
    const { messageId } = await h.emu.say({
      chatId: CMD,
      from: CADRE,
      text: '团结湖公园西门一棵大树被风刮倒压住了人行道',
    });
    const reply = await waitFor(
      () => h.botCards(CMD).find((m) => m.parentId === messageId),
      'the reply after 429s',
      15_000,
    );
    expect(reply).toBeDefined();
    const limited = h.emu.ws.calls.filter((c) => c.op === 'message.reply' && c.code === 99991400);
    expect(limited.length).toBe(3);
    await sleep(300);
    expect(h.botCards(CMD).filter((m) => m.parentId === messageId)).toHaveLength(1);
  });

  it('is ready and exposes metrics', async () => {
    expect((await fetch(`${h.svc.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
    expect(metrics).toContain('whistle_lark_calls_total');
    expect(metrics).toContain('whistle_queue_jobs');
  });
});
