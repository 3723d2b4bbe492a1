import * as chrono from 'chrono-node';
import { wallClock, zonedInstant } from '../i18n/time.js';

const parser = chrono.zh.hans;

/** Finds a deadline such as 今天下午5点前, 明早9点, 30分钟内, 两小时内 or 周五前 and returns it as an instant in
 * the roster's time zone; undefined when the text names none (the category's default applies). */
export function parseDeadline(text: string, now: number, tz: string): number | undefined {
  // chrono reads wall-clock fields in the process's zone: give it "now" as the zone's wall clock in UTC fields,
  // then read its answer back as that zone's wall clock.
  const w = wallClock(now, tz);
  const shifted = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute));
  const results = parser.parse(text, shifted, { forwardDate: true });
  for (const r of results) {
    // "晚上十点后" describes when something happens, and "夜间" names no time: neither is a deadline.
    const next = text.slice(r.index + r.text.length, r.index + r.text.length + 2);
    if (next.startsWith('后') || next.startsWith('以后')) continue;
    if (!/[0-9一二两三四五六七八九十半]|今|明|后天|周|星期|礼拜/.test(r.text)) continue;
    const d = r.start.date();
    const shiftedTarget = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes());
    const relative = /^(?:内|之内|以内)/.test(next) || /内$/.test(r.text);
    const at =
      relative && !r.start.isCertain('day')
        ? now + (shiftedTarget - shifted.getTime())
        : zonedInstant(tz, d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes());
    if (at > now) return at;
  }
  return undefined;
}
