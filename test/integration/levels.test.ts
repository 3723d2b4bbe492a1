import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, getCase, type Harness, reportCase, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CADRE = 'ou_cadre_1';
const ADMIN = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };

/** A person taps the card's own button for an action, with its form's fields. */
const tap = (h: Harness, messageId: string, from: string, action: string, form?: Record<string, unknown>) =>
  h.emu.click({ messageId, from, value: button(h.card(messageId), action), form });

const summonsIn = (h: Harness, chat: string, caseId: string) =>
  h.botCards(chat).filter((m) => m.content.includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"'));

const post = (h: Harness, path: string, body: unknown) =>
  fetch(`${h.svc.url}${path}`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });

describe('三级过滤: grid, dispatch, whistle, raise', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the draft proposes a level; a whistle needs a reason; an unknown level is refused', async () => {
    const { draftId, caseId } = await reportCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    // Three departments are proposed: the draft proposes a whistle.
    expect((await getCase(h, caseId)).level).toBe('whistle');
    const noReason = await tap(h, draftId, CADRE, 'confirm', { level: 'whistle' });
    expect(noReason.body?.toast?.type).toBe('error');
    expect(noReason.body?.toast?.content).toContain('理由');
    const bad = await tap(h, draftId, CADRE, 'confirm', { level: 'district' });
    expect(bad.body?.toast?.type).toBe('error');
    expect((await getCase(h, caseId)).status).toBe('draft');
    const ok = await tap(h, draftId, CADRE, 'confirm', { level: 'whistle', reason: '多部门' });
    expect(ok.body?.toast?.type).toBe('success');
    const c = await getCase(h, caseId);
    expect(c.level).toBe('whistle');
    expect(c.levelReason).toBe('多部门');
    expect(c.departments).toHaveLength(3);
  });

  it('grid: nobody is summoned; the street closes it with a result note; raise makes it a dispatch', async () => {
    const { draftId, caseId } = await reportCase(h, '幸福村中街12号楼门口有人私装地锁');
    const ok = await tap(h, draftId, CADRE, 'confirm', { level: 'grid' });
    expect(ok.body?.toast?.type).toBe('success');
    const c = await getCase(h, caseId);
    expect(c).toMatchObject({ status: 'whistled', level: 'grid', departments: [] });
    expect(c.number).toMatch(/^SLT-/);
    // The status card says it is the grid's, and the street may close it itself.
    expect(cardText(h.card(draftId))).toContain('网格自办');
    expect(JSON.stringify(h.card(draftId))).toContain('"action":"accept"');
    await new Promise((r) => setTimeout(r, 500));
    for (const d of h.roster.departments) expect(summonsIn(h, d.chat, caseId)).toHaveLength(0);

    // Closed by the street: a result is required.
    const noNote = await tap(h, draftId, CADRE, 'accept', {});
    expect(noNote.body?.toast?.type).toBe('error');
    expect((await getCase(h, caseId)).status).toBe('whistled');

    // Raised instead: the lead the draft proposed is dispatched, alone; the history stays.
    const raised = await tap(h, draftId, CADRE, 'raise', {});
    expect(raised.body?.toast?.type).toBe('success');
    const r = await getCase(h, caseId);
    expect(r.level).toBe('dispatch');
    expect(r.departments.map((d) => `${d.id}:${d.role}:${d.status}`)).toEqual(['chengguan:lead:summoned']);
    expect(r.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['confirm', 'level', 'raise', 'summon']));
    await waitFor(() => summonsIn(h, 'oc_dept_chengguan', caseId).length === 1, 'the lead is summoned');
  });

  it('grid closed by accept with its result', async () => {
    const { draftId, caseId } = await reportCase(h, '三里屯路19号楼道里堆放杂物');
    await tap(h, draftId, CADRE, 'confirm', { level: 'grid' });
    const done = await tap(h, draftId, CADRE, 'accept', { accept_reason: '网格员已联系物业清理完毕' });
    expect(done.body?.toast?.type).toBe('success');
    const c = await getCase(h, caseId);
    expect(c).toMatchObject({ status: 'accepted', level: 'grid', result: '网格员已联系物业清理完毕' });
  });

  it('dispatch summons the lead only (一家主责); raise adds the assisting departments', async () => {
    const { draftId, caseId } = await reportCase(h, '工体北路8号院有人在院内加盖二层，需要认定是否违建');
    const ok = await tap(h, draftId, CADRE, 'confirm', { level: 'dispatch' });
    expect(ok.body?.toast?.type).toBe('success');
    const c = await getCase(h, caseId);
    expect(c.level).toBe('dispatch');
    expect(c.departments.map((d) => d.id)).toEqual(['chengguan']);
    const cg = await waitFor(() => summonsIn(h, 'oc_dept_chengguan', caseId)[0], 'lead summons');
    expect(summonsIn(h, 'oc_dept_guihua', caseId)).toHaveLength(0);
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });

    const raiseButton = button(h.card(draftId), 'raise');
    const raised = await tap(h, draftId, CADRE, 'raise', { reason: '有争议' });
    expect(raised.body?.toast?.type).toBe('success');
    const w = await getCase(h, caseId);
    expect(w.level).toBe('whistle');
    expect(w.levelReason).toBe('有争议');
    expect(w.departments.map((d) => `${d.id}:${d.role}`).sort()).toEqual(
      ['chengguan:lead', 'guihua:assist', 'zhujian:assist'].sort(),
    );
    // The lead's arrival is kept; the new ones are summoned.
    expect(w.departments.find((d) => d.id === 'chengguan')!.status).toBe('arrived');
    await waitFor(() => summonsIn(h, 'oc_dept_guihua', caseId).length === 1, 'guihua summoned by the raise');
    // A whistle cannot go higher: the card no longer offers it, and a stale tap changes nothing.
    // The card is patched through the outbound lane after the click's answer: wait for Lark's copy.
    await waitFor(() => !JSON.stringify(h.card(draftId)).includes('"action":"raise"'), 'raise gone from the card');
    const again = await h.emu.click({ messageId: draftId, from: CADRE, value: raiseButton });
    expect(again.body?.toast?.type).toBe('info');
  });

  it('a confirm without a level (an old card) whistles as before', async () => {
    const { draftId, caseId } = await reportCase(h, '南三里屯路有人在院内加盖二层，需要认定是否违建');
    const ok = await tap(h, draftId, CADRE, 'confirm');
    expect(ok.body?.toast?.type).toBe('success');
    const c = await getCase(h, caseId);
    expect(c.level).toBe('whistle');
    expect(c.departments).toHaveLength(3);
  });

  it('CSV and digests count each level apart', async () => {
    const csv = await (await fetch(`${h.svc.url}/api/export/whistles.csv`, { headers: ADMIN })).text();
    const header = csv.split('\n')[0]!.split(',');
    const li = header.indexOf('level');
    expect(li).toBeGreaterThan(0);
    const levels = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[li]);
    expect(levels.filter((l) => l === 'grid')).toHaveLength(1);
    expect(levels.filter((l) => l === 'dispatch')).toHaveLength(1);
    expect(levels.filter((l) => l === 'whistle')).toHaveLength(3);
    const { dailyDigest } = await import('../../src/digest/digest.js');
    const card = await dailyDigest(h.svc.deps.db, h.roster, h.clock.now());
    expect(cardText(card)).toContain('网格自办 1');
    expect(cardText(card)).toContain('部门派单 1');
    expect(cardText(card)).toContain('街道吹哨 3');
    // 吹哨率: three whistles among five cases.
    expect(cardText(card)).toContain('吹哨率 60%');
  });
});

