import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/i18n/time.js';
import { cardText, getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);
const streetSays = (h: Harness, text: string) =>
  h.botCards('oc_street_cmd').filter((m) => cardText(h.card(m.id)).includes(text));

/** 违建 as a staged case on a working calendar with New Year's Day a holiday. */
function stagedRoster(): string {
  const text = readFileSync('config/roster.example.yaml', 'utf8')
    .replace(
      'arrive: 30m, resolve: 72h,',
      'arrive: 30m, resolve: 30wd, stages: [{ name: 认定, name_en: Establish, within: 1wd }, { name: 告知, within: 1wd }, { name: 整改, within: 3wd }, { name: 复查, within: 1wd }],',
    )
    .concat(
      '\ncalendar: { workdays: [1, 2, 3, 4, 5], hours: "09:00-18:00", holidays: ["2027-01-01"], extra_workdays: [] }\n',
    );
  return text;
}

describe('staged cases (认定 → 告知 → 整改 → 复查) on working days', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rosterYaml: stagedRoster(), start: bj(2026, 12, 31, 10, 0) }); // Thursday; Friday is a holiday
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('each stage has its own deadline across the holiday and the weekend; the street advances them; a late stage is told', async () => {
    const r = await reportCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    await tap(h, r.draftId, 'ou_cadre_1', 'confirm', { level: 'whistle', reason: '多部门' });
    const c = await getCase(h, r.caseId);
    expect(c.stage).toBe(0);
    // 1wd = 9 working hours: 8 on Thursday, none on the holiday or the weekend, 1 on Monday.
    const due = Date.parse(c.stageDue!);
    expect(due - bj(2027, 1, 4, 10)).toBeGreaterThanOrEqual(0);
    expect(due - bj(2027, 1, 4, 10)).toBeLessThan(5 * MIN);
    await waitFor(() => cardText(h.card(r.draftId)).includes('阶段：**认定**'), 'stage line');

    // Saturday: nothing is late.
    h.clock.set(bj(2027, 1, 2, 12));
    // The departments' own ladders (30-minute arrival, clock time) run out at this jump and redraw the status card
    // as they go; the district's message is the last rung.
    await waitFor(() => h.botCards('oc_p2p_district_1').length > 0, 'the departments’ escalations');
    await sleep(1_500);
    expect(streetSays(h, '阶段超时')).toHaveLength(0);

    // Monday 09:30: 认定 done, 告知 starts with a working day of its own (to Tuesday 09:30).
    h.clock.set(bj(2027, 1, 4, 9, 30));
    expect((await tap(h, r.draftId, 'ou_cadre_1', 'advance')).body?.toast?.type).toBe('success');
    const c2 = await getCase(h, r.caseId);
    expect(c2.stage).toBe(1);
    expect(Math.abs(Date.parse(c2.stageDue!) - bj(2027, 1, 5, 9, 30))).toBeLessThan(5 * MIN);
    await waitFor(() => cardText(h.card(r.draftId)).includes('认定 ✓ → **告知**'), 'stage line moved');

    // Tuesday 09:40: 告知 is late: the street and its leaders hear once.
    h.clock.set(bj(2027, 1, 5, 9, 40));
    await waitFor(() => streetSays(h, '阶段超时').length === 1, 'stage late');
    expect(cardText(h.card(streetSays(h, '阶段超时')[0]!.id))).toContain('告知');
    await waitFor(
      () => h.botCards('oc_p2p_leader_1').some((m) => cardText(h.card(m.id)).includes('阶段超时')),
      'leader told',
    );

    for (let i = 0; i < 3; i++)
      expect((await tap(h, r.draftId, 'ou_cadre_1', 'advance')).body?.toast?.type).toBe('success');
    expect((await getCase(h, r.caseId)).stage).toBe(4);
    expect(JSON.stringify(h.card(r.draftId))).not.toContain('"action":"advance"');
    const actions = (await getCase(h, r.caseId)).timeline.filter((t) => t.action === 'stage').map((t) => t.note);
    expect(actions).toEqual(['认定', '告知', '整改', '复查']);
  });
});
