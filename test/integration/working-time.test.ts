import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/i18n/time.js';
import { cardText, getCase, type Harness, startHarness, tap, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const TZ = 'Asia/Shanghai';
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);
const dmText = (h: Harness, user: string, number: string) =>
  h
    .botCards(`oc_p2p_${user.replace(/^ou_/, '')}`)
    .filter((m) => m.content.includes(number))
    .map((m) => cardText(h.card(m.id)));

/** The example roster with a working calendar (New Year's Day a holiday) and 违建 declared in working time. */
function workingRoster(): string {
  const text = readFileSync('config/roster.example.yaml', 'utf8')
    .replace(/(id: illegal-construction,[^\n]*?)arrive: 30m, resolve: 72h/, '$1arrive: 2wh, resolve: 2wd')
    .concat(
      '\ncalendar: { workdays: [1, 2, 3, 4, 5], hours: "09:00-18:00", holidays: ["2027-01-01"], extra_workdays: [] }\n',
    );
  return text;
}

describe('working time on the service clock', () => {
  let h: Harness;
  beforeAll(async () => {
    // Thursday 31 December 2026, 17:00 in Beijing: New Year's Day (a Friday) and the weekend follow.
    h = await startHarness({ rosterYaml: workingRoster(), start: bj(2026, 12, 31, 17, 0) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('deadlines in wd/wh skip the holiday and the weekend; presence checks wait for working hours and stop when the department is done', async () => {
    const c = await whistleCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    const lead = (await getCase(h, c.id)).departments.find((d) => d.id === 'chengguan')!;
    // 2wh: one hour on Thursday, one on Monday. 2wd = 18 working hours: 1 Thursday, 9 Monday, 8 Tuesday.
    // (The virtual clock ran on while the service started: allow a few minutes of it.)
    expect(Date.parse(lead.arriveBy!) - bj(2027, 1, 4, 10)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(lead.arriveBy!) - bj(2027, 1, 4, 10)).toBeLessThan(5 * 60_000);
    expect(Date.parse(lead.resolveBy!) - bj(2027, 1, 5, 17)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(lead.resolveBy!) - bj(2027, 1, 5, 17)).toBeLessThan(5 * 60_000);

    const cg = await waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
      'summons',
    );
    h.clock.advance(30 * 60_000); // 17:30 Thursday: on site
    expect((await tap(h, cg.id, 'ou_cg_1', 'arrive')).body?.toast?.type).toBe('success');

    // Over the holiday and the weekend: no presence check, and nobody escalated (the deadlines are on Monday).
    h.clock.set(bj(2027, 1, 3, 12));
    await sleep(2_000);
    expect(dmText(h, 'ou_cg_1', c.number).filter((t) => t.includes('在场确认'))).toHaveLength(0);
    expect(dmText(h, 'ou_gh_head', c.number)).toHaveLength(0);

    // Monday 09:05: the check that fell due on Thursday evening is asked now.
    h.clock.set(bj(2027, 1, 4, 9, 5));
    await waitFor(
      () => dmText(h, 'ou_cg_1', c.number).some((t) => t.includes('在场确认')),
      'presence check on Monday morning',
    );
    // Monday 10:00 + a minute: 规划 has not arrived within its two working hours.
    h.clock.set(bj(2027, 1, 4, 10, 6));
    await waitFor(() => dmText(h, 'ou_gh_head', c.number).length === 1, 'escalation after the working-hours deadline');

    // 城管 finishes and leaves the site: no check follows.
    expect((await tap(h, cg.id, 'ou_cg_1', 'done')).body?.toast?.type).toBe('success');
    const leave = { v: 1, action: 'leave', whistle: c.id, dept: 'chengguan', card: 'dept' };
    expect((await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: leave })).body?.toast?.type).toBe('success');
    const asked = dmText(h, 'ou_cg_1', c.number).filter((t) => t.includes('在场确认')).length;
    h.clock.set(bj(2027, 1, 4, 15));
    await sleep(2_000);
    expect(dmText(h, 'ou_cg_1', c.number).filter((t) => t.includes('在场确认')).length).toBe(asked);
    expect((await getCase(h, c.id)).departments.find((d) => d.id === 'chengguan')!.onSite).toEqual([]);
  });
});