describe('residents and the 回访', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('masks the resident, records the call-back, and 不满意 reopens the case', async () => {
    const created = await post(h, '/api/whistles', {
      text: '市民反映工体北路4号院门口有人私装地锁占车位',
      source: '12345',
      ref: 'GD-2026-0001',
      resident: { name: '张三', phone: '13812345678' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const c = await getCase(h, id);
    expect(c.status).toBe('draft');
    expect(c.resident).toEqual({ name: '张*', phone: '138****5678' });
    expect(c.sourceRef).toBe('GD-2026-0001');
    expect(JSON.stringify(c)).not.toContain('13812345678');

    // Before acceptance: 409; a bad result: 400.
    expect((await post(h, `/api/whistles/${id}/feedback`, { result: 'satisfied' })).status).toBe(409);
    expect((await post(h, `/api/whistles/${id}/feedback`, { result: 'great' })).status).toBe(400);

    const draft = await waitFor(
      () => h.botCards('oc_street_cmd').find((m) => m.content.includes(`"whistle":"${id}"`)),
      'the draft',
    );
    await tap(h, draft.id, CADRE, 'confirm', { level: 'dispatch' });
    const seen = new Set<string>();
    const finish = async (round: number) => {
      // Each summons is a new card; a finished card keeps no buttons.
      const cg = await waitFor(
        () => summonsIn(h, 'oc_dept_chengguan', id).find((m) => !seen.has(m.id)),
        `summons ${round + 1}`,
      );
      seen.add(cg.id);
      await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
      await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'done') });
      await waitFor(async () => (await getCase(h, id)).status === 'resolved', 'resolved');
      await waitFor(() => JSON.stringify(h.card(draft.id)).includes('"action":"accept"'), 'accept on the card');
      await tap(h, draft.id, CADRE, 'accept', { accept_reason: '已拆除地锁' });
    };
    await finish(0);

    const unhappy = await post(h, `/api/whistles/${id}/feedback`, { result: 'unsatisfied', note: '地锁又装回去了' });
    expect(unhappy.status).toBe(200);
    const reopened = (await unhappy.json()) as Awaited<ReturnType<typeof getCase>>;
    expect(reopened.status).toBe('reopened');
    expect(reopened.feedback).toMatchObject({ result: 'unsatisfied', note: '地锁又装回去了' });
    expect(reopened.departments[0]!.status).toBe('summoned');
    // Like a send-back, the department is summoned again with a new card.
    await finish(1);

    // The cadre who called the resident back records it on the status card.
    await waitFor(() => JSON.stringify(h.card(draft.id)).includes('"action":"feedback"'), 'feedback on the card');
    const ok = await tap(h, draft.id, CADRE, 'feedback', { result: 'basically_satisfied', feedback_note: '已回访' });
    expect(ok.body?.toast?.type).toBe('success');
    const closed = await getCase(h, id);
    expect(closed.status).toBe('accepted');
    expect(closed.feedback).toMatchObject({ result: 'basically_satisfied', note: '已回访' });
    expect((await post(h, `/api/whistles/${id}/feedback`, { result: 'satisfied' })).status).toBe(409);

    // The phone number never reaches a card.
    for (const m of h.emu.ws.messages.values()) expect(m.content).not.toContain('13812345678');

    // A cadre asking in a direct message reads it whole, as plain text, to call the resident back; a department
    // contact asking the same does not.
    const number = closed.number!;
    for (const who of [CADRE, 'ou_cg_1']) {
      const chat = h.emu.ws.p2pChat(who).id;
      await h.emu.say({ chatId: chat, from: who, text: `查询 ${number}`, mentionBot: false });
      await waitFor(() => h.botCards(chat).length > 0, `the status card for ${who}`);
    }
    const botText = (who: string) =>
      h.emu.ws.messagesIn(h.emu.ws.p2pChat(who).id).find((m) => m.msgType === 'text' && m.senderType === 'bot');
    const line = await waitFor(() => botText(CADRE), 'the resident line');
    expect(line.content).toContain('张三 13812345678');
    await new Promise((r) => setTimeout(r, 500));
    for (const m of h.emu.ws.messagesIn(h.emu.ws.p2pChat('ou_cg_1').id)) expect(m.content).not.toContain('13812345678');
  });

  it('满意率 counts residents; the street rating is 街道评价; an unrated department is 未评', async () => {
    const { periodDigest } = await import('../../src/digest/digest.js');
    const nextMonth = h.clock.now() + 32 * 86_400_000;
    const text = cardText(await periodDigest(h.svc.deps.db, h.roster, 'monthly', nextMonth));
    // One answered call-back after the reopening: basically satisfied → 100 %; nobody rated the department.
    expect(text).toContain('满意率 **100.0%**');
    expect(text).toContain('街道评价 未评');
  });
});

