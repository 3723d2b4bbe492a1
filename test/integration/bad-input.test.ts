import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARK_RETRY_SCHEDULE_MS } from '../../src/emulator/sender.js';
import { encryptForBot, signForBot } from '../../src/emulator/wire.js';
import { button, cardText, getCase, type Harness, reportCase, startHarness, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CADRE = 'ou_cadre_1';

describe('bad input is refused or answered safely, logged, and changes nothing', () => {
  let h: Harness;
  let c: Awaited<ReturnType<typeof whistleCase>>;
  let cgCard: string;
  beforeAll(async () => {
    h = await startHarness();
    c = await whistleCase(h, '后海南沿酒吧街有商户占道经营，桌椅摆到路上');
    cgCard = (
      await waitFor(
        () =>
          h.botCards('oc_dept_chengguan').find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
        'summons',
      )
    ).id;
    await sleep(1_000); // the status card's refreshes settle
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** What a person could notice: the bot's messages in Lark, cases and the case's timeline. */
  const snapshot = async () => ({
    messages: [...h.emu.ws.messages.values()].filter((m) => m.senderType === 'bot').length,
    cases: (
      (await (
        await fetch(`${h.svc.url}/api/whistles`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } })
      ).json()) as { items: unknown[] }
    ).items.length,
    timeline: (await getCase(h, c.id)).timeline.length,
  });

  /** Posts a message event, encrypted and signed like Lark, with the header and timestamp given. */
  const post = async (o: { header?: Record<string, string>; timestamp?: number; plain?: boolean; type?: string }) => {
    const content = JSON.stringify({ text: '@_user_1 鼓楼东大街有人占道摆摊' });
    const msg = h.emu.ws.addMessage({ chatId: CMD, sender: CADRE, senderType: 'user', msgType: 'text', content });
    const env = h.emu.sender.envelope(o.type ?? 'im.message.receive_v1', {
      sender: { sender_id: { open_id: CADRE }, sender_type: 'user' },
      message: {
        message_id: msg.id,
        chat_id: CMD,
        chat_type: 'group',
        message_type: 'text',
        content,
        mentions: [{ key: '@_user_1', id: { open_id: h.emu.botOpenId }, name: '吹哨报到' }],
      },
    });
    Object.assign(env.header, o.header);
    const json = JSON.stringify(env);
    const body = Buffer.from(o.plain ? json : JSON.stringify({ encrypt: encryptForBot(json, h.emu.encryptKey!) }));
    const ts = String(Math.floor((o.timestamp ?? Date.now()) / 1000));
    const nonce = randomBytes(8).toString('hex');
    const res = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signForBot(ts, nonce, h.emu.encryptKey!, body),
      },
    });
    return { status: res.status, body, ts, nonce, env };
  };

  const refusedWith401 = [
    ['a stale request (signed three hours ago)', { timestamp: Date.now() - 3 * 3600_000 }, 'stale timestamp'],
    ['a wrong verification token', { header: { token: 'not-the-token' } }, 'wrong verification token'],
    ['a wrong app id', { header: { app_id: 'cli_someone_else' } }, 'wrong app id'],
    ['a plain body while encryption is on', { plain: true }, 'plaintext body while encryption is on'],
  ] as const;
  for (const [what, opts, logged] of refusedWith401) {
    it(`refuses ${what} with 401`, async () => {
      const before = await snapshot();
      const r = await post(opts);
      expect(r.status).toBe(401);
      await sleep(300);
      expect(await snapshot()).toEqual(before);
      expect(h.logs.some((l) => l.includes(logged))).toBe(true);
    });
  }

  it('acknowledges a replayed request once: the same bytes again make no second draft', async () => {
    const first = await post({});
    expect(first.status).toBe(200);
    const id = (first.env.event as { message: { message_id: string } }).message.message_id;
    await waitFor(() => h.botCards(CMD).some((m) => m.parentId === id), 'the draft');
    const replay = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      body: first.body,
      headers: {
        'content-type': 'application/json',
        'x-lark-request-timestamp': first.ts,
        'x-lark-request-nonce': first.nonce,
        'x-lark-signature': signForBot(first.ts, first.nonce, h.emu.encryptKey!, first.body),
      },
    });
    expect(replay.status).toBe(200);
    await sleep(800);
    expect(h.botCards(CMD).filter((m) => m.parentId === id)).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('duplicate event ignored') && l.includes(`msg:${id}`))).toBe(true);
  });

  it('one case and one draft when Lark delivers a message three times on its retry schedule', async () => {
    const { messageId, envelope } = await h.emu.say({ chatId: CMD, from: CADRE, text: '地安门外大街有人私装地锁' });
    const env = envelope as Parameters<typeof h.emu.sender.deliverEvent>[0];
    // Lark re-pushes after 15 s and 5 min (×0.001 here) when it thinks the ack was lost.
    for (const delay of [LARK_RETRY_SCHEDULE_MS[0]!, LARK_RETRY_SCHEDULE_MS[1]!]) {
      await sleep(delay * 0.001);
      expect(await h.emu.sender.deliverEvent(env)).toBe(200);
    }
    const draft = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'the draft');
    await sleep(800);
    expect(h.botCards(CMD).filter((m) => m.parentId === messageId)).toHaveLength(1);
    const caseId = String(button(h.card(draft.id), 'confirm').whistle);
    expect((await getCase(h, caseId)).status).toBe('draft');
    // And a card callback delivered again is answered "already handled" without a second change.
    const value = button(h.card(draft.id), 'confirm');
    const env2 = h.emu.sender.envelope('card.action.trigger', {
      operator: { open_id: CADRE },
      token: h.emu.api.issueCardToken(draft.id),
      action: { value, tag: 'button' },
      context: { open_message_id: draft.id, open_chat_id: CMD },
    });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await h.emu.sender.post('/lark/cards', env2));
    expect(answers.map((a) => (a.body as { toast?: { type: string } }).toast?.type)).toEqual([
      'success',
      'info',
      'info',
    ]);
    const after = await getCase(h, caseId);
    expect(after.timeline.filter((t) => t.action === 'confirm')).toHaveLength(1);
  });

  it('acknowledges an unknown event type with 200, logs it and does nothing', async () => {
    const before = await snapshot();
    const r = await post({ type: 'contact.user.updated_v3' });
    expect(r.status).toBe(200);
    await waitFor(() => h.logs.some((l) => l.includes('event type not handled')), 'logged');
    expect(await snapshot()).toEqual(before);
  });

  const forged: [string, () => unknown, RegExp][] = [
    ['an unknown case', () => ({ v: 1, action: 'arrive', whistle: randomUUID(), dept: 'chengguan' }), /找不到/],
    [
      'a case id that is not an id',
      () => ({ v: 1, action: 'arrive', whistle: "x' or 1=1 --", dept: 'chengguan' }),
      /找不到/,
    ],
    ['a department not on the case', () => ({ v: 1, action: 'arrive', whistle: c.id, dept: 'wenlv' }), /不在此案件/],
    ['another department', () => ({ v: 1, action: 'arrive', whistle: c.id, dept: 'jiaotong' }), /./],
    ['an old card version', () => ({ v: 0, action: 'arrive', whistle: c.id, dept: 'chengguan' }), /卡片已过期/],
    ['an unknown action', () => ({ v: 1, action: 'delete_all', whistle: c.id }), /卡片已过期/],
    ['a value that is not an object', () => 'arrive', /卡片已过期/],
  ];
  for (const [what, value, says] of forged) {
    it(`answers a forged card value (${what}) with an error toast and changes nothing`, async () => {
      const before = await snapshot();
      const r = await h.emu.click({ messageId: cgCard, from: 'ou_cg_1', value: value() });
      expect(r.status).toBe(200);
      expect(r.body?.toast?.type).toBe('error');
      expect(r.body?.toast?.content).toMatch(says);
      expect(r.body?.toast?.i18n?.en_us).toBeTruthy();
      await sleep(200);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('shows 30 KB of case text literally on a valid card, clipped, with the whole text kept', async () => {
    // A long complaint about something that is no emergency, so that it stays a draft for the cadre.
    const long = `<at id=all></at> [官方通知](https://evil.example) 安定门外大街积水严重。${'路边垃圾成堆，'.repeat(1500)}`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(30_000);
    const { draftId, caseId } = await reportCase(h, long);
    const card = h.card(draftId);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(30 * 1024);
    const text = cardText(card);
    expect(text).toContain('安定门外大街积水严重');
    // Lark reads mentions and links only in markdown; there the text never appears raw.
    const markdown = JSON.stringify(card, (_k, v) => (v?.tag === 'plain_text' ? undefined : v));
    expect(markdown).not.toMatch(/<at id=all/);
    expect(markdown).not.toMatch(/\]\(https:\/\/evil/);
    expect((await getCase(h, caseId)).text.length).toBeGreaterThan(10_000);
  });
});
