import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/i18n/time.js';
import { cardText, type Harness, startHarness, tap, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const TZ = 'Asia/Shanghai';
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);
const dms = (h: Harness, user: string, number: string) =>
  h
    .botCards(`oc_p2p_${user.replace(/^ou_/, '')}`)
    .filter((m) => m.content.includes(number))
    .map((m) => cardText(h.card(m.id)));

/** The example roster with a rota for 城管: its contacts on weekdays by day, ou_cg_night every night. */
function rotaRoster(): string {
  const text = readFileSync('config/roster.example.yaml', 'utf8').replace(
    '    head: ou_cg_head\n',
    [
      '    head: ou_cg_head',
      '    duty:',
      '      - { who: [ou_cg_1, ou_cg_2], days: [1, 2, 3, 4, 5], hours: "08:30-18:00" }',
      '      - { who: [ou_cg_night], hours: "18:00-08:30" }',
      '',
    ].join('\n'),
  );
  return text;
}

describe('on-duty rota (值班表) on the service clock', () => {
  let h: Harness;
  beforeAll(async () => {
    // Monday 4 January 2027, 23:00 in Beijing: the night shift is on.
    h = await startHarness({ rosterYaml: rotaRoster(), start: bj(2027, 1, 4, 23, 0) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("a night summons and its reminder reach the night's contact, who reports in; by day the contacts get them", async () => {
    const c = await whistleCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    const summons = await waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
      'summons',
    );
    expect(summons.content).toContain('<at id=ou_cg_night></at>');
    expect(summons.content).not.toContain('<at id=ou_cg_1></at>');

    // Half of the 30-minute window: the reminder goes to the night's contact, not to the day's.
    h.clock.advance(16 * 60_000);
    await waitFor(() => dms(h, 'ou_cg_night', c.number).some((t) => t.includes('提醒')), 'night reminder');
    await sleep(500);
    expect(dms(h, 'ou_cg_1', c.number)).toHaveLength(0);
    expect(dms(h, 'ou_cg_2', c.number)).toHaveLength(0);

    // The night's contact is not a designated contact, yet may report in for the department.
    expect((await tap(h, summons.id, 'ou_cg_night', 'arrive')).body?.toast?.type).toBe('success');

    // Tuesday 10:00: a new case goes to the day shift.
    h.clock.set(bj(2027, 1, 5, 10));
    const day = await whistleCase(h, '工体北路8号楼顶有人私搭乱建，需要认定是否违建');
    const daySummons = await waitFor(
      () =>
        h.botCards('oc_dept_chengguan').find((m) => m.content.includes(day.number) && m.content.includes('"arrive"')),
      'day summons',
    );
    expect(daySummons.content).toContain('<at id=ou_cg_1></at>');
    expect(daySummons.content).not.toContain('<at id=ou_cg_night></at>');
    h.clock.advance(16 * 60_000);
    await waitFor(() => dms(h, 'ou_cg_1', day.number).some((t) => t.includes('提醒')), 'day reminder');
    expect(dms(h, 'ou_cg_night', day.number)).toHaveLength(0);
  });
});
