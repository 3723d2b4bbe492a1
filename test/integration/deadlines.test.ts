import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const MIN = 60_000;
const dm = (h: Harness, user: string, number: string) =>
  h.botCards(`oc_p2p_${user.replace(/^ou_/, '')}`).filter((m) => m.content.includes(number));

async function whistle(h: Harness, text: string) {
  const c = await whistleCase(h, text);
  const summons = (chat: string) =>
    waitFor(
      () => h.botCards(chat).find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
      `summons in ${chat}`,
    );
  return { ...c, summons };
}

describe('deadlines, reminders and escalation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a missed arrival escalates step by step, with the urgent, and survives a restart without doubling', async () => {
    const c = await whistle(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    const cg = await c.summons('oc_dept_chengguan');

    h.clock.advance(15 * MIN + 5_000); // half of the 30-minute window
    await waitFor(() => dm(h, 'ou_cg_1', c.number).length === 1, 'reminder to the contact');
    expect(cardText(h.card(dm(h, 'ou_cg_1', c.number)[0]!.id))).toContain('提醒');
    // The outbound lanes send in parallel: the chat's copy may land just after the DM.
    await waitFor(
      () => h.botCards('oc_dept_chengguan').filter((m) => m.content.includes(c.number)).length >= 2,
      'reminder in the department chat',
    );

    h.clock.advance(15 * MIN); // past the deadline: the department head, with a Lark urgent on the summons card
    await waitFor(() => dm(h, 'ou_cg_head', c.number).length === 1, 'escalation to the head');
    await waitFor(
      () => h.emu.ws.messages.get(cg.id)!.urgent.some((u) => u.kind === 'app' && u.users.includes('ou_cg_head')),
      'urgent_app',
    );
    await waitFor(() => cardText(h.card(c.statusId)).includes('重点督办'), 'status card marked 重点督办');

    h.clock.advance(15 * MIN); // the street's leaders
    await waitFor(() => dm(h, 'ou_leader_1', c.number).length >= 1, 'escalation to the leaders');

    await h.restart();
    h.clock.advance(45 * MIN); // the district, 60 minutes after the deadline
    await waitFor(() => dm(h, 'ou_district_1', c.number).length >= 1, 'escalation to the district');
    await sleep(1_500); // the sweep runs every 500 ms: give it time to (not) double anything

    const byDept = (user: string) => dm(h, user, c.number).length;
    expect(byDept('ou_cg_head')).toBe(1);
    // The district hears once per case, one message naming every overdue department (城管, 规划, 住建).
    expect(byDept('ou_district_1')).toBe(1);
    const combined = cardText(h.card(dm(h, 'ou_district_1', c.number)[0]!.id));
    for (const name of ['城管执法队', '规划和自然资源分局', '住房和城乡建设委']) expect(combined).toContain(name);
    const res = await fetch(`${h.svc.url}/api/whistles/${c.id}`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    const body = (await res.json()) as { overdue: boolean; timeline: { action: string; dept: string; note: string }[] };
    expect(body.overdue).toBe(true);
    const steps = body.timeline.filter((t) => t.action === 'escalate' && t.dept === 'chengguan').map((t) => t.note);
    expect(steps).toEqual(['1: head', '2: leaders', '3: district']);
  });

  it('an arrival cancels the pending reminders; an extension moves the deadline', async () => {
    const c = await whistle(h, '东四六条胡同里有人私装地锁占车位');
    const cg = await c.summons('oc_dept_chengguan');
    const jt = await c.summons('oc_dept_jiaotong');
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_2', value: button(h.card(cg.id), 'arrive') });

    const ask = await h.emu.click({
      messageId: jt.id,
      from: 'ou_jt_1',
      value: button(h.card(jt.id), 'extend'),
      form: { reason: '需要调取监控', hours: '2' },
    });
    expect(ask.body?.toast?.type).toBe('success');
    await waitFor(() => JSON.stringify(h.card(c.statusId)).includes('approve_extension'), 'approval buttons');
    await h.emu.click({
      messageId: c.statusId,
      from: 'ou_leader_1',
      value: button(h.card(c.statusId), 'approve_extension'),
    });

    h.clock.advance(61 * MIN + 5_000); // past both original arrive-by deadlines (ground locks: 60 minutes)
    await sleep(1_500);
    expect(dm(h, 'ou_cg_1', c.number)).toHaveLength(0); // arrived: no reminder, no escalation
    expect(dm(h, 'ou_cg_head', c.number)).toHaveLength(0);
    expect(dm(h, 'ou_jt_head', c.number)).toHaveLength(0); // extended by two hours
    h.clock.advance(2 * 60 * MIN);
    await waitFor(() => dm(h, 'ou_jt_head', c.number).length === 1, 'escalation after the extended deadline');
  });
});
