export interface Bi {
  zh: string;
  en: string;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function parts(ms: number, tz: string) {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    fmtCache.set(tz, f);
  }
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) o[p.type] = p.value;
  return { y: o.year!, mo: o.month!, d: o.day!, h: o.hour!, mi: o.minute!, wd: o.weekday! };
}

/** The calendar day in a time zone, as YYYYMMDD (case numbers, digests). */
export function dayKey(ms: number, tz: string): string {
  const p = parts(ms, tz);
  return `${p.y}${p.mo}${p.d}`;
}

/** Wall-clock fields of an instant in a time zone. */
export function wallClock(
  ms: number,
  tz: string,
): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const p = parts(ms, tz);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.wd);
  return { year: +p.y, month: +p.mo, day: +p.d, hour: +p.h, minute: +p.mi, weekday };
}

/** "2026-11-30": the calendar day of an instant in a time zone. */
export function isoDay(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** "2026-11-30 09:05": the calendar day and minute of an instant in a time zone (archives, ledgers). */
export function isoMinute(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${isoDay(ms, tz)} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** The instant of a wall-clock time in a time zone (no DST in Asia/Shanghai, but computed generally). */
export function zonedInstant(tz: string, y: number, mo: number, d: number, h: number, mi: number): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const w = wallClock(guess, tz);
  const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - guess;
  return guess - offset;
}

/** "14:05" today, "11月24日 09:00" another day; English alongside. */
export function formatTime(ms: number, tz: string, now: number): Bi {
  const p = parts(ms, tz);
  const hm = `${p.h}:${p.mi}`;
  if (dayKey(ms, tz) === dayKey(now, tz)) return { zh: hm, en: hm };
  return { zh: `${+p.mo}月${+p.d}日 ${hm}`, en: `${p.y}-${p.mo}-${p.d} ${hm}` };
}

export function formatDuration(ms: number): Bi {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return { zh: `${min}分钟`, en: `${min} min` };
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 48) return { zh: m ? `${h}小时${m}分钟` : `${h}小时`, en: m ? `${h} h ${m} min` : `${h} h` };
  const d = Math.floor(h / 24);
  const rh = h % 24;
  return { zh: rh ? `${d}天${rh}小时` : `${d}天`, en: rh ? `${d} d ${rh} h` : `${d} d` };
}

/** A deadline with what is left: "11月24日 09:00（剩余3小时）" or "…（已超时25分钟）". */
export function formatDeadline(deadline: number, tz: string, now: number): Bi {
  const t = formatTime(deadline, tz, now);
  const left = deadline - now;
  const d = formatDuration(Math.abs(left));
  return left >= 0
    ? { zh: `${t.zh}（剩余${d.zh}）`, en: `${t.en} (${d.en} left)` }
    : { zh: `${t.zh}（已超时${d.zh}）`, en: `${t.en} (${d.en} overdue)` };
}