// Its own service: the raise here would change the level counts the block above reads.
describe('cards Lark shows when Lark is slow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a slow refresh of the status card never leaves an older card over a newer click', async () => {
    const { draftId, caseId } = await reportCase(h, '工体北路12号院有人在院内加盖二层，需要认定是否违建');
    await tap(h, draftId, CADRE, 'confirm', { level: 'dispatch' });
    const cg = await waitFor(() => summonsIn(h, 'oc_dept_chengguan', caseId)[0], 'lead summons');
    // Lark is slow to apply the next patch: the status card's refresh after the arrival lands after the raise.
    h.emu.fail({ op: 'message.patch', status: 200, code: 0, times: 1, delayMs: 600 });
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
    await new Promise((r) => setTimeout(r, 150));
    expect((await tap(h, draftId, CADRE, 'raise', { reason: '有争议' })).body?.toast?.type).toBe('success');
    await waitFor(() => h.emu.api.faults.length === 0, 'the slow patch was taken');
    await new Promise((r) => setTimeout(r, 1_500));
    // The card Lark shows last is the whistle, with the lead's arrival: no 升级 left on it.
    const shown = JSON.stringify(h.card(draftId));
    expect(shown).not.toContain('"action":"raise"');
    expect(shown).toContain('已报到');
  });

  it('a change made while a summons is still on its way reaches that summons card', async () => {
    const { draftId, caseId } = await reportCase(h, '工体北路16号院有人在院内加盖二层，需要认定是否违建');
    // Lark is slow to create messages for a while: the summons is posted after the street assigns its task.
    h.emu.fail({ op: 'message.create', status: 200, code: 0, until: Date.now() + 1_000, delayMs: 800 });
    await tap(h, draftId, CADRE, 'confirm', { level: 'dispatch' });
    const task = await tap(h, draftId, CADRE, 'set_task', { dept: 'chengguan', note: '核实加盖面积并拍照取证' });
    expect(task.body?.toast?.type).toBe('success');
    const cg = await waitFor(() => summonsIn(h, 'oc_dept_chengguan', caseId)[0], 'lead summons');
    await waitFor(() => cardText(h.card(cg.id)).includes('核实加盖面积并拍照取证'), 'the task on the summons card');
  });
});
