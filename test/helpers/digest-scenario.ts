import { expect } from 'vitest';
import { periodDigest, periodRange } from '../../src/digest/digest.js';
import { scorecards } from '../../src/digest/digest-data.js';
import { sendDigest } from '../../src/digest/digest-jobs.js';
import { wallClock, zonedInstant } from '../../src/i18n/time.js';
import { button, cardText, type Harness, whistleCase } from './harness.js';
import { waitFor } from './wait.js';

const CMD = 'oc_street_cmd';
const MIN = 60_000;
const DAY = 86_400_000;

const summons = (h: Harness, chat: string, n: number) =>
  waitFor(
    () =>
      h
        .botCards(chat)
        .filter((m) => m.content.includes('"arrive"'))
        .at(n - 1),
    `summons ${n} in ${chat}`,
  );

/** 10:00 on the first day of the month after the instant `at`, in the roster's zone: when that month's bulletin runs. */
export function nextMonthMorning(at: number, tz: string): number {
  const w = wallClock(at, tz);
  return zonedInstant(tz, w.year, w.month + 1, 1, 10, 0);
}

/**
 * One overdue department, then the three digests read against the rows themselves. Every date is derived from the
 * harness's clock, so the scenario holds on any day it starts (month ends, year end, leap days included).
 */
export async function digestScenario(h: Harness): Promise<void> {
  const createdAt = h.clock.now();
  const s1 = (await whistleCase(h, '东四六条胡同里有人私装地锁占车位')).statusId; // 城管 lead, 交通 assist, 60 min
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
  h.clock.advance(5 * DAY); // the weekly review covers the seven days before today
  const deps = { ...h.svc.deps, roster: () => h.roster };
  expect(await sendDigest(deps, 'weekly')).toBe('sent');
  expect(await sendDigest(deps, 'weekly')).toBe('already sent');
  const range = periodRange('weekly', h.clock.now() + 7 * DAY, h.roster.timezone);
  const scores = await scorecards(h.svc.deps.db, h.roster.street.id, new Date(0), range.to);
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

  // Monthly: 响应率 = arrived / summoned over the month the case was created in, straight from the rows; the
  // bulletin names that month's first and last day in the street's zone.
  const arrived = rows.filter((r) => r.arrived_at).length;
  const bulletinAt = nextMonthMorning(createdAt, h.roster.timezone);
  const monthly = cardText(await periodDigest(h.svc.deps.db, h.roster, 'monthly', bulletinAt));
  expect(monthly).toContain(`响应率 **${((arrived / rows.length) * 100).toFixed(1)}%**`);
  const w = wallClock(createdAt, h.roster.timezone);
  const first = `${w.year}-${String(w.month).padStart(2, '0')}-01`;
  expect(monthly).toContain(`${first} 至 `);
  expect(await sendDigest(deps, 'monthly')).toBe('sent');
  await waitFor(
    () => h.botCards('oc_p2p_district_1').some((m) => cardText(JSON.parse(m.content)).includes('月通报')),
    'monthly to the district',
  );
}
