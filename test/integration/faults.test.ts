import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';

describe('Lark failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a department chat the bot was removed from: the street is told, the case records it', async () => {
    await h.emu.removeBot('oc_dept_guihua');
    const { messageId } = await h.emu.say({
      chatId: CMD,
      from: 'ou_cadre_1',
      text: '银锭桥三角地堆物堆料，还有商户开墙打洞做生意，请城管和规划一起来看',
    });
    const draft = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'draft');
    await h.emu.click({ messageId: draft.id, from: 'ou_cadre_1', value: button(h.card(draft.id), 'confirm') });
    const caseId = String(button(h.card(draft.id), 'nudge').whistle);
    await waitFor(
      () => h.botCards(CMD).some((m) => cardText(JSON.parse(m.content)).includes('无法送达')),
      'the street is told',
    );
    const res = await fetch(`${h.svc.url}/api/whistles/${caseId}`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    const body = (await res.json()) as { timeline: { action: string; dept: string; note: string }[] };
    expect(body.timeline.find((t) => t.action === 'delivery_failed')).toMatchObject({ dept: 'guihua' });
    expect(h.logs.some((l) => l.includes('lark call refused') && l.includes('230002'))).toBe(true);
    // The other department still got its card.
    expect(h.botCards('oc_dept_chengguan').some((m) => m.content.includes(caseId))).toBe(true);
  });

  it('Lark answering 5xx for a while: every card arrives afterwards, exactly once', async () => {
    h.emu.fail({ op: 'message.create', status: 500, code: 1500, times: 4 });
    h.emu.fail({ op: 'message.reply', status: 502, code: 1500, times: 2 });
    const { messageId } = await h.emu.say({
      chatId: CMD,
      from: 'ou_cadre_1',
      text: '前海北沿有黑三轮拉客宰客，游客报警',
    });
    const draft = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'draft after 5xx', 20_000);
    await h.emu.click({ messageId: draft.id, from: 'ou_cadre_1', value: button(h.card(draft.id), 'confirm') });
    const caseId = String(button(h.card(draft.id), 'nudge').whistle);
    for (const chat of ['oc_dept_jiaotong', 'oc_dept_gongan', 'oc_dept_chengguan']) {
      await waitFor(() => h.botCards(chat).some((m) => m.content.includes(caseId)), `card in ${chat}`, 20_000);
    }
    await sleep(500);
    for (const chat of ['oc_dept_jiaotong', 'oc_dept_gongan', 'oc_dept_chengguan']) {
      expect(h.botCards(chat).filter((m) => m.content.includes(caseId))).toHaveLength(1);
    }
    expect(h.botCards(CMD).filter((m) => m.parentId === messageId)).toHaveLength(1);
  });

  it('Lark answering 230020, timing out or answering too late: every card arrives once', async () => {
    h.emu.fail({ op: 'message.create', status: 400, code: 230020, times: 3 });
    h.emu.fail({ op: 'message.create', status: 0, code: 0, times: 1 }); // never answers
    h.emu.fail({ op: 'message.create', status: 200, code: 0, times: 1, delayMs: 2_500 }); // posts after the timeout
    const c = await whistleCase(h, '北新桥三条有人在楼道里堆放杂物，消防通道被堵');
    const chats = ['oc_dept_xiaofang', 'oc_dept_chengguan'];
    for (const chat of chats)
      await waitFor(() => h.botCards(chat).some((m) => m.content.includes(c.number)), `card in ${chat}`, 30_000);
    await sleep(3_000);
    for (const chat of chats) expect(h.botCards(chat).filter((m) => m.content.includes(c.number))).toHaveLength(1);
    expect(h.emu.ws.calls.some((x) => x.code === 230020)).toBe(true);
    expect(h.logs.some((l) => l.includes('lark call failed, will retry'))).toBe(true);
  }, 60_000);

  it('secrets never reach the logs', () => {
    const all = h.logs.join('');
    expect(all).not.toContain(h.emu.appSecret);
    expect(all).not.toContain(h.emu.verificationToken);
    expect(all).not.toContain(h.emu.encryptKey!);
    expect(all).not.toContain('test-admin-token-0123456789');
  });

  it('/admin (the queue dashboard) and the exports refuse without the admin token; a browser is asked for it', async () => {
    const bare = await fetch(`${h.svc.url}/admin/queues`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${h.svc.url}/api/export/whistles.csv`)).status).toBe(401);
    const basic = `Basic ${Buffer.from('ops:test-admin-token-0123456789').toString('base64')}`;
    const page = await fetch(`${h.svc.url}/admin/queues`, { headers: { authorization: basic } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const wrong = `Basic ${Buffer.from('ops:nope').toString('base64')}`;
    expect((await fetch(`${h.svc.url}/admin/queues`, { headers: { authorization: wrong } })).status).toBe(401);
  });

  it('/api refuses without the admin token', async () => {
    expect((await fetch(`${h.svc.url}/api/whistles`)).status).toBe(401);
    expect((await fetch(`${h.svc.url}/api/whistles`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect(
      (await fetch(`${h.svc.url}/api/whistles`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } }))
        .status,
    ).toBe(200);
  });
});
