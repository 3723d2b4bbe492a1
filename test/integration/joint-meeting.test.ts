import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/i18n/time.js';
import {
  button,
  cardText,
  dmCards,
  getCase,
  type Harness,
  reportCase,
  setKind,
  startHarness,
  summonsCard,
  tap,
} from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);

describe('联合联动哨: attendance at the coordination meeting, and the result fed back to the district', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ start: bj(2027, 1, 4, 9, 0) }); // Monday 09:00
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('到会 during the meeting counts as 报到; an accepted invitation alone does not; the district hears every task', async () => {
    const r = await reportCase(h, '工体北路8号院有人在院内加盖二层，需要城管、规划、住建联合处置');
    await setKind(h, r.draftId, 'ou_cadre_1', 'joint');
    await tap(h, r.draftId, 'ou_cadre_1', 'confirm');
    const c = await getCase(h, r.caseId);
    expect(c.kind).toBe('joint');
    expect(c.departments.length).toBeGreaterThanOrEqual(2);
    const depts = c.departments.map((d) => {
      const info = h.roster.department(d.id)!;
      return { id: d.id, name: info.name, chat: info.chat, who: info.contacts[0]! };
    });
    const [first, second, ...rest] = depts as [(typeof depts)[0], (typeof depts)[0], ...typeof depts];

    // The lead's task, then the meeting at 09:50 (a one-hour calendar event).
    const task = await tap(h, r.draftId, 'ou_cadre_1', 'set_task', {
      dept: first.id,
      note: '认定违建并下达限期拆除通知',
      deadline: '2027-01-08 18:00',
    });
    expect(task.body?.toast?.type).toBe('success');
    const met = await tap(h, r.draftId, 'ou_cadre_1', 'meeting', { time: '2027-01-04 09:50', place: '街道三层会议室' });
    expect(met.body?.toast?.type).toBe('success');
    const ev = await waitFor(
      () => [...h.emu.api.calendar.events.values()].find((e) => e.summary.includes(c.number!)),
      'the calendar event',
    );
    await waitFor(() => ev.rsvp.size > 0 && ev.rsvp.has(second.who), 'attendees invited');
    // Lark keeps only each attendee's answer to the invitation: the second department's contact accepts it.
    expect(ev.rsvp.get(second.who)).toBe('needs_action');
    h.emu.api.calendar.reply(ev.eventId, second.who, 'accept');

    // The first department's summons card offers 到会, but only from half an hour before the meeting.
    const card1 = await summonsCard(h, first.chat, r.caseId);
    await waitFor(() => JSON.stringify(h.card(card1.id)).includes('"action":"attend"'), 'the 到会 button');
    expect(cardText(h.card(card1.id))).toContain('协调会');
    const early = await tap(h, card1.id, first.who, 'attend');
    expect(early.body?.toast?.type).toBe('error');
    expect(JSON.stringify(early.body)).toContain('会前 30 分钟');
    // Someone of another department may not check the first one in.
    expect((await tap(h, card1.id, second.who, 'attend')).body?.toast?.type).toBe('error');

    h.clock.set(bj(2027, 1, 4, 9, 25));
    const attendValue = button(h.card(card1.id), 'attend');
    const ok = await tap(h, card1.id, first.who, 'attend');
    expect(ok.body?.toast?.type).toBe('success');
    const after = await getCase(h, r.caseId);
    const row = after.departments.find((d) => d.id === first.id)!;
    expect(row.status).toBe('arrived');
    // Arrived at the tap (the clock runs on from 09:25 while the test works).
    expect(Date.parse(row.arrivedAt!) - bj(2027, 1, 4, 9, 25)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(row.arrivedAt!) - bj(2027, 1, 4, 9, 25)).toBeLessThan(MIN);
    expect(after.timeline.filter((t) => t.action === 'attend' && t.dept === first.id)).toHaveLength(1);
    await waitFor(() => cardText(h.card(r.draftId)).includes('到会 '), 'attendance on the status card');
    // The button is gone; a second tap on an older copy of the card is "already done".
    await waitFor(() => !JSON.stringify(h.card(card1.id)).includes('"action":"attend"'), 'the 到会 button gone');
    const again = await h.emu.click({ messageId: card1.id, from: first.who, value: attendValue });
    expect(JSON.stringify(again.body)).toContain('已到会');

    // The others report in on site without coming to the meeting (the second accepted the invitation in Lark).
    for (const d of [second, ...rest]) {
      const card = await summonsCard(h, d.chat, r.caseId);
      expect((await tap(h, card.id, d.who, 'arrive')).body?.toast?.type).toBe('success');
    }

    // After the meeting: 到会 is closed, and the second department shows as having missed it.
    h.clock.set(bj(2027, 1, 4, 10, 55));
    const card2 = await summonsCard(h, second.chat, r.caseId);
    const late = await tap(h, card2.id, second.who, 'attend');
    expect(late.body?.toast?.type).toBe('error');
    expect(JSON.stringify(late.body)).toContain('协调会已结束');

    // Every department does its part: the district hears the result, one line per department.
    for (const d of depts) {
      const card = await summonsCard(h, d.chat, r.caseId);
      expect((await tap(h, card.id, d.who, 'done')).body?.toast?.type).toBe('success');
    }
    const report = await waitFor(
      () => dmCards(h, 'ou_district_1', c.number!).find((m) => cardText(h.card(m.id)).includes('办结反馈')),
      'the result fed back to the district',
    );
    const text = cardText(h.card(report.id));
    expect(text).toContain(`${first.name}：任务：认定违建并下达限期拆除通知；时限 `);
    expect(text).toMatch(new RegExp(`${first.name}：.*办结；到会 `));
    expect(text).toMatch(new RegExp(`${second.name}：未分派任务；时限 .*办结；未到会`));
    expect(
      dmCards(h, 'ou_district_1', c.number!).filter((m) => cardText(h.card(m.id)).includes('办结反馈')),
    ).toHaveLength(1);
  });
});
