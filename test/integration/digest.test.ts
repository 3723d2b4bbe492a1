import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodDigest, periodRange } from '../../src/digest/digest.js';
import { scorecards } from '../../src/digest/digest-data.js';
import { sendDigest } from '../../src/digest/digest-jobs.js';
import { button, cardText, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const MIN = 60_000;

const whistle = async (h: Harness, text: string) => (await whistleCase(h, text)).statusId;
const summons = (h: Harness, chat: string, n: number) =>
  waitFor(
    () =>
      h
        .botCards(chat)
        .filter((m) => m.content.includes('"arrive"'))
        .at(n - 1),
    `summons ${n} in ${chat}`,
  );

describe('digests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('says so in one line when there is nothing to report', async () => {
    const { messageId } = await h.emu.say({ chatId: CMD, from: 'ou_cadre_1', text: '今日' });
    const reply = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'today');
    expect(cardText(h.card(reply.id))).toContain('今日无在办案件');
  });

  it('日碰头 lists open and overdue work per department with a 督办 button; the weekly and monthly numbers match the database', async () => {
    const s1 = await whistle(h, '东四六条胡同里有人私装地锁占车位'); // 城管 lead, 交通 assist, 60 min to arrive
    const cg = await summons(h, 'oc_dept_chengguan', 1);
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
    await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'done') });
    h.clock.advance(61 * MIN); // 交通 misses its arrival
    await waitFor(() => cardText(h.card(s1)).includes('重点督办'), 'overdue');

    const { messageId } = await h.emu.say({ chatId: CMD, from: 'ou_leader_1', text: '今日' });
    const reply = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'daily digest');
    const daily = h.card(reply.id);
    const text = cardText(daily);
    expect(text).toContain('在办 **1** 项，超时 **1** 项');
    expect(text).toContain('交通支队');
    expect(JSON.stringify(daily)).toContain('"action":"nudge"');

    // 督办 on the digest nudges the department.
    const nudge = await h.emu.click({ messageId: reply.id, from: 'ou_leader_1', value: button(daily, 'nudge') });
    expect(nudge.body?.toast?.type).toBe('success');
    await waitFor(
      () => h.botCards('oc_p2p_jt_1').some((m) => cardText(JSON.parse(m.content)).includes('催办')),
      'nudge to 交通',
    );

    // Weekly: computed in SQL; checked here against the rows themselves.
    h.clock.advance(5 * 86_400_000); // the weekly review covers the seven days before today
    expect(await sendDigest({ ...h.svc.deps, roster: () => h.roster }, 'weekly')).toBe('sent');
    expect(await sendDigest({ ...h.svc.deps, roster: () => h.roster }, 'weekly')).toBe('already sent');
    const range = periodRange('weekly', h.clock.now() + 7 * 86_400_000, h.roster.timezone);
    const scores = await scorecards(h.svc.deps.db, 'sanlitun', new Date(0), range.to);
    const rows = await h.svc.deps.db.selectFrom('case_departments').selectAll().execute();
    for (const s of scores) {
      const mine = rows.filter((r) => r.dept === s.dept);
      expect(s.summoned).toBe(mine.length);
      expect(s.arrived).toBe(mine.filter((r) => r.arrived_at).length);
      expect(s.arrivedOnTime).toBe(mine.filter((r) => r.arrived_at && !r.arrive_late).length);
      expect(s.done).toBe(mine.filter((r) => r.done_at).length);
    }
    const weekly = await waitFor(
      () => h.botCards('oc_p2p_leader_1').find((m) => cardText(JSON.parse(m.content)).includes('周点评')),
      'weekly to a leader',
    );
    expect(cardText(h.card(weekly.id))).toContain('城管执法队');
    // Monthly: 响应率 = arrived / summoned over the month, straight from the rows.
    const arrived = rows.filter((r) => r.arrived_at).length;
    const monthly = cardText(
      await periodDigest(h.svc.deps.db, h.roster, 'monthly', Date.parse('2026-12-01T02:00:00Z')),
    );
    expect(monthly).toContain(`响应率 **${((arrived / rows.length) * 100).toFixed(1)}%**`);
    expect(await sendDigest({ ...h.svc.deps, roster: () => h.roster }, 'monthly')).toBe('sent');
    await waitFor(
      () => h.botCards('oc_p2p_district_1').some((m) => cardText(JSON.parse(m.content)).includes('月通报')),
      'monthly to the district',
    );
  });
});
