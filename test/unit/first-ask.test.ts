import { describe, expect, it } from 'vitest';
import type { DeptRow } from '../../src/db/schema.js';
import { UserError } from '../../src/errors.js';
import { parseRoster } from '../../src/roster/roster-load.js';
import { firstAskCheck, objectionDeadline, windowLabel } from '../../src/transfer-slip/first-ask.js';

const bj = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const base = `
street: { id: s, name: 街道, chats: [oc_cmd] }
departments:
  - { id: a, name: 甲, chat: oc_a, contacts: [ou_a] }
`;
const calendar = `calendar: { workdays: [1, 2, 3, 4, 5], hours: "09:00-18:00", holidays: ["2027-01-01"], extra_workdays: [] }\n`;
const row = (status: string, summoned: number) => ({ dept: 'a', status, summoned_at: new Date(summoned) }) as DeptRow;
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof UserError ? err.code : String(err);
  }
  return 'accepted';
};

describe('首问协查: the objection window and the on-site check', () => {
  it('is one working day on a calendar: summoned Thursday 17:00 before a Friday holiday, it closes Monday 17:00', () => {
    const r = parseRoster(`${base + calendar}transfer: { objection_window: 1wd }\n`);
    expect(windowLabel({ unit: 'wd', n: 1 })).toEqual({ zh: '1个工作日', en: '1 working day' });
    expect(objectionDeadline(r, row('summoned', bj('2026-12-31', '17:00')))).toBe(bj('2027-01-04', '17:00'));
    const d = row('arrived', bj('2026-12-31', '17:00'));
    expect(refusal(() => firstAskCheck(r, d, {}, bj('2027-01-04', '16:59')))).toBe('accepted');
    expect(refusal(() => firstAskCheck(r, d, {}, bj('2027-01-04', '17:01')))).toBe('objection_window_passed');
  });
  it('is whatever the roster sets, and none where the roster sets none', () => {
    const plain = parseRoster(base);
    expect(objectionDeadline(plain, row('summoned', 0))).toBeUndefined();
    expect(refusal(() => firstAskCheck(plain, row('arrived', 0), {}, 30 * 86_400_000))).toBe('accepted');
    const set = parseRoster(`${base}transfer: { objection_window: 4h }\n`);
    expect(objectionDeadline(set, row('summoned', 0))).toBe(4 * 3_600_000);
    expect(() => parseRoster(`${base}transfer: { objection_window: 1wd }\n`)).toThrow(/calendar/);
  });
  it('needs 报到 first, or the reason the department could not go', () => {
    const r = parseRoster(base);
    expect(refusal(() => firstAskCheck(r, row('summoned', 0), {}, 60_000))).toBe('not_on_site');
    expect(firstAskCheck(r, row('summoned', 0), { offsite_reason: '  已电话核实  ' }, 60_000)).toEqual({
      onSite: false,
      offsiteReason: '已电话核实',
    });
    expect(firstAskCheck(r, row('arrived', 0), {}, 60_000)).toEqual({ onSite: true, offsiteReason: null });
    // A summons card posted before the field existed has only the transfer's reason: it stands as the explanation.
    expect(firstAskCheck(r, row('summoned', 0), { transfer_reason: '不属本部门' }, 60_000)).toEqual({
      onSite: false,
      offsiteReason: '不属本部门',
    });
  });
});
