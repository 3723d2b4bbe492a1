import { describe, expect, it } from 'vitest';
import { parseSpan, WorkCalendar } from '../../src/calendar/working-time.js';
import { zonedInstant } from '../../src/i18n/time.js';
import { parseRoster } from '../../src/roster/roster-load.js';

const TZ = 'Asia/Shanghai';
/** Beijing wall-clock time as an instant. */
const bj = (day: string, hm = '00:00') => {
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  return zonedInstant(TZ, y!, mo!, d!, h!, mi!);
};
const cal = new WorkCalendar({
  timezone: TZ,
  workdays: [1, 2, 3, 4, 5],
  hours: '09:00-18:00',
  holidays: ['2027-01-01', '2027-02-10', '2027-02-11', '2027-02-12'],
  extra_workdays: ['2027-02-07'],
});

describe('working time', () => {
  it('reads clock and working durations', () => {
    expect(parseSpan('90s')).toBe(90_000);
    expect(parseSpan('2d')).toBe(2 * 86_400_000);
    expect(parseSpan('5wd')).toEqual({ unit: 'wd', n: 5 });
    expect(parseSpan('1.5wh')).toEqual({ unit: 'wh', n: 1.5 });
    expect(parseSpan('5 working days')).toBeUndefined();
  });

  it('knows weekends, holidays and make-up working days', () => {
    expect(cal.isWorkday(bj('2026-12-31', '12:00'))).toBe(true); // Thursday
    expect(cal.isWorkday(bj('2027-01-01', '12:00'))).toBe(false); // New Year, a Friday
    expect(cal.isWorkday(bj('2027-01-02', '12:00'))).toBe(false); // Saturday
    expect(cal.isWorkday(bj('2027-02-07', '12:00'))).toBe(true); // a Sunday worked instead (调休)
    expect(cal.isWorkingTime(bj('2027-01-04', '08:59'))).toBe(false);
    expect(cal.isWorkingTime(bj('2027-01-04', '09:00'))).toBe(true);
    expect(cal.isWorkingTime(bj('2027-01-04', '18:00'))).toBe(false);
  });

  it('counts working days across a holiday and a weekend', () => {
    // Thursday 10:00 + 2 working days: Friday is New Year, then the weekend; Monday is one, Tuesday 10:00 two.
    expect(cal.add(bj('2026-12-31', '10:00'), { unit: 'wd', n: 2 })).toBe(bj('2027-01-05', '10:00'));
    // Reported on the holiday itself: the count starts Monday 09:00.
    expect(cal.add(bj('2027-01-01', '15:00'), { unit: 'wd', n: 1 })).toBe(bj('2027-01-04', '18:00'));
  });

  it('counts working hours into the next working day, and over a make-up Sunday', () => {
    expect(cal.add(bj('2027-01-04', '17:00'), { unit: 'wh', n: 3 })).toBe(bj('2027-01-05', '11:00'));
    // Friday 2027-02-05 16:00 + 4 wh: two hours on Friday, Saturday off, Sunday 02-07 is worked: 11:00.
    expect(cal.add(bj('2027-02-05', '16:00'), { unit: 'wh', n: 4 })).toBe(bj('2027-02-07', '11:00'));
    // Tuesday 2027-02-09 17:00 + 2 wh: the Spring Festival holidays (Wed–Fri) and the weekend are skipped.
    expect(cal.add(bj('2027-02-09', '17:00'), { unit: 'wh', n: 2 })).toBe(bj('2027-02-15', '10:00'));
    // Clock durations stay clock time.
    expect(cal.add(bj('2027-01-01', '10:00'), 3_600_000)).toBe(bj('2027-01-01', '11:00'));
  });

  it('gives the next working moment for checks that wait for working hours', () => {
    expect(cal.nextWorkingTime(bj('2027-01-04', '20:00'))).toBe(bj('2027-01-05', '09:00'));
    expect(cal.nextWorkingTime(bj('2027-01-04', '10:30'))).toBe(bj('2027-01-04', '10:30'));
    expect(cal.nextWorkingTime(bj('2026-12-31', '19:00'))).toBe(bj('2027-01-04', '09:00'));
  });

  it('is declared in the roster, and deadlines declared in wd use it', () => {
    const r = parseRoster(`
street: { id: s, name: 街道, chats: [oc_cmd] }
departments:
  - { id: a, name: 甲, chat: oc_a, contacts: [ou_a] }
categories:
  - { id: c1, name: 类, lead: a, arrive: 2wh, resolve: 2wd }
calendar: { workdays: [1, 2, 3, 4, 5], hours: "09:00-18:00", holidays: ["2027-01-01"], extra_workdays: [] }
`);
    const d = r.deadlines('c1', 'assemble', bj('2026-12-31', '17:00'));
    expect(d.arriveBy).toBe(bj('2027-01-04', '10:00'));
    expect(d.resolveBy).toBe(bj('2027-01-05', '17:00'));
  });
});
