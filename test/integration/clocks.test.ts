import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/i18n/time.js';
import { cardText, getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);
const ADMIN = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };
const dms = (h: Harness, user: string, number: string) =>
  h
    .botCards(`oc_p2p_${user.replace(/^ou_/, '')}`)
    .filter((m) => m.content.includes(number))
    .map((m) => cardText(h.card(m.id)));
const streetNotices = (h: Harness, text: string) =>
  h.botCards('oc_street_cmd').filter((m) => cardText(h.card(m.id)).includes(text));
const summons = (h: Harness, chat: string, caseId: string) =>
  waitFor(
    () =>
      h
        .botCards(chat)
        .filter((m) => m.content.includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"'))
        .at(-1),
    `summons in ${chat}`,
  );

/** The example roster on a working calendar, with 签收 within one working hour, 联系 within two, one extension of
 * at most 48 hours, drafts confirmed within an hour and resolved cases accepted within a working day. */
function clockRoster(): string {
  const text = readFileSync('config/roster.example.yaml', 'utf8')
    .replace(
      'defaults:\n',
      'defaults:\n  sign: 1wh\n  contact: 2wh\n  extensions: 1\n  extension_max: 48h\n  confirm_within: 1h\n  accept_within: 1wd\n  district_kinds: [emergency, joint]\n',
    )
    .concat('\ncalendar: { workdays: [1, 2, 3, 4, 5], hours: "09:00-18:00", holidays: [], extra_workdays: [] }\n');
  return text;
}

describe('clocks people are judged by (签收, 联系, extensions, the street’s steps, bounces)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rosterYaml: clockRoster(), start: bj(2027, 1, 4, 9, 0) }); // Monday 09:00
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the lead acknowledges (签收) and contacts the reporter (联系) on its own clocks; extensions are capped', async () => {
    const res = await fetch(`${h.svc.url}/api/whistles`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        text: '市民反映工体北路4号院门口有人私装地锁占车位',
        source: '12345',
        ref: 'GD-CLOCK-1',
        resident: { name: '张三', phone: '13812345678' },
      }),
    });
    const { id } = (await res.json()) as { id: string };
    const draft = await waitFor(
      () => h.botCards('oc_street_cmd').find((m) => m.content.includes(`"whistle":"${id}"`)),
      'draft',
    );
    expect((await tap(h, draft.id, 'ou_cadre_1', 'confirm', { level: 'dispatch' })).body?.toast?.type).toBe('success');
    const number = (await getCase(h, id)).number!;
    const cg = await summons(h, 'oc_dept_chengguan', id);
    const text = cardText(h.card(cg.id));
    expect(text).toContain('签收时限');
    expect(text).toContain('联系诉求人时限');

    expect((await tap(h, cg.id, 'ou_cg_1', 'sign')).body?.toast?.type).toBe('success');
    expect(cardText(h.card(cg.id))).toContain('已签收');

    // Two working hours pass without a call to the reporter: the department and the street hear of it.
    h.clock.advance(2 * 60 * MIN + MIN);
    await waitFor(() => dms(h, 'ou_cg_1', number).some((t) => t.includes('未按时联系诉求人')), 'contact late');
    await waitFor(() => streetNotices(h, '未按时联系诉求人').length === 1, 'street told');
    // Acknowledged in time: nobody hears about 签收.
    expect(dms(h, 'ou_cg_head', number).filter((t) => t.includes('未按时签收'))).toHaveLength(0);
    expect((await tap(h, cg.id, 'ou_cg_1', 'contact')).body?.toast?.type).toBe('success');
    const timeline = (await getCase(h, id)).timeline.map((t) => t.action);
    expect(timeline).toEqual(expect.arrayContaining(['sign', 'contact_late', 'contact']));

    // One extension of at most 48 hours: a longer one and a second one are refused with the reason.
    const long = await tap(h, cg.id, 'ou_cg_1', 'extend', { reason: '需要调取监控', hours: '49' });
    expect(long.body?.toast?.type).toBe('error');
    expect(JSON.stringify(long.body)).toContain('48 小时');
    expect((await tap(h, cg.id, 'ou_cg_1', 'extend', { reason: '需要调取监控', hours: '24' })).body?.toast?.type).toBe(
      'success',
    );
    await waitFor(() => JSON.stringify(h.card(draft.id)).includes('approve_extension'), 'approval buttons');
    expect((await tap(h, draft.id, 'ou_leader_1', 'approve_extension')).body?.toast?.type).toBe('success');
    const second = await tap(h, cg.id, 'ou_cg_1', 'extend', { reason: '还要再等', hours: '2' });
    expect(second.body?.toast?.type).toBe('error');
    expect(JSON.stringify(second.body)).toContain('延期已达上限');
  });

  it('a department that neither acknowledges nor arrives in time: its head hears; one that arrives needs no 签收', async () => {
    h.clock.set(bj(2027, 1, 5, 9, 0)); // Tuesday 09:00
    const r = await reportCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    expect(
      (await tap(h, r.draftId, 'ou_cadre_1', 'confirm', { level: 'whistle', reason: '多部门' })).body?.toast?.type,
    ).toBe('success');
    const number = (await getCase(h, r.caseId)).number!;
    const cg = await summons(h, 'oc_dept_chengguan', r.caseId);
    expect((await tap(h, cg.id, 'ou_cg_1', 'arrive')).body?.toast?.type).toBe('success');
    expect(JSON.stringify(h.card(cg.id))).not.toContain('"action":"sign"');
    h.clock.advance(61 * MIN);
    await waitFor(() => dms(h, 'ou_gh_head', number).some((t) => t.includes('未按时签收')), 'sign late to the head');
    await sleep(500);
    expect(dms(h, 'ou_cg_head', number).filter((t) => t.includes('未按时签收'))).toHaveLength(0);

    // The ladder's district rung passes (90 minutes late), but the roster sends only emergencies and joint
    // whistles to the district: the leaders hear, the district does not.
    h.clock.advance(35 * MIN);
    await waitFor(
      async () =>
        (await getCase(h, r.caseId)).timeline.some((t) => t.action === 'escalate' && t.note === '3: district'),
      'district rung',
    );
    expect(dms(h, 'ou_leader_1', number).some((t) => t.includes('升级督办'))).toBe(true);
    expect(dms(h, 'ou_district_1', number)).toHaveLength(0);
  });

  it('a draft left unconfirmed past the roster’s limit is put to the street once', async () => {
    h.clock.set(bj(2027, 1, 6, 10, 0));
    const r = await reportCase(h, '三里屯路19号门前有人占道经营摆摊');
    h.clock.advance(61 * MIN);
    await waitFor(() => streetNotices(h, '草稿待确认').length === 1, 'draft reminder');
    h.clock.advance(120 * MIN);
    await sleep(1_000);
    expect(streetNotices(h, '草稿待确认')).toHaveLength(1);
    expect((await getCase(h, r.caseId)).timeline.some((t) => t.action === 'street_late')).toBe(true);
    // The daily huddle counts it among the street's own overdue steps.
    const { dailyDigest } = await import('../../src/digest/digest.js');
    const huddle = cardText(await dailyDigest(h.svc.deps.db, h.roster, h.clock.now()));
    expect(huddle).toContain('草稿超时未确认 **1** 件');
  });

  it('a dispatch sent back three times rises to a street whistle on its own, and the leaders hear of it', async () => {
    h.clock.set(bj(2027, 1, 7, 9, 0));
    const r = await reportCase(h, '治国胡同47号院有人私搭乱建，需要认定是否违建');
    expect((await tap(h, r.draftId, 'ou_cadre_1', 'confirm', { level: 'dispatch' })).body?.toast?.type).toBe('success');
    const number = (await getCase(h, r.caseId)).number!;
    const seen = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      const cg = await waitFor(
        () =>
          h
            .botCards('oc_dept_chengguan')
            .find(
              (m) => m.content.includes(`"whistle":"${r.caseId}"`) && m.content.includes('"arrive"') && !seen.has(m.id),
            ),
        `summons ${round}`,
      );
      seen.add(cg.id);
      await tap(h, cg.id, 'ou_cg_1', 'arrive');
      await tap(h, cg.id, 'ou_cg_1', 'done');
      await waitFor(() => JSON.stringify(h.card(r.draftId)).includes('"action":"reject"'), 'reject on the card');
      expect(
        (await tap(h, r.draftId, 'ou_cadre_1', 'reject', { accept_reason: `第${round}次：未拆除` })).body?.toast?.type,
      ).toBe('success');
      const c = await getCase(h, r.caseId);
      expect(c.level).toBe(round < 3 ? 'dispatch' : 'whistle');
    }
    const c = await getCase(h, r.caseId);
    expect(c.departments.find((d) => d.id === 'guihua')?.status).toBe('summoned');
    await summons(h, 'oc_dept_guihua', r.caseId);
    await waitFor(() => dms(h, 'ou_leader_1', number).some((t) => t.includes('自动升级')), 'leaders told');
  });
  it('挂账: only with a reason and a review date; the clocks stand still until the review date, then move on', async () => {
    h.clock.set(bj(2027, 1, 8, 9, 0)); // Friday 09:00
    const r = await reportCase(h, '东四六条胡同里有人私装地锁占车位');
    await tap(h, r.draftId, 'ou_cadre_1', 'confirm', { level: 'dispatch' });
    const c0 = await getCase(h, r.caseId);
    const arriveBy = Date.parse(c0.departments[0]!.arriveBy!);
    await waitFor(() => JSON.stringify(h.card(r.draftId)).includes('"action":"shelve"'), 'shelve on the card');
    const noDate = await tap(h, r.draftId, 'ou_cadre_1', 'shelve', { reason: '等待法院裁定' });
    expect(noDate.body?.toast?.type).toBe('error');
    const shelved = await tap(h, r.draftId, 'ou_cadre_1', 'shelve', { reason: '等待法院裁定', deadline: '2027-01-11' });
    expect(shelved.body?.toast?.type).toBe('success');
    expect((await getCase(h, r.caseId)).shelved).toMatchObject({ reason: '等待法院裁定', by: 'ou_cadre_1' });
    expect(cardText(h.card(r.draftId))).toContain('已挂账');

    // Over the weekend nobody is reminded or escalated, though the arrival deadline passed on Friday.
    h.clock.set(bj(2027, 1, 9, 12, 0));
    await sleep(1_500);
    expect(dms(h, 'ou_cg_head', c0.number!)).toHaveLength(0);
    expect(dms(h, 'ou_cg_1', c0.number!)).toHaveLength(0);

    // Monday 09:00, the review date: the street is told, and the deadline moved on by the time the case stood.
    h.clock.set(bj(2027, 1, 11, 9, 1));
    await waitFor(() => streetNotices(h, '挂账到期复核').some((m) => m.content.includes(c0.number!)), 'review');
    const c1 = await getCase(h, r.caseId);
    expect(c1.shelved).toBeNull();
    const moved = Date.parse(c1.departments[0]!.arriveBy!) - arriveBy;
    expect(moved).toBeGreaterThan(bj(2027, 1, 11, 9, 0) - bj(2027, 1, 8, 9, 5));
    expect(moved).toBeLessThan(bj(2027, 1, 11, 9, 5) - bj(2027, 1, 8, 9, 0));
  });
});
