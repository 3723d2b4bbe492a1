import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/i18n/time.js';
import { cardText, getCase, type Harness, reportCase, startHarness, tap, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const DISTRICT = 'ou_district_1';
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);
const dmTexts = (h: Harness, user: string, number: string) =>
  h
    .botCards(`oc_p2p_${user.replace(/^ou_/, '')}`)
    .filter((m) => m.content.includes(number))
    .map((m) => cardText(h.card(m.id)));
const streetNotices = (h: Harness, title: string, mark: string) =>
  h.botCards('oc_street_cmd').filter((m) => {
    const t = cardText(h.card(m.id));
    return t.includes(title) && t.includes(mark);
  });

/** The example roster where only emergencies climb to the district on their own, drafts are to be confirmed within
 * an hour and resolved cases accepted within two. */
function keyRoster(): string {
  const text = readFileSync('config/roster.example.yaml', 'utf8').replace(
    'defaults:\n',
    'defaults:\n  confirm_within: 1h\n  accept_within: 2h\n  district_kinds: [emergency]\n',
  );
  return text;
}

describe('重点督办 as a district trigger; the street’s own steps after Redis loses its data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rosterYaml: keyRoster(), start: bj(2027, 1, 5, 9, 0) }); // Tuesday 09:00
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a case the district marks 重点督办 reaches it once when late, naming every late department; others do not', async () => {
    const marked = await whistleCase(h, '东四六条胡同里有人私装地锁占车位');
    const plain = await whistleCase(h, '东四六条胡同里又有人私装地锁占车位');
    const rows = (await getCase(h, marked.id)).departments;
    const depts = rows.map((d) => h.roster.department(d.id)!.name);
    const arriveBy = Math.max(...rows.map((d) => Date.parse(d.arriveBy!)));
    expect(depts.length).toBeGreaterThanOrEqual(2);

    // A cadre may not mark it; the district may, on the card 查询 answers in a direct message.
    await waitFor(() => JSON.stringify(h.card(marked.statusId)).includes('"action":"key"'), 'the 重点督办 button');
    expect((await tap(h, marked.statusId, 'ou_cadre_1', 'key')).body?.toast?.type).toBe('error');
    const chat = `oc_p2p_${DISTRICT.replace(/^ou_/, '')}`;
    h.emu.ws.p2pChat(DISTRICT);
    const q = await h.emu.say({ chatId: chat, from: DISTRICT, text: `查询 ${marked.number}` });
    const answer = await waitFor(() => h.botCards(chat).find((m) => m.parentId === q.messageId), 'the 查询 answer');
    expect((await tap(h, answer.id, DISTRICT, 'key')).body?.toast?.type).toBe('success');
    expect((await getCase(h, marked.id)).keySupervision).toMatchObject({ by: DISTRICT });
    await waitFor(() => cardText(h.card(marked.statusId)).includes('超时将报区级专班'), 'the mark on the status card');

    // Nobody reports in: at the deadline the district hears of the marked case, once, with both departments.
    h.clock.set(arriveBy + MIN);
    const told = await waitFor(
      () => dmTexts(h, DISTRICT, marked.number).find((t) => t.includes('已升级至区级专班督办')),
      'the district told',
    );
    for (const name of depts) expect(told).toContain(name);
    expect((await getCase(h, marked.id)).timeline.some((t) => t.note === 'key: district')).toBe(true);
    // The ladder climbs on past its district rung: still one message; the unmarked case never reaches it.
    h.clock.set(arriveBy + 2 * 60 * MIN);
    await waitFor(
      async () =>
        (await getCase(h, marked.id)).timeline.filter((t) => t.action === 'escalate' && t.note === '3: district')
          .length === depts.length,
      'the ladder’s district rung',
    );
    await sleep(1_000);
    expect(dmTexts(h, DISTRICT, marked.number).filter((t) => t.includes('已升级至区级专班督办'))).toHaveLength(1);
    expect(dmTexts(h, DISTRICT, plain.number).filter((t) => t.includes('区级专班'))).toHaveLength(0);
    expect((await getCase(h, plain.id)).timeline.some((t) => t.note === '3: district')).toBe(true);
  });

  it('after Redis is flushed, a draft not confirmed and a case not accepted are each put to the street once', async () => {
    const flush = async () => {
      const before = h.logs.filter((l) => l.includes('redis lost its data')).length;
      const r = new Redis(h.redisUrl);
      await r.flushall();
      await r.quit();
      await waitFor(
        () => h.logs.filter((l) => l.includes('redis lost its data')).length > before,
        'the service notices the loss',
      );
    };

    h.clock.set(bj(2027, 1, 6, 10, 0));
    await reportCase(h, '三里屯路19号门前有人占道经营摆摊卖水果');
    await sleep(500); // the draft card's delivery and its re-plan are done: the flush takes the planned timer
    await flush();
    h.clock.advance(61 * MIN);
    await waitFor(() => streetNotices(h, '草稿待确认', '三里屯路19号门前有人占道').length === 1, 'draft reminder');
    await sleep(1_500);
    expect(streetNotices(h, '草稿待确认', '三里屯路19号门前有人占道')).toHaveLength(1);

    h.clock.set(bj(2027, 1, 7, 10, 0));
    const r = await reportCase(h, '工体北路4号院门口有人私装地锁占车位');
    expect((await tap(h, r.draftId, 'ou_cadre_1', 'confirm', { level: 'dispatch' })).body?.toast?.type).toBe('success');
    const c = await getCase(h, r.caseId);
    const dept = h.roster.department(c.departments[0]!.id)!;
    const card = await waitFor(
      () => h.botCards(dept.chat).find((m) => m.content.includes(`"whistle":"${r.caseId}"`)),
      'the summons',
    );
    await tap(h, card.id, dept.contacts[0]!, 'arrive');
    await tap(h, card.id, dept.contacts[0]!, 'done');
    await waitFor(async () => (await getCase(h, r.caseId)).status === 'resolved', 'resolved');
    await flush();
    h.clock.advance(2 * 60 * MIN + MIN);
    await waitFor(() => streetNotices(h, '待验收超时', c.number!).length === 1, 'acceptance reminder');
    await sleep(1_500);
    expect(streetNotices(h, '待验收超时', c.number!)).toHaveLength(1);
  }, 60_000);
});
