import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/cards/escape.js';
import { periodDigest } from '../../src/digest/digest.js';
import { sendEvaluation } from '../../src/evaluation/evaluation-jobs.js';
import { button, cardText, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };
const DAY = 86_400_000;
const CMD = 'oc_street_cmd';

/** The latest bot card in a chat whose text contains `needle`. */
const cardWith = (h: Harness, chat: string, needle: string) =>
  waitFor(
    () =>
      h
        .botCards(chat)
        .filter((m) => cardText(JSON.parse(m.content)).includes(needle))
        .at(-1),
    `${needle} in ${chat}`,
  );
const summonsFor = (h: Harness, chat: string, caseId: string) =>
  waitFor(
    () => h.botCards(chat).find((m) => m.content.includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"')),
    `summons in ${chat}`,
  );
const api = async (h: Harness, path: string) => {
  const res = await fetch(`${h.svc.url}${path}`, { headers: ADMIN });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

/**
 * 监督管理哨 and 首问协查 end to end: 交通 returns its part of a case without going on site (refused until it says
 * why), the street approves the transfer to 公安, 公安 never finishes; a week later the street's evaluation reaches
 * each department (its own row and rank) and the leaders and district (the whole table, 督办 items), 交通's
 * approved transfer counts as resolved, 公安 objects to a figure and the street decides.
 */
describe('the street evaluates its departments (监督管理哨)', () => {
  let h: Harness;
  let caseId: string;
  let number: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a transfer needs an on-site check or a stated reason, leaves a 移交单, and the time limit runs from it', async () => {
    const c = await whistleCase(h, '东四六条胡同里有人私装地锁占车位'); // 城管 lead, 交通 assist; 1 h / 48 h
    caseId = c.id;
    number = c.number;
    const cg = await summonsFor(h, 'oc_dept_chengguan', caseId);
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
    // 事不完人不走: an attempt to leave before the part is done is refused; 城管 stays (not a departure).
    const leave = await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'leave') });
    expect(leave.body?.toast?.content).toContain('事不完，人不走');
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'done') });

    const jt = await summonsFor(h, 'oc_dept_jiaotong', caseId);
    // The summons card asks why, before 报到, beside the reason and the basis.
    expect(JSON.stringify(h.card(jt.id))).toContain('"offsite_reason"');
    const form = {
      dept: 'gongan',
      transfer_reason: '地锁占用公共道路，属治安管理',
      basis: '《治安管理处罚法》第二十三条',
    };
    const refused = await h.emu.click({
      messageId: jt.id,
      from: 'ou_jt_1',
      value: button(h.card(jt.id), 'transfer'),
      form,
    });
    // offsite_reason is a required field before 报到: the Lark client does not even call back.
    expect(refused.error).toMatch(/required field offsite_reason/);
    expect((await getCase(h, caseId)).timeline.some((t) => t.action === 'transfer_request')).toBe(false);

    const asked = await h.emu.click({
      messageId: jt.id,
      from: 'ou_jt_1',
      value: button(h.card(jt.id), 'transfer'),
      form: { ...form, offsite_reason: '经视频巡查确认位于人行道，非机动车道' },
    });
    expect(asked.body?.toast?.type).toBe('success');
    await waitFor(() => JSON.stringify(h.card(c.statusId)).includes('approve_transfer'), 'approve on the status card');
    h.clock.advance(10 * 60_000);
    const approvedAt = h.clock.now();
    await h.emu.click({
      messageId: c.statusId,
      from: 'ou_leader_1',
      value: button(h.card(c.statusId), 'approve_transfer'),
    });
    const ga = await summonsFor(h, 'oc_dept_gongan', caseId);
    // The summons card says until when the department may still return the case.
    expect(cardText(h.card(ga.id))).toMatch(/\*\*退回异议期\*\*：[^—\n]+/);
    const view = await getCase(h, caseId);
    const gongan = view.departments.find((d) => d.id === 'gongan')!;
    // 私装地锁 resolves in 48 h: counted from the approval, not from the whistle.
    const due = new Date(gongan.resolveBy!).getTime();
    expect(due - approvedAt).toBeGreaterThanOrEqual(2 * DAY);
    expect(due - approvedAt).toBeLessThan(2 * DAY + 10_000);

    // The 移交单 in the case record, as JSON and as a CSV export.
    const slips = JSON.parse((await api(h, `/api/whistles/${caseId}/transfer-slips`)).text);
    expect(slips.slips).toEqual([
      expect.objectContaining({
        from: 'jiaotong',
        to: 'gongan',
        reason: form.transfer_reason,
        basis: form.basis,
        onSite: false,
        offsiteReason: '经视频巡查确认位于人行道，非机动车道',
        status: 'approved',
        requestedBy: 'ou_jt_1',
        decidedBy: 'ou_leader_1',
        dueBy: new Date(due).toISOString(),
        late: false,
      }),
    ]);
    const csv = await api(h, `/api/whistles/${number}/transfer-slips?format=csv`);
    expect(csv.type).toContain('text/csv');
    expect(csv.text).toContain('移交单 Slip');
    expect(csv.text).toContain('《治安管理处罚法》第二十三条');
    expect(csv.text).toContain('否：经视频巡查确认位于人行道');

    // Past the objection window (24 h without a calendar) 公安 owns the case: it cannot return it any more.
    h.clock.advance(DAY + 60_000);
    const late = await h.emu.click({
      messageId: ga.id,
      from: 'ou_ga_1',
      value: button(h.card(ga.id), 'transfer'),
      form: { dept: 'chengguan', transfer_reason: '不属本所', basis: '职责清单', offsite_reason: '未到场' },
    });
    expect(late.body?.toast?.content).toContain('异议期');
    expect(late.body?.toast?.content).toContain('街道仲裁');
  });

  it('the weekly evaluation reaches each department (own row and rank) and the leaders and district (whole table)', async () => {
    // 公安 lets its time limit pass: the transferred case is 重点督办 in the next evaluation.
    h.clock.advance(2 * DAY);
    const deps = { ...h.svc.deps, roster: () => h.roster };
    expect(await sendEvaluation(deps, 'weekly')).toBe('sent');
    expect(await sendEvaluation(deps, 'weekly')).toBe('already sent');

    const jt = cardText(h.card((await cardWith(h, 'oc_dept_jiaotong', '监督管理哨')).id));
    // 交通's approved transfer is a correct outcome: resolved, not a failure; it never had to arrive: not rated.
    expect(jt).toContain('按时解决率 100.0%（含获准移交 1）');
    expect(jt).toContain('按时响应率 未评');
    expect(jt).toContain('排名第 **1** 名（共 3 个部门）');
    expect(jt).toContain('计算口径');
    // Its own row only: no other department's figures.
    expect(jt).not.toContain('城管执法队');
    expect(jt).not.toContain('公安派出所');

    const ga = cardText(h.card((await cardWith(h, 'oc_dept_gongan', '监督管理哨')).id));
    expect(ga).toContain('排名第 **3** 名（共 3 个部门）');
    expect(ga).toContain('本部门列入督办：排名末位');
    expect(ga).toContain(`重点督办 ${escapeMarkdown(number)}：移交后时限`);
    expect(ga).not.toContain('交通支队');
    const cg = cardText(h.card((await cardWith(h, 'oc_dept_chengguan', '监督管理哨')).id));
    expect(cg).toContain('按时响应率 100.0%');
    // The refused attempt to leave is told apart from leaving early, and is not a reason for 督办.
    expect(cg).toContain('申请离场被拒 1 · 提前离场 0');
    expect(cg).not.toContain('本部门列入督办');
    // Nobody answered a call-back, the street rated nobody: 未评, never 0 %.
    expect(cg).toContain('群众满意率 未评');
    expect(cg).toContain('街道评价 未评');

    for (const chat of ['oc_p2p_leader_1', 'oc_leaders', 'oc_p2p_district_1']) {
      const whole = await cardWith(h, chat, '监督管理哨');
      const text = cardText(h.card(whole.id));
      for (const name of ['城管执法队', '交通支队', '公安派出所']) expect(text).toContain(name);
      expect(text).toContain('🔴 督办 **公安派出所**：排名末位');
      expect(text).toContain(`重点督办 ${escapeMarkdown(number)} · 公安派出所`);
      expect(JSON.stringify(h.card(whole.id))).not.toContain('"object"');
    }
    // The 督办 button on the leaders' table pushes the late department.
    const whole = await cardWith(h, 'oc_p2p_leader_1', '监督管理哨');
    const push = await h.emu.click({
      messageId: whole.id,
      from: 'ou_leader_1',
      value: button(h.card(whole.id), 'nudge'),
    });
    expect(push.body?.toast?.type).toBe('success');

    // The same fairness in the 周点评: 交通's transfer is resolved on time, refusals and departures apart.
    const weekly = cardText(await periodDigest(h.svc.deps.db, h.roster, 'weekly', h.clock.now()));
    expect(weekly).toMatch(/交通支队\*\*：召集 1 · 按时报到 — · .* · 按时办结 100%（含移交 1）/);
    expect(weekly).toMatch(/城管执法队\*\*：.* · 提前离场 0（另拒绝离场申请 1） · /);
    expect(weekly).toMatch(/交通支队\*\*：.* · 提前离场 0 · 满意率/);

    // The schedulers run it weekly and monthly in the street's zone, beside the digests.
    const schedulers = await h.svc.deps.queues.maintenance.getJobSchedulers();
    const ids = schedulers.map((s) => s.key);
    expect(ids).toEqual(expect.arrayContaining(['evaluation-weekly-sanlitun', 'evaluation-monthly-sanlitun']));
    expect(schedulers.find((s) => s.key === 'evaluation-weekly-sanlitun')?.tz).toBe('Asia/Shanghai');
  });

  it('a department objects to a figure; only the street decides; the outcome is recorded and shown', async () => {
    const card = await cardWith(h, 'oc_dept_gongan', '监督管理哨');
    const form = { metric: 'response', objection_reason: '移交当日已到场处置，未及时点报到' };
    // Another department cannot object on 公安's behalf.
    const foreign = await h.emu.click({
      messageId: card.id,
      from: 'ou_cg_1',
      value: button(h.card(card.id), 'object'),
      form,
    });
    expect(foreign.body?.toast?.content).toContain('只有公安派出所的联络人或负责人可以申诉');
    const filed = await h.emu.click({
      messageId: card.id,
      from: 'ou_ga_1',
      value: button(h.card(card.id), 'object'),
      form,
    });
    expect(filed.body?.toast?.type).toBe('success');
    expect(cardText(h.card(card.id))).toContain('待街道裁定');
    const twice = await h.emu.click({
      messageId: card.id,
      from: 'ou_ga_1',
      value: button(h.card(card.id), 'object'),
      form,
    });
    expect(twice.body?.toast?.content).toContain('已申诉');

    const ask = await cardWith(h, CMD, '提出申诉');
    expect(cardText(h.card(ask.id))).toContain('按时响应率');
    const acceptValue = button(h.card(ask.id), 'accept_objection');
    const byDept = await h.emu.click({
      messageId: ask.id,
      from: 'ou_ga_1',
      value: acceptValue,
    });
    expect(byDept.body?.toast?.content).toContain('只有街道干部或领导');
    const ok = await h.emu.click({ messageId: ask.id, from: 'ou_cadre_1', value: acceptValue });
    expect(ok.body?.toast?.type).toBe('success');
    expect(cardText(h.card(ask.id))).toContain('已采纳');
    expect(JSON.stringify(h.card(ask.id))).not.toContain('reject_objection');
    // A second tap (an old copy of the card) changes nothing.
    const again = await h.emu.click({ messageId: ask.id, from: 'ou_cadre_2', value: acceptValue });
    expect(again.body?.toast?.content).toContain('已裁定');
    await cardWith(h, 'oc_dept_gongan', '已采纳');

    // Recorded: the API shows the objection's outcome and the figure left out of 公安's row.
    const list = JSON.parse((await api(h, '/api/evaluations?period=weekly')).text);
    expect(list.items).toHaveLength(1);
    const ev = JSON.parse((await api(h, `/api/evaluations/${list.items[0].id}`)).text);
    expect(ev.objections).toEqual([
      expect.objectContaining({ dept: 'gongan', metric: 'response', status: 'accepted', decidedBy: 'ou_cadre_1' }),
    ]);
    const row = ev.departments.find((d: { dept: string }) => d.dept === 'gongan');
    expect(row.response).toBeNull();
    expect(ev.keySupervision).toEqual([expect.objectContaining({ number, dept: 'gongan', open: true })]);
    expect((await api(h, '/api/evaluations?period=daily')).status).toBe(400);
    expect((await fetch(`${h.svc.url}/api/evaluations`)).status).toBe(401);
  });
});
