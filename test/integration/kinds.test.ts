import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDay } from '../../src/i18n/time.js';
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

const MIN = 60_000;
const CMD = 'oc_street_cmd';

describe('应急响应哨 and 联合联动哨', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('an emergency reaches every leader and the district at once, takes a commander, logs, and closes with a review', async () => {
    const t0 = Date.now();
    const { messageId } = await h.emu.say({
      chatId: CMD,
      from: 'ou_cadre_1',
      text: '三里屯路19号院燃气管道漏气，有很大煤气味',
    });
    const status = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'the status card');
    const caseId = String(button(h.card(status.id), 'nudge').whistle);
    const c = await getCase(h, caseId);
    expect(c.kind).toBe('emergency');
    expect(c.status).toBe('whistled');

    // Every leader and every district person: a direct message naming the case, with a Lark urgent, within 5 s.
    for (const user of ['ou_leader_1', 'ou_leader_2', 'ou_district_1']) {
      const dm = await waitFor(() => dmCards(h, user, c.number!)[0], `emergency DM to ${user}`, 5_000);
      expect(cardText(h.card(dm.id))).toContain('应急响应哨');
      await waitFor(
        () => h.emu.ws.messages.get(dm.id)!.urgent.some((u) => u.kind === 'app' && u.users.includes(user)),
        `urgent_app to ${user}`,
        5_000,
      );
    }
    expect(Date.now() - t0).toBeLessThan(5_000 + 2_000);

    // Only a leader takes command.
    expect(cardText(h.card(status.id))).toContain('现场指挥');
    const cadre = await tap(h, status.id, 'ou_cadre_1', 'command');
    expect(cadre.body?.toast?.type).toBe('error');
    const took = await tap(h, status.id, 'ou_leader_1', 'command');
    expect(took.body?.toast?.type).toBe('success');
    expect((await getCase(h, caseId)).commander).toBe('ou_leader_1');
    await waitFor(() => cardText(h.card(status.id)).includes('现场指挥：'), 'the commander on the status card');

    // The commander's posts in the case thread are the command log; someone else's are not.
    await h.emu.say({
      chatId: CMD,
      from: 'ou_leader_1',
      text: '已关闭燃气总阀，疏散3号楼居民',
      rootId: status.id,
      mentionBot: false,
    });
    await h.emu.say({ chatId: CMD, from: 'ou_cadre_2', text: '收到', rootId: status.id, mentionBot: false });
    await waitFor(
      async () => (await getCase(h, caseId)).timeline.some((t) => t.action === 'command_log'),
      'command log entry',
    );

    // 公安 arrives late (12 minutes into a 10-minute window); every other department in time. All finish.
    const depts = c.departments.map((d) => {
      const info = h.roster.department(d.id)!;
      return { id: d.id, chat: info.chat, who: info.contacts[0]! };
    });
    expect(depts.map((d) => d.id)).toEqual(expect.arrayContaining(['xiaofang', 'gongan']));
    const cards = new Map<string, string>();
    for (const d of depts) cards.set(d.id, (await summonsCard(h, d.chat, caseId)).id);
    for (const d of depts.filter((x) => x.id !== 'gongan')) await tap(h, cards.get(d.id)!, d.who, 'arrive');
    h.clock.advance(12 * MIN);
    for (const d of depts.filter((x) => x.id === 'gongan')) await tap(h, cards.get(d.id)!, d.who, 'arrive');
    for (const d of depts) expect((await tap(h, cards.get(d.id)!, d.who, 'done')).body?.toast?.type).toBe('success');
    await waitFor(async () => (await getCase(h, caseId)).status === 'resolved', 'resolved');
    const before = dmCards(h, 'ou_district_1', c.number!).length;
    // The status card shows 验收 once it has caught up with the last 办结.
    await waitFor(() => JSON.stringify(h.card(status.id)).includes('"action":"accept"'), 'the accept button');
    const ok = await tap(h, status.id, 'ou_cadre_1', 'accept');
    expect(ok.body?.toast?.type).toBe('success');

    const after = await getCase(h, caseId);
    const log = after.timeline.filter((t) => t.action === 'command_log');
    expect(log.map((t) => [t.actor, t.note])).toEqual([['ou_leader_1', '已关闭燃气总阀，疏散3号楼居民']]);
    const review = after.timeline.find((t) => t.action === 'review');
    expect(review?.note).toContain('公安派出所');
    expect(review?.note).toMatch(/公安派出所：.*迟到/);
    expect(review?.note).toMatch(/消防救援站：.*按时/);
    for (const user of ['ou_leader_1', 'ou_district_1']) {
      await waitFor(
        () => dmCards(h, user, c.number!).some((m) => cardText(h.card(m.id)).includes('总结评估')),
        `review to ${user}`,
      );
    }
    expect(dmCards(h, 'ou_district_1', c.number!).length).toBe(before + 1);
  });

  it('a joint whistle schedules its coordination meeting as a calendar event and reports back to the district', async () => {
    const r = await reportCase(h, '工体北路8号院有人在院内加盖二层，需要城管、规划、住建联合处置');
    await setKind(h, r.draftId, 'ou_cadre_1', 'joint');
    await tap(h, r.draftId, 'ou_cadre_1', 'confirm');
    const c = await getCase(h, r.caseId);
    expect(c.kind).toBe('joint');
    await waitFor(
      () => dmCards(h, 'ou_district_1', c.number!).some((m) => cardText(h.card(m.id)).includes('联合联动哨')),
      'the district hears of the joint whistle',
    );

    const day = isoDay(h.clock.now() + 86_400_000, 'Asia/Shanghai');
    const bad = await tap(h, r.draftId, 'ou_cadre_1', 'meeting', { time: '随便什么时候', place: '街道三层会议室' });
    expect(bad.body?.toast?.type).toBe('error');
    const ok = await tap(h, r.draftId, 'ou_cadre_1', 'meeting', { time: `${day} 10:00`, place: '街道三层会议室' });
    expect(ok.body?.toast?.type).toBe('success');

    const ev = await waitFor(
      () => [...h.emu.api.calendar.events.values()].find((e) => e.summary.includes(c.number!)),
      'the calendar event',
    );
    const contacts = c.departments.flatMap((d) => h.roster.department(d.id)!.contacts);
    await waitFor(() => ev.attendees.length === new Set(contacts).size, 'attendees added');
    expect([...ev.attendees].sort()).toEqual([...new Set(contacts)].sort());
    expect(new Date(ev.start).toISOString()).toBe(new Date(`${day}T10:00:00+08:00`).toISOString());
    expect(ev.location?.name).toBe('街道三层会议室');
    const withMeeting = await waitFor(async () => {
      const x = await getCase(h, r.caseId);
      return x.meeting?.event_id ? x : undefined;
    }, 'the event id on the case');
    expect(withMeeting.meeting).toEqual({
      at: new Date(`${day}T10:00:00+08:00`).toISOString(),
      place: '街道三层会议室',
      event_id: ev.eventId,
    });

    // Every department does its part: the result goes back to the district.
    for (const d of c.departments) {
      const info = h.roster.department(d.id)!;
      const card = await summonsCard(h, info.chat, r.caseId);
      await tap(h, card.id, info.contacts[0]!, 'arrive');
      await tap(h, card.id, info.contacts[0]!, 'done');
    }
    await waitFor(
      () => dmCards(h, 'ou_district_1', c.number!).some((m) => cardText(h.card(m.id)).includes('办结反馈')),
      'the result fed back to the district',
    );
  });
});
