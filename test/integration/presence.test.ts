import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const MIN = 60_000;

describe('事不完，人不走', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const api = async (id: string) =>
    (await (
      await fetch(`${h.svc.url}/api/whistles/${id}`, {
        headers: { authorization: 'Bearer test-admin-token-0123456789' },
      })
    ).json()) as {
      departments: { id: string; status: string; onSite: string[] }[];
      timeline: { action: string; dept: string | null; actor: string; ref: string | null }[];
    };

  it('leave is refused while open, asked for where allowed, released by the street; presence is checked; handover and evidence are recorded', async () => {
    const { messageId } = await h.emu.say({
      chatId: CMD,
      from: 'ou_cadre_1',
      text: '安华里5号楼地下室疑似群租，住了二十多人，电线乱拉',
    });
    const statusId = (await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'draft')).id;
    await h.emu.click({ messageId: statusId, from: 'ou_cadre_1', value: button(h.card(statusId), 'confirm') });
    const caseId = String(button(h.card(statusId), 'nudge').whistle);
    const card = (chat: string) =>
      waitFor(() => h.botCards(chat).find((m) => m.content.includes(caseId) && m.content.includes('"arrive"')), chat);
    const zj = await card('oc_dept_zhujian');
    const ga = await card('oc_dept_gongan');
    const xf = await card('oc_dept_xiaofang');
    for (const [m, who] of [
      [zj, 'ou_zj_1'],
      [ga, 'ou_ga_1'],
      [xf, 'ou_xf_1'],
    ] as const) {
      await h.emu.click({ messageId: m.id, from: who, value: button(h.card(m.id), 'arrive') });
    }

    // 消防 may not leave before its part is done: refused with the reason, and the refusal is on the record.
    const refused = await h.emu.click({ messageId: xf.id, from: 'ou_xf_1', value: button(h.card(xf.id), 'leave') });
    expect(refused.body?.toast?.type).toBe('error');
    expect(refused.body?.toast?.content).toContain('事不完，人不走');
    expect(refused.body?.toast?.i18n?.en_us).toContain('cannot leave');
    expect((await api(caseId)).timeline.some((t) => t.action === 'leave_refused' && t.dept === 'xiaofang')).toBe(true);

    // 住建's roster allows leave requests: denied once, then approved.
    const asked = await h.emu.click({ messageId: zj.id, from: 'ou_zj_1', value: button(h.card(zj.id), 'leave') });
    expect(asked.body?.toast?.type).toBe('info');
    await waitFor(() => JSON.stringify(h.card(statusId)).includes('deny_leave'), 'leave request on the status card');
    const firstRequest = button(h.card(statusId), 'deny_leave');
    await h.emu.click({ messageId: statusId, from: 'ou_cadre_2', value: firstRequest });
    expect((await api(caseId)).departments.find((d) => d.id === 'zhujian')?.status).toBe('arrived');
    await waitFor(
      () => h.botCards('oc_dept_zhujian').some((m) => cardText(JSON.parse(m.content)).includes('不同意离场')),
      'denial told to 住建',
    );
    await h.emu.click({ messageId: zj.id, from: 'ou_zj_head', value: button(h.card(zj.id), 'leave') });
    // The second request's buttons (a late patch may briefly show the first one again; the worker then corrects it).
    await waitFor(
      () =>
        JSON.stringify(h.card(statusId)).includes('approve_leave') &&
        button(h.card(statusId), 'approve_leave').req !== firstRequest.req,
      'second request',
    );
    await h.emu.click({ messageId: statusId, from: 'ou_leader_1', value: button(h.card(statusId), 'approve_leave') });
    expect((await api(caseId)).departments.find((d) => d.id === 'zhujian')?.status).toBe('released');

    // The street releases 公安 with a reason.
    const noReason = await h.emu.click({
      messageId: statusId,
      from: 'ou_cadre_1',
      value: button(h.card(statusId), 'release'),
      form: { dept: 'gongan' },
    });
    expect(noReason.body?.toast?.type).toBe('error');
    await h.emu.click({
      messageId: statusId,
      from: 'ou_cadre_1',
      value: button(h.card(statusId), 'release'),
      form: { dept: 'gongan', reason: '治安部分已处理' },
    });
    const after = await api(caseId);
    expect(after.departments.find((d) => d.id === 'gongan')?.status).toBe('released');
    expect(after.departments.find((d) => d.id === 'gongan')?.onSite).toEqual([]);

    // On-site time on the status card.
    h.clock.advance(30 * MIN);
    await h.emu.click({
      messageId: xf.id,
      from: 'ou_xf_1',
      value: button(h.card(xf.id), 'progress'),
      form: { note: '已切断私拉电线' },
    });
    await waitFor(
      () => cardText(h.card(statusId)).includes('<at id=ou_xf_1></at> 30分钟'),
      'on-site time on the status card',
    );

    // Presence check answered...
    h.clock.advance(31 * MIN);
    const check = await waitFor(
      () => h.botCards('oc_p2p_xf_1').find((m) => cardText(JSON.parse(m.content)).includes('在场确认')),
      'presence check',
    );
    const ok = await h.emu.click({
      messageId: check.id,
      from: 'ou_xf_1',
      value: button(h.card(check.id), 'presence_ok'),
    });
    expect(ok.body?.toast?.type).toBe('success');
    // ...and missed: the street is told and the status card shows it.
    h.clock.advance(61 * MIN);
    await waitFor(
      () => h.botCards('oc_p2p_xf_1').filter((m) => cardText(JSON.parse(m.content)).includes('在场确认')).length === 2,
      'second check',
    );
    h.clock.advance(11 * MIN);
    await waitFor(
      () => h.botCards(CMD).some((m) => cardText(JSON.parse(m.content)).includes('未确认在场')),
      'missed presence told to the street',
    );
    await waitFor(() => cardText(h.card(statusId)).includes('未确认在场'), 'status card shows the missed check');

    // Handover to another contact of the same department: the department stays.
    await h.emu.click({
      messageId: xf.id,
      from: 'ou_xf_1',
      value: button(h.card(xf.id), 'handover'),
      form: { user: 'ou_xf_2' },
    });
    const handed = await api(caseId);
    expect(handed.departments.find((d) => d.id === 'xiaofang')).toMatchObject({
      status: 'arrived',
      onSite: ['ou_xf_2'],
    });
    expect(handed.timeline.some((t) => t.action === 'handover')).toBe(true);

    // Evidence: a location in the department card's thread.
    const { messageId: loc } = await h.emu.say({
      chatId: 'oc_dept_xiaofang',
      from: 'ou_xf_2',
      text: '',
      rootId: xf.id,
      messageType: 'location',
      content: { name: '安华里5号楼', latitude: '39.97', longitude: '116.41' },
    });
    await waitFor(() => cardText(h.card(statusId)).includes('现场证据 1 条'), 'evidence on the status card');
    expect((await api(caseId)).timeline.find((t) => t.action === 'evidence')?.ref).toBe(loc);
  });
});
