import { describe, expect, it } from 'vitest';
import { type DutyShift, dutyContacts, onDuty } from '../../src/duty/rota.js';
import { zonedInstant } from '../../src/i18n/time.js';
import { parseRoster } from '../../src/roster/roster-load.js';

const TZ = 'Asia/Shanghai';
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => zonedInstant(TZ, y, mo, d, h, mi);

// Monday 4 January 2027 … Sunday 10 January 2027.
const rota: DutyShift[] = [
  { who: ['ou_day'], days: [1, 2, 3, 4, 5], hours: '08:30-18:00' },
  { who: ['ou_night'], days: [1, 2, 3, 4, 5], hours: '18:00-08:30' },
  { who: ['ou_weekend'], days: [6, 7], hours: '00:00-24:00' },
  { who: ['ou_holiday'], dates: ['2027-01-01'], hours: '08:00-20:00' },
];

describe('on-duty rota (值班表)', () => {
  it('hands each moment to its shift, a night shift running past midnight into the next day', () => {
    expect(onDuty(rota, bj(2027, 1, 4, 10), TZ)).toEqual(['ou_day']);
    expect(onDuty(rota, bj(2027, 1, 4, 8, 29), TZ)).toEqual([]); // Monday before 08:30: Sunday has no night shift
    expect(onDuty(rota, bj(2027, 1, 4, 23), TZ)).toEqual(['ou_night']);
    expect(onDuty(rota, bj(2027, 1, 5, 3), TZ)).toEqual(['ou_night']); // Monday's night shift at 03:00 Tuesday
    expect(onDuty(rota, bj(2027, 1, 5, 8, 30), TZ)).toEqual(['ou_day']); // the hand-over minute belongs to the day
    // Friday night's shift still runs on Saturday morning, beside the weekend's.
    expect(onDuty(rota, bj(2027, 1, 9, 7), TZ)).toEqual(['ou_night', 'ou_weekend']);
    expect(onDuty(rota, bj(2027, 1, 9, 12), TZ)).toEqual(['ou_weekend']);
    // A dated shift covers its day (New Year's Day, a Friday: the weekday shift runs too).
    expect(onDuty(rota, bj(2027, 1, 1, 12), TZ)).toEqual(['ou_day', 'ou_holiday']);
    expect(onDuty(rota, bj(2027, 1, 2, 12), TZ)).toEqual(['ou_weekend']);
  });

  it('falls back to the designated contacts where the rota has a gap or there is none', () => {
    const dept = { contacts: ['ou_c1', 'ou_c2'], duty: rota };
    expect(dutyContacts(dept, bj(2027, 1, 4, 8), TZ)).toEqual(['ou_c1', 'ou_c2']);
    expect(dutyContacts(dept, bj(2027, 1, 4, 22), TZ)).toEqual(['ou_night']);
    expect(dutyContacts({ contacts: ['ou_c1'] }, bj(2027, 1, 4, 22), TZ)).toEqual(['ou_c1']);
  });

  it('the roster accepts a rota, lets its people act for the department, and refuses a malformed shift by line', () => {
    const base = (duty: string) => `
street: { id: s, name: 街道, chats: [oc_cmd], cadres: [ou_cadre] }
departments:
  - id: cg
    name: 城管
    chat: oc_cg
    contacts: [ou_c1]
    duty:
${duty}
`;
    const r = parseRoster(base('      - { who: [ou_night], hours: "18:00-08:00" }'), 'r.yaml');
    expect(r.isContact('ou_night', 'cg')).toBe(true);
    expect(r.actsFor('ou_other', 'cg')).toBe(false);
    expect(r.dutyContacts('cg', bj(2027, 1, 4, 23))).toEqual(['ou_night']);
    expect(r.dutyContacts('cg', bj(2027, 1, 4, 12))).toEqual(['ou_c1']);
    expect(r.people()).toContain('ou_night');
    expect(() => parseRoster(base('      - { who: [ou_night], hours: "18:00-18:00" }'), 'r.yaml')).toThrow(
      /r\.yaml:9: must not start and end at the same time/,
    );
    expect(() => parseRoster(base('      - { who: [], hours: "18:00-08:00" }'), 'r.yaml')).toThrow(
      /r\.yaml:9: names at least one person on duty/,
    );
  });
});
