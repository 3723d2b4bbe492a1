import { describe, expect, it } from 'vitest';
import { afterActionReview } from '../../src/emergency/emergency.js';
import { zonedInstant } from '../../src/i18n/time.js';
import { parseMeetingTime } from '../../src/joint/meeting.js';
import { kindTexts } from '../../src/notices/kind-notices.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { caseState, NOW } from '../helpers/case-state.js';

const roster = loadRosterFile('config/roster.example.yaml');
const MIN = 60_000;

describe('the kinds', () => {
  it('reviews an emergency: each department arrived in time, late by how much, or never', () => {
    const s = caseState(roster, 3);
    const [a, b, c] = s.depts as [(typeof s.depts)[0], (typeof s.depts)[0], (typeof s.depts)[0]];
    for (const d of [a, b, c]) {
      d.summoned_at = new Date(NOW - 60 * MIN);
      d.arrive_by = new Date(NOW - 45 * MIN);
    }
    a.arrived_at = new Date(NOW - 50 * MIN);
    b.arrived_at = new Date(NOW - 33 * MIN);
    c.arrived_at = null;
    const r = afterActionReview(s, roster, NOW);
    const lines = r.zh.split('\n');
    expect(lines[0]).toMatch(/用时10分钟，按时/);
    expect(lines[1]).toMatch(/用时27分钟，迟到12分钟/);
    expect(lines[2]).toMatch(/未报到/);
    expect(r.en.split('\n')[1]).toMatch(/12 min late/);
  });

  it('reads a meeting time in the roster zone, with an offset, or in words', () => {
    const tz = 'Asia/Shanghai';
    expect(parseMeetingTime('2027-01-04 10:00', NOW, tz)).toBe(zonedInstant(tz, 2027, 1, 4, 10, 0));
    expect(parseMeetingTime('2027-01-04 10:00 +0800', NOW, tz)).toBe(Date.parse('2027-01-04T02:00:00Z'));
    expect(parseMeetingTime('2027-01-04T02:00Z', NOW, tz)).toBe(Date.parse('2027-01-04T02:00:00Z'));
    expect(parseMeetingTime('明天上午10点', NOW, tz)).toBeGreaterThan(NOW);
    expect(parseMeetingTime('随便', NOW, tz)).toBeUndefined();
  });

  it('never puts a street’s words into the district’s cards unescaped', () => {
    const s = caseState(roster, 1, '**加粗**<at id=all></at>[链接](http://x)');
    const t = kindTexts('consult', s, '理由 *强调* <at id=all></at>')!;
    expect(t.body.zh).not.toContain('<at id=all>');
    expect(t.body.zh).not.toContain('**加粗**');
    expect(t.body.zh).not.toContain('[链接](');
  });
});
