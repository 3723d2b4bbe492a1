import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  button,
  cardText,
  getCase,
  type Harness,
  reportCase,
  startHarness,
  tap,
  whistleCase,
} from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CADRE = 'ou_cadre_1';
const AUTH = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };
const YEAR_MS = 365 * 86_400_000;

describe('numbers out of range, repeated clicks, nudges, blank messages and stored secrets', () => {
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
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a forged extension of "1.1", negative or huge hours is an error toast; whole hours are taken', async () => {
    for (const hours of ['1.1', '-5', '0', '99999', '1e3', 'abc', '24.0']) {
      const r = await tap(h, cgCard, 'ou_cg_1', 'extend', { reason: '材料未到', hours });
      expect(r.status, hours).toBe(200);
      expect(r.body?.toast?.type, hours).toBe('error');
      expect(r.body?.toast?.i18n?.zh_cn).toContain('整数小时');
    }
    expect((await getCase(h, c.id)).requests).toHaveLength(0);
    const ok = await tap(h, cgCard, 'ou_cg_1', 'extend', { reason: '材料未到', hours: '24' });
    expect(ok.body?.toast?.type).toBe('success');
    expect((await getCase(h, c.id)).requests).toHaveLength(1);
  });

  it('a text deadline of 9999-12-31 or 明天上午25点 is not taken, and the draft says so', async () => {
    for (const [text, says] of [
      ['工体北路有商户占道经营，请于9999-12-31前处理', '超过一年'],
      ['三里屯路有人私装地锁，明天上午25点前到场', '25点'],
    ] as const) {
      const d = await reportCase(h, text);
      const card = cardText(h.card(d.draftId));
      expect(card).toContain('未采用');
      expect(card).toContain(says);
      await h.emu.click({ messageId: d.draftId, from: CADRE, value: button(h.card(d.draftId), 'confirm') });
      const lead = (await getCase(h, d.caseId)).departments.find((x) => x.role === 'lead')!;
      expect(Date.parse(lead.resolveBy!) - h.clock.now()).toBeLessThanOrEqual(7 * 86_400_000);
    }
  });

  it('the edit form refuses a deadline more than a year away or at an impossible hour', async () => {
    const d = await reportCase(h, '工体西路有人占道经营');
    // The draft shows 修改; its first tap brings the edit form (forms live only at the card's root).
    await h.emu.click({ messageId: d.draftId, from: CADRE, value: button(h.card(d.draftId), 'edit') });
    for (const deadline of ['9999-12-31', '明天上午25点']) {
      const r = await h.emu.click({
        messageId: d.draftId,
        from: CADRE,
        value: button(h.card(d.draftId), 'edit'),
        form: { deadline },
      });
      expect(r.body?.toast?.type, deadline).toBe('error');
    }
  });

  it('POST /api/whistles: a 9999 deadline in the text does not become the case deadline', async () => {
    const res = await fetch(`${h.svc.url}/api/whistles`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({
        text: '市民反映三里屯路酒吧凌晨放大音乐，要求9999年12月31日前处理',
        source: '12345',
        ref: 'r-9999',
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    // A hotline case waits as a draft for the street's 研判; the cadre dispatches it.
    const draft = await waitFor(
      () => h.botCards(CMD).find((m) => m.content.includes(id) && m.content.includes('"confirm"')),
      'the draft for 研判',
    );
    const ok = await h.emu.click({
      messageId: draft.id,
      from: CADRE,
      value: button(h.card(draft.id), 'confirm'),
      form: { level: 'dispatch' },
    });
    expect(ok.body?.toast?.type).toBe('success');
    const lead = (await getCase(h, id)).departments.find((x) => x.role === 'lead')!;
    expect(Date.parse(lead.resolveBy!) - h.clock.now()).toBeLessThan(YEAR_MS);
  });

  it('a message of only invisible characters is not a case, by chat or API', async () => {
    const before = (await (await fetch(`${h.svc.url}/api/whistles?limit=500`, { headers: AUTH })).json()) as {
      items: unknown[];
    };
    const { messageId } = await h.emu.say({ chatId: CMD, from: CADRE, text: '\u200b\u200d\u3000\ufeff \u2060' });
    const reply = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'reply');
    expect(cardText(h.card(reply.id))).toContain('使用说明');
    const api = await fetch(`${h.svc.url}/api/whistles`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ text: '\u200b\u200b\u3000', source: 'grid' }),
    });
    expect(api.status).toBe(400);
    const after = (await (await fetch(`${h.svc.url}/api/whistles?limit=500`, { headers: AUTH })).json()) as {
      items: unknown[];
    };
    expect(after.items.length).toBe(before.items.length);
  });

  it('the same click under a new event id (one Lark c- token) is one action', async () => {
    const fresh = await whistleCase(h, '东大桥路有商户占道经营，堆放杂物');
    const summons = await waitFor(
      () =>
        h.botCards('oc_dept_chengguan').find((m) => m.content.includes(fresh.number) && m.content.includes('"arrive"')),
      'summons',
    );
    const event = {
      operator: { open_id: 'ou_cg_1', union_id: 'on_ou_cg_1', tenant_key: 'tenant_emulated' },
      token: h.emu.api.issueCardToken(summons.id),
      action: { value: button(h.card(summons.id), 'progress'), tag: 'button', form_value: { note: '已到现场清理' } },
      host: 'im_message',
      context: { open_message_id: summons.id, open_chat_id: 'oc_dept_chengguan' },
    };
    // Lark re-sends a callback it got no answer to; a proxy may re-wrap it under a new event id.
    const first = await h.emu.sender.post('/lark/cards', h.emu.sender.envelope('card.action.trigger', event));
    const again = await h.emu.sender.post('/lark/cards', h.emu.sender.envelope('card.action.trigger', event));
    expect((first.body as { toast: { type: string } }).toast.type).toBe('success');
    expect((again.body as { toast: { type: string } }).toast.type).toBe('info');
    const reports = (await getCase(h, fresh.id)).timeline.filter((t) => t.action === 'progress');
    expect(reports).toHaveLength(1);
    // A new click (a new token) on the same button is a new report.
    const next = await tap(h, summons.id, 'ou_cg_1', 'progress', { note: '已清理完一半' });
    expect(next.body?.toast?.type).toBe('success');
    expect((await getCase(h, fresh.id)).timeline.filter((t) => t.action === 'progress')).toHaveLength(2);
  });

  it('nudges are limited per case and department: a second within 10 minutes is refused saying when', async () => {
    const n = await whistleCase(h, '幸福村路有人占道经营摆摊');
    await waitFor(() => h.botCards('oc_dept_chengguan').some((m) => m.content.includes(n.number)), 'summons');
    const nudgesTo = (chat: string) =>
      h.emu.ws.messagesIn(chat).filter((m) => m.content.includes('催办') && m.content.includes(n.number)).length;
    const first = await tap(h, n.statusId, CADRE, 'nudge');
    expect(first.body?.toast?.type).toBe('success');
    await waitFor(() => nudgesTo('oc_p2p_cg_1') === 1, 'the first nudge');
    for (let i = 0; i < 5; i++) {
      const r = await tap(h, n.statusId, CADRE, 'nudge');
      expect(r.body?.toast?.type).toBe('error');
      expect(r.body?.toast?.i18n?.zh_cn).toMatch(/\d{2}:\d{2} 后可再次催办/);
    }
    await sleep(1_000);
    expect(nudgesTo('oc_p2p_cg_1')).toBe(1);
    h.clock.advance(10 * 60_000 + 1_000);
    expect((await tap(h, n.statusId, CADRE, 'nudge')).body?.toast?.type).toBe('success');
    await waitFor(() => nudgesTo('oc_p2p_cg_1') === 2, 'a nudge after ten minutes');
  });

  it('the verification token is kept in neither the stored events nor the queue', async () => {
    const token = h.emu.appEnv().LARK_VERIFICATION_TOKEN;
    expect(token.length).toBeGreaterThan(8);
    const rows = await h.svc.deps.db.selectFrom('inbox').select(['key', 'payload']).execute();
    expect(rows.some((r) => r.key.startsWith('msg:'))).toBe(true);
    for (const r of rows) expect(JSON.stringify(r.payload)).not.toContain(token);
    const redis = new Redis(h.redisUrl);
    try {
      for (const key of await redis.keys('*')) {
        const type = await redis.type(key);
        const value =
          type === 'hash'
            ? JSON.stringify(await redis.hgetall(key))
            : type === 'string'
              ? String(await redis.get(key))
              : type === 'list'
                ? JSON.stringify(await redis.lrange(key, 0, -1))
                : '';
        expect(value, key).not.toContain(token);
      }
    } finally {
      redis.disconnect();
    }
  });
});
