import { isoDay, wallClock } from '../i18n/time.js';

/** One line of a department's on-duty rota (值班表), as the roster writes it. */
export interface DutyShift {
  /** Who is on duty during this shift (open_ids). */
  who: string[];
  /** ISO weekdays (1 = Monday … 7 = Sunday) the shift starts on; every day when absent. */
  days?: number[];
  /** Calendar days (YYYY-MM-DD) the shift starts on instead of weekdays (a holiday's duty). */
  dates?: string[];
  /** "HH:MM-HH:MM" in the roster's zone; an end before the start runs past midnight into the next day. */
  hours: string;
}

const DAY = 86_400_000;

const minutes = (hm: string): number => {
  const [h, m] = hm.split(':').map(Number);
  return h! * 60 + m!;
};

/** The shift's window as minutes of its starting day: [start, end), end beyond 1440 when it crosses midnight. */
export function shiftWindow(hours: string): { start: number; end: number } {
  const [a, b] = hours.split('-') as [string, string];
  const start = minutes(a);
  const end = minutes(b);
  return { start, end: end <= start ? end + 1440 : end };
}

/** Does the shift start on the calendar day of `ms` (in `tz`)? */
function startsOn(shift: DutyShift, ms: number, tz: string): boolean {
  if (shift.dates?.length) return shift.dates.includes(isoDay(ms, tz));
  const wd = wallClock(ms, tz).weekday || 7;
  return !shift.days?.length || shift.days.includes(wd);
}

/** Who is on duty at `at`: everyone of every shift whose window covers that moment, in rota order. A night shift
 * (`18:00-09:00`) belongs to the day it starts on, so Friday's night shift still covers Saturday 08:00. Pure: the
 * caller passes the instant from the service's clock. */
export function onDuty(rota: readonly DutyShift[], at: number, tz: string): string[] {
  const now = wallClock(at, tz);
  const minuteOfDay = now.hour * 60 + now.minute;
  const out: string[] = [];
  for (const shift of rota) {
    const w = shiftWindow(shift.hours);
    // Today's shift (minutes since today's midnight), or yesterday's running past midnight (+1440).
    const today = startsOn(shift, at, tz) && minuteOfDay >= w.start && minuteOfDay < w.end;
    const yesterday = startsOn(shift, at - DAY, tz) && minuteOfDay + 1440 >= w.start && minuteOfDay + 1440 < w.end;
    if (today || yesterday) for (const u of shift.who) if (!out.includes(u)) out.push(u);
  }
  return out;
}

/** The people a department's summons and reminders go to at `at`: whoever is on duty, else its designated
 * contacts (a rota with a gap, or none at all). */
export function dutyContacts(
  dept: { contacts: string[]; duty?: readonly DutyShift[] },
  at: number,
  tz: string,
): string[] {
  const onNow = dept.duty?.length ? onDuty(dept.duty, at, tz) : [];
  return onNow.length ? onNow : dept.contacts;
}

/** Everyone a rota names: they act for the department (take the summons, report in) like its contacts. */
export function rotaPeople(rota: readonly DutyShift[] | undefined): string[] {
  return [...new Set((rota ?? []).flatMap((s) => s.who))];
}
