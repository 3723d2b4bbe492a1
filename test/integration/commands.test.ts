import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, getCase, type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';

describe('drafts, commands and tiers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const reply = (messageId: string, chat = CMD) =>
    waitFor(() => h.botCards(chat).find((m) => m.parentId === messageId), 'reply');

  it('asks for a category when it cannot tell, and the edit form fixes the draft', async () => {
    const { messageId } = await h.emu.say({ chatId: CMD, from: 'ou_cadre_1', text: '这个事情需要大家一起商量一下' });
    const draft = await reply(messageId);
    expect(cardText(h.card(draft.id))).toContain('请在下方选择类别');
    const noLead = await h.emu.click({
      messageId: draft.id,
      from: 'ou_cadre_1',
      value: button(h.card(draft.id), 'confirm'),
    });
    expect(noLead.body?.toast?.type).toBe('error');
    const edited = await h.emu.click({
      messageId: draft.id,
      from: 'ou_cadre_2',
      value: button(h.card(draft.id), 'edit'),
      form: { category: 'noise', kind: 'joint', deadline: '两小时内' },
    });
    expect(edited.body?.toast?.type).toBe('success');
    const text = cardText(h.card(draft.id));
    expect(text).toContain('噪音扰民');
    expect(text).toContain('公安派出所');
    expect(text).toContain('联合联动哨');
    const ok = await h.emu.click({
      messageId: draft.id,
      from: 'ou_cadre_1',
      value: button(h.card(draft.id), 'confirm'),
    });
    expect(ok.body?.toast?.type).toBe('success');
  });

  it('查询 answers with the status card and the timeline; 我的待办 tells a contact what to do, with its button', async () => {
    const { messageId } = await h.emu.say({
      chatId: CMD,
      from: 'ou_cadre_1',
      text: '工体东路一家早餐店后厨卫生很差，有顾客吃了拉肚子',
    });
    const draft = await reply(messageId);
    await h.emu.click({ messageId: draft.id, from: 'ou_cadre_1', value: button(h.card(draft.id), 'confirm') });
    const number = /SLT-\d{8}-\d{3}/.exec(cardText(h.card(draft.id)))![0];

    const q = await h.emu.say({ chatId: CMD, from: 'ou_leader_2', text: `查詢 ${number}` });
    const status = await reply(q.messageId);
    expect(cardText(h.card(status.id))).toContain(number);
    expect(JSON.stringify(h.card(status.id))).toContain('时间线 Timeline');

    await h.emu.say({ chatId: 'oc_p2p_sy_1', from: 'ou_sy_1', text: '我的待办', mentionBot: false });
    const todo = await waitFor(
      () => h.botCards('oc_p2p_sy_1').find((m) => cardText(JSON.parse(m.content)).includes('我的待办')),
      'todo',
    );
    expect(cardText(h.card(todo.id))).toContain(`${number} · 食品药品监管所：请报到`);
    const arrive = await h.emu.click({ messageId: todo.id, from: 'ou_sy_1', value: button(h.card(todo.id), 'arrive') });
    expect(arrive.body?.toast?.type).toBe('success');

    const unknown = await h.emu.say({ chatId: CMD, from: 'ou_cadre_1', text: 'status SLT-20200101-999' });
    expect(cardText(h.card((await reply(unknown.messageId)).id))).toContain('无法查询');
  });

  it('a community whistles the street sections it may summon (社区吹哨·科室报到)', async () => {
    const { messageId } = await h.emu.say({
      chatId: 'oc_comm_nongguangli',
      from: 'ou_comm_1',
      text: '农光里社区门口的小广告贴满了电线杆，请平安办一起来看',
    });
    const draft = await reply(messageId, 'oc_comm_nongguangli');
    expect(cardText(h.card(draft.id))).toContain('农光里社区');
    const ok = await h.emu.click({
      messageId: draft.id,
      from: 'ou_comm_1',
      value: button(h.card(draft.id), 'confirm'),
    });
    expect(ok.body?.toast?.type).toBe('success');
    await waitFor(() => h.botCards('oc_sect_pingan').some((m) => m.content.includes('"arrive"')), 'summons to 平安办');
    // The community's cadre is not a cadre of the street's own command chat.
    const street = await h.emu.say({ chatId: CMD, from: 'ou_cadre_1', text: '新东路有人在路边焚烧垃圾，烟很大' });
    const d2 = await reply(street.messageId);
    const refused = await h.emu.click({ messageId: d2.id, from: 'ou_comm_1', value: button(h.card(d2.id), 'confirm') });
    expect(refused.body?.toast?.type).toBe('error');
  });
});

describe('POST /api/whistles', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  const post = (body: unknown) =>
    fetch(`${h.svc.url}/api/whistles`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a 12345 case is a draft for the street to 研判, one case per reference; confirmed, it is whistled', async () => {
    const first = await post({ text: '市民反映三里屯路酒吧街凌晨还在放大音乐', source: '12345', ref: '20261123-0001' });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; number: string | null; status: string };
    expect(created.status).toBe('draft');
    expect(created.number).toBeNull();
    const draft = await waitFor(
      () => h.botCards(CMD).find((m) => m.content.includes(`"whistle":"${created.id}"`)),
      'the draft in the command chat',
    );
    expect(h.botCards('oc_dept_gongan')).toHaveLength(0);
    const ok = await h.emu.click({
      messageId: draft.id,
      from: 'ou_cadre_1',
      value: button(h.card(draft.id), 'confirm'),
    });
    expect(ok.body?.toast?.type).toBe('success');
    const body = await getCase(h, created.id);
    expect(body.number).toMatch(/^SLT-\d{8}-\d{3}$/);
    expect(body.status).toBe('whistled');
    await waitFor(
      () => h.botCards('oc_dept_gongan').some((m) => m.content.includes(body.number!)),
      'summons from the API',
    );
    await waitFor(
      () => h.botCards(CMD).some((m) => m.content.includes(body.number!)),
      'status card in the command chat',
    );
    const again = await post({ text: '重复推送', source: '12345', ref: '20261123-0001' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(body.id);
    const auth = { headers: { authorization: 'Bearer test-admin-token-0123456789' } };
    const csv = await (await fetch(`${h.svc.url}/api/export/whistles.csv`, auth)).text();
    expect(csv).toContain('number,status,level,kind,category');
    expect(csv).toContain(`${body.number},whistled,whistle,assemble,noise`);
    const geo = (await (await fetch(`${h.svc.url}/api/export/whistles.json`, auth)).json()) as Record<
      string,
      unknown
    >[];
    expect(geo.find((g) => g.service_request_id === body.number)).toMatchObject({
      status: 'open',
      service_code: 'noise',
      agency_responsible: '公安派出所',
    });
    const list = await fetch(`${h.svc.url}/api/whistles?status=whistled`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('refuses a malformed body with 400 and leaves an unplaceable case as a draft for the street', async () => {
    expect((await post({ source: '12345' })).status).toBe(400);
    expect((await post({ text: 'x', category: 'nope' })).status).toBe(400);
    const r = await post({ text: '这个事情需要大家一起商量一下', source: 'grid', ref: 'g-1' });
    expect(r.status).toBe(201);
    expect(((await r.json()) as { status: string; number: string | null }).number).toBeNull();
  });
});
