import { isoDay, wallClock, zonedInstant } from '../i18n/time.js';

/** The roster's `calendar:` key, validated: which days are working days and which hours of them. */
export interface CalendarSpec {
  timezone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workdays: number[];
  /** "09:00-18:00" */
  hours: string;
  /** Official holidays (YYYY-MM-DD): never working days, even on a weekday. */
  holidays: string[];
  /** Make-up working days (调休, YYYY-MM-DD): working days even on a weekend. */
  extra_workdays: string[];
}

/** A duration as the roster writes it: plain milliseconds, or working time counted on the calendar. */
export type Span = number | { unit: 'wd' | 'wh'; n: number };

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SPAN = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|wd|wh)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: HOUR, d: DAY } as const;

/** `30m`, `72h`, `3d` (clock time) or `5wd`, `8wh` (working days and hours); undefined when malformed. */
export function parseSpan(text: string): Span | undefined {
  const m = SPAN.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit === 'wd' || unit === 'wh') return { unit, n };
  return Math.round(n * UNIT_MS[unit as keyof typeof UNIT_MS]);
}

export const isWorkingSpan = (s: Span): s is { unit: 'wd' | 'wh'; n: number } => typeof s !== 'number';

/** Working days and hours of one street, from data only (no holiday service is called). Times are epoch ms;
 * day and hour boundaries are the calendar's own time zone. */
export class WorkCalendar {
  readonly #open: number;
  readonly #close: number;
  readonly #holidays: Set<string>;
  readonly #extra: Set<string>;

  constructor(readonly spec: CalendarSpec) {
    const [open, close] = spec.hours.split('-').map((hm) => {
      const [h, mi] = hm.split(':').map(Number);
      return h! * 60 + mi!;
    });
    this.#open = open!;
    this.#close = close!;
    this.#holidays = new Set(spec.holidays);
    this.#extra = new Set(spec.extra_workdays);
  }

  /** Length of one working day in ms: `1wd` is this much working time. */
  get dayLength(): number {
    return (this.#close - this.#open) * 60_000;
  }

  isWorkday(ms: number): boolean {
    const day = isoDay(ms, this.spec.timezone);
    if (this.#extra.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    const wd = wallClock(ms, this.spec.timezone).weekday || 7;
    return this.spec.workdays.includes(wd);
  }

  /** The working window [start, end) of the calendar day that contains `ms`, or undefined on a day off. */
  #window(ms: number): { start: number; end: number } | undefined {
    if (!this.isWorkday(ms)) return undefined;
    const w = wallClock(ms, this.spec.timezone);
    const at = (min: number) =>
      zonedInstant(this.spec.timezone, w.year, w.month, w.day, Math.floor(min / 60), min % 60);
    return { start: at(this.#open), end: at(this.#close) };
  }

  isWorkingTime(ms: number): boolean {
    const w = this.#window(ms);
    return w !== undefined && ms >= w.start && ms < w.end;
  }

  /** `ms` itself when it is working time, else the start of the next working window. */
  nextWorkingTime(ms: number): number {
    let t = ms;
    for (let i = 0; i < 400; i++) {
      const w = this.#window(t);
      if (w && t < w.end) return Math.max(t, w.start);
      t = this.#nextDay(t);
    }
    return ms; // a calendar with no working day in 400 days: treat every moment as working time
  }

  /** Adds working time: the instant when `workMs` of working time has passed after `from`. */
  addWorking(from: number, workMs: number): number {
    let t = this.nextWorkingTime(from);
    let left = workMs;
    for (let i = 0; i < 4000 && left > 0; i++) {
      const w = this.#window(t);
      if (!w || t >= w.end) {
        t = this.nextWorkingTime(this.#nextDay(t));
        continue;
      }
      const here = w.end - t;
      if (left <= here) return t + left;
      left -= here;
      t = this.nextWorkingTime(w.end);
    }
    return t;
  }

  /** The instant a span after `from` ends: clock time as is, `wh` and `wd` (a day's working hours) counted. */
  add(from: number, span: Span): number {
    if (!isWorkingSpan(span)) return from + span;
    const work = span.unit === 'wh' ? span.n * HOUR : span.n * this.dayLength;
    return this.addWorking(from, Math.round(work));
  }

  /** Midnight of the next calendar day, in the calendar's zone. */
  #nextDay(ms: number): number {
    const w = wallClock(ms + DAY, this.spec.timezone);
    return zonedInstant(this.spec.timezone, w.year, w.month, w.day, 0, 0);
  }
}
